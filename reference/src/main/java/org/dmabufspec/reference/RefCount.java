package org.dmabufspec.reference;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A reference count with one contract (after Netty's {@code ReferenceCounted}): it starts at 1
 * for the creator's reference, {@link #retain()} adds a reference, {@link #release()} drops one
 * and returns true exactly when that was the last one (the object is now to be freed), and any
 * use after the count reached zero throws {@link IllegalReferenceCountException}.
 *
 * <p>It is the dma-buf file's {@code f_count}: fds, kernel references and mappings each hold one.
 * Thread-safe and lock-free.
 */
public final class RefCount {
  private final AtomicInteger count = new AtomicInteger(1);

  /** The current count; 0 once released. */
  public int refCnt() {
    return count.get();
  }

  /**
   * Adds one reference (get_file).
   *
   * @throws IllegalReferenceCountException when the count already reached zero
   */
  public RefCount retain() {
    return retain(1);
  }

  /**
   * Adds {@code increment} references.
   *
   * @throws IllegalArgumentException when {@code increment} is not positive
   * @throws IllegalReferenceCountException when the count already reached zero or would overflow
   */
  public RefCount retain(int increment) {
    if (increment <= 0) {
      throw new IllegalArgumentException("increment must be positive: " + increment);
    }
    while (true) {
      int cur = count.get();
      if (cur <= 0 || cur + increment < cur) {
        throw new IllegalReferenceCountException(cur, increment);
      }
      if (count.compareAndSet(cur, cur + increment)) {
        return this;
      }
    }
  }

  /**
   * Drops one reference (fput).
   *
   * @return true exactly when this dropped the last reference
   * @throws IllegalReferenceCountException when no reference is left to drop
   */
  public boolean release() {
    return release(1);
  }

  /**
   * Drops {@code decrement} references.
   *
   * @return true exactly when this dropped the last reference
   * @throws IllegalArgumentException when {@code decrement} is not positive
   * @throws IllegalReferenceCountException when fewer than {@code decrement} references are left
   */
  public boolean release(int decrement) {
    if (decrement <= 0) {
      throw new IllegalArgumentException("decrement must be positive: " + decrement);
    }
    while (true) {
      int cur = count.get();
      if (cur < decrement) {
        throw new IllegalReferenceCountException(cur, -decrement);
      }
      if (count.compareAndSet(cur, cur - decrement)) {
        return cur == decrement;
      }
    }
  }

  @Override
  public String toString() {
    return "RefCount(" + count.get() + ")";
  }
}
