package org.dmabufspec.reference;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The errno values the reference implementation returns, spelled and numbered as in
 * {@code include/uapi/asm-generic/errno-base.h} and {@code errno.h} (x86_64). The constant's
 * name is the spec's outcome string ({@link #spec()}).
 */
public enum Errno {
  EPERM(1),
  ENOENT(2),
  EINTR(4),
  ENXIO(6),
  EBADF(9),
  EAGAIN(11),
  ENOMEM(12),
  EACCES(13),
  EFAULT(14),
  EBUSY(16),
  EEXIST(17),
  ENODEV(19),
  EINVAL(22),
  ENFILE(23),
  EMFILE(24),
  ENOTTY(25),
  ENOSPC(28),
  ESPIPE(29),
  ERANGE(34),
  ENOSYS(38),
  EOVERFLOW(75);

  private static final Map<Integer, Errno> BY_NUMBER =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Errno::number, Function.identity()));

  private final int number;

  Errno(int number) {
    this.number = number;
  }

  /** The positive errno number; the kernel returns its negation. */
  public int number() {
    return number;
  }

  /** The spelling used as the spec's outcome, e.g. {@code "EBADF"}. */
  public String spec() {
    return name();
  }

  /** The errno with this number, if this enum knows it. */
  public static Optional<Errno> fromNumber(int number) {
    return Optional.ofNullable(BY_NUMBER.get(Math.abs(number)));
  }

  /**
   * The errno spelled {@code name}.
   *
   * @throws IllegalArgumentException when no errno has that name
   */
  public static Errno fromSpec(String name) {
    return valueOf(name);
  }
}
