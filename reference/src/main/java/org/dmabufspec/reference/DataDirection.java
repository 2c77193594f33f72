package org.dmabufspec.reference;

/**
 * {@code enum dma_data_direction} ({@code include/linux/dma-direction.h}), with the kernel's
 * values. The spec spells each one by its C name ({@link #spec()}); the spec's {@code "none"}
 * (nothing mapped, no window) is not a direction.
 */
public enum DataDirection {
  DMA_BIDIRECTIONAL(0),
  DMA_TO_DEVICE(1),
  DMA_FROM_DEVICE(2),
  DMA_NONE(3);

  private final int value;

  DataDirection(int value) {
    this.value = value;
  }

  /** The C enum value. */
  public int value() {
    return value;
  }

  /** The spec's spelling, e.g. {@code "DMA_TO_DEVICE"}. */
  public String spec() {
    return name();
  }

  /**
   * The direction spelled {@code spec}.
   *
   * @throws IllegalArgumentException for any other string (including the spec's "none")
   */
  public static DataDirection fromSpec(String spec) {
    return valueOf(spec);
  }
}
