package org.dmabufspec.reference;

import java.util.Objects;
import java.util.Optional;

/**
 * What a dma-buf call returns: a value with the spec's outcome and {@code ret}, or an
 * {@link Errno}. Everything the kernel answers with an errno is a {@link Err}, never a Java
 * exception.
 *
 * @param <T> the Java value of a successful call (the sg_table, the attachment, the fd ...)
 */
public sealed interface Result<T> permits Result.Ok, Result.Err {

  /** A successful call: the spec's outcome, its {@code ret}, and the Java value. */
  static <T> Result<T> ok(Outcome outcome, long ret, T value) {
    return new Ok<>(outcome, ret, value);
  }

  /** A successful call with outcome {@code "ok"} and {@code ret} 0. */
  static <T> Result<T> ok(T value) {
    return new Ok<>(Outcome.OK, 0, value);
  }

  /** A failed call. */
  static <T> Result<T> fail(Errno errno) {
    return new Err<>(errno);
  }

  /** True when the call succeeded. */
  boolean isOk();

  /** The spec's outcome string: {@code "ok"}, {@code "fd"}, ... or the errno's name. */
  String outcome();

  /** The spec's {@code ret}: the fd number, the llseek offset, 0 otherwise (and on errors). */
  long ret();

  /**
   * The Java value of a successful call.
   *
   * @throws IllegalStateException when the call failed
   */
  T value();

  /** The errno of a failed call, empty on success. */
  Optional<Errno> error();

  /** True when the call failed with {@code errno}. */
  default boolean failedWith(Errno errno) {
    return error().filter(errno::equals).isPresent();
  }

  /** This failure retyped, for passing an errno on. */
  @SuppressWarnings("unchecked")
  default <U> Result<U> castError() {
    if (isOk()) {
      throw new IllegalStateException("not an error: " + this);
    }
    return (Result<U>) this;
  }

  /** A successful call. */
  record Ok<T>(Outcome kind, long ret, T value) implements Result<T> {
    public Ok {
      Objects.requireNonNull(kind, "kind");
    }

    @Override
    public boolean isOk() {
      return true;
    }

    @Override
    public String outcome() {
      return kind.spec();
    }

    @Override
    public Optional<Errno> error() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return kind.spec() + "(" + ret + ")";
    }
  }

  /** A call that failed with an errno. */
  record Err<T>(Errno errno) implements Result<T> {
    public Err {
      Objects.requireNonNull(errno, "errno");
    }

    @Override
    public boolean isOk() {
      return false;
    }

    @Override
    public String outcome() {
      return errno.spec();
    }

    @Override
    public long ret() {
      return 0;
    }

    @Override
    public T value() {
      throw new IllegalStateException("the call failed with " + errno);
    }

    @Override
    public Optional<Errno> error() {
      return Optional.of(errno);
    }

    @Override
    public String toString() {
      return errno.spec();
    }
  }
}
