package org.dmabufspec.reference;

/**
 * A kind of backing storage an exporter can allocate (the spec's {@code Storages}). Devices
 * differ in what they can reach by DMA: that is their constraint ({@link Device#accepts()}).
 */
public enum StorageKind {
  /** Scattered system pages: fine for a device behind an IOMMU or one that does scatter-gather. */
  SYSTEM("sys"),
  /** Physically contiguous memory (CMA): what a device without an IOMMU needs. */
  CONTIGUOUS("contig");

  private final String spec;

  StorageKind(String spec) {
    this.spec = spec;
  }

  /** The spec's spelling: {@code "sys"} or {@code "contig"}. */
  public String spec() {
    return spec;
  }

  /**
   * The kind spelled {@code spec}.
   *
   * @throws IllegalArgumentException for any other string
   */
  public static StorageKind fromSpec(String spec) {
    for (StorageKind k : values()) {
      if (k.spec.equals(spec)) {
        return k;
      }
    }
    throw new IllegalArgumentException("no storage kind spelled '" + spec + "'");
  }
}
