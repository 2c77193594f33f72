package org.dmabufspec.reference;

/**
 * The spec's outcome strings for a call that succeeded. A failed call's outcome is its
 * {@link Errno} name instead.
 */
public enum Outcome {
  /** The call succeeded and returns nothing but {@code ret} (often 0). */
  OK("ok"),
  /** A new file descriptor; {@code ret} is its number. */
  FD("fd"),
  /** {@code dma_buf_map_attachment} returned the exporter's sg_table. */
  SG_TABLE("sg_table"),
  /** {@code dma_buf_map_attachment} is waiting for a migration (an event, never a result). */
  STALLED("stalled"),
  /** {@code dma_buf_attach} returned the attachment. */
  ATTACHMENT("attachment"),
  /** {@code dma_buf_kmap} / {@code dma_buf_kmap_atomic} returned a kernel pointer. */
  PTR("ptr"),
  /** {@code dma_buf_vmap} returned a kernel virtual address. */
  ADDR("addr");

  private final String spec;

  Outcome(String spec) {
    this.spec = spec;
  }

  /** The spec's spelling, e.g. {@code "sg_table"}. */
  public String spec() {
    return spec;
  }

  /**
   * The outcome spelled {@code spec}.
   *
   * @throws IllegalArgumentException when no outcome has that spelling
   */
  public static Outcome fromSpec(String spec) {
    for (Outcome o : values()) {
      if (o.spec.equals(spec)) {
        return o;
      }
    }
    throw new IllegalArgumentException("no outcome spelled '" + spec + "'");
  }
}
