package org.dmabufspec.reference;

/**
 * A reference count was used after it reached zero, or released more often than retained:
 * the kernel's refcount_t would saturate and WARN ("refcount_t: underflow; use-after-free").
 */
public final class IllegalReferenceCountException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final int count;
  private final int delta;

  IllegalReferenceCountException(int count, int delta) {
    super("refcount: " + count + (delta >= 0 ? " + " + delta : " - " + (-delta))
        + (count == 0 ? " (use after free)" : " (underflow)"));
    this.count = count;
    this.delta = delta;
  }

  /** The count when the misuse happened. */
  public int count() {
    return count;
  }

  /** The attempted change: positive for retain, negative for release. */
  public int delta() {
    return delta;
  }
}
