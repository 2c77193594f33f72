package org.dmabufspec.reference;

/**
 * Which kernel the reference behaves like (DmaBufBase's {@code Profile} and what each offers).
 * KERNEL-ABI.md: llseek since 3.12, the dma-buf ioctls since 4.x, kmap gone after 5.4, SET_NAME's
 * EBUSY while attached on 5.x only.
 */
public enum KernelProfile {
  /** Before 3.12: kmap, no llseek (ESPIPE), no ioctls. */
  PRE312("pre312"),
  /** The guide's kernel (3.12 to 4.x): kmap and llseek, no ioctls. */
  SEED("seed"),
  /** 5.x: ioctls, SET_NAME refuses while attached, no kmap. */
  V5("v5"),
  /** 6.x: ioctls, SET_NAME always allowed, no kmap. */
  MODERN("modern");

  private final String spec;

  KernelProfile(String spec) {
    this.spec = spec;
  }

  /** The spec's spelling: "pre312", "seed", "v5" or "modern". */
  public String spec() {
    return spec;
  }

  /** {@code HasKmap}: dma_buf_kmap and dma_buf_kmap_atomic exist. */
  public boolean hasKmap() {
    return this == PRE312 || this == SEED;
  }

  /** {@code HasLlseek}: dma_buf_llseek exists (else ESPIPE). */
  public boolean hasLlseek() {
    return this != PRE312;
  }

  /** {@code HasIoctls}: DMA_BUF_IOCTL_SYNC and DMA_BUF_SET_NAME exist (else ENOTTY). */
  public boolean hasIoctls() {
    return this == V5 || this == MODERN;
  }

  /** {@code SetNameBusyWhenAttached}: DMA_BUF_SET_NAME fails with EBUSY while attached. */
  public boolean setNameBusyWhenAttached() {
    return this == V5;
  }

  /**
   * The profile spelled {@code spec}.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static KernelProfile fromSpec(String spec) {
    for (KernelProfile p : values()) {
      if (p.spec.equals(spec)) {
        return p;
      }
    }
    throw new IllegalArgumentException("no kernel profile spelled '" + spec + "'");
  }
}
