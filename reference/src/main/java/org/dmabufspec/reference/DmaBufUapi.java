package org.dmabufspec.reference;

/**
 * Constants of {@code include/uapi/linux/dma-buf.h} that the reference checks: the
 * {@code struct dma_buf_sync} flags and the ioctl numbers (x86_64). A static check recomputes
 * each ioctl number from {@code _IOW} and reports the offending value.
 */
public final class DmaBufUapi {
  /** {@code DMA_BUF_SYNC_READ}: the CPU will read. */
  public static final long DMA_BUF_SYNC_READ = 1L;
  /** {@code DMA_BUF_SYNC_WRITE}: the CPU will write. */
  public static final long DMA_BUF_SYNC_WRITE = 2L;
  /** {@code DMA_BUF_SYNC_RW}: read and write. */
  public static final long DMA_BUF_SYNC_RW = DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE;
  /** {@code DMA_BUF_SYNC_START}: begin CPU access (the absence of END). */
  public static final long DMA_BUF_SYNC_START = 0L;
  /** {@code DMA_BUF_SYNC_END}: end CPU access. */
  public static final long DMA_BUF_SYNC_END = 4L;
  /** {@code DMA_BUF_SYNC_VALID_FLAGS_MASK}: every flag the ioctl accepts. */
  public static final long DMA_BUF_SYNC_VALID_FLAGS_MASK = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;

  /** {@code DMA_BUF_NAME_LEN}: a name, with its NUL, fits in this many bytes. */
  public static final int DMA_BUF_NAME_LEN = 32;

  /** {@code DMA_BUF_IOCTL_SYNC = _IOW('b', 0, struct dma_buf_sync)}. */
  public static final int DMA_BUF_IOCTL_SYNC = 0x40086200;
  /** {@code DMA_BUF_SET_NAME = _IOW('b', 1, const char *)}. */
  public static final int DMA_BUF_SET_NAME = 0x40086201;

  static {
    check("DMA_BUF_IOCTL_SYNC", DMA_BUF_IOCTL_SYNC, iow('b', 0, 8));
    check("DMA_BUF_SET_NAME", DMA_BUF_SET_NAME, iow('b', 1, 8));
  }

  private DmaBufUapi() {}

  /**
   * dma_buf_ioctl's check of {@code struct dma_buf_sync.flags}: READ and/or WRITE, optionally
   * END, nothing else (DmaBufBase's {@code SyncFlagsValid}: 1, 2, 3, 5, 6, 7).
   */
  public static boolean syncFlagsValid(long flags) {
    return (flags & ~DMA_BUF_SYNC_VALID_FLAGS_MASK) == 0 && (flags & DMA_BUF_SYNC_RW) != 0;
  }

  /** {@code _IOW(type, nr, size)} of {@code include/uapi/asm-generic/ioctl.h}. */
  static int iow(char type, int nr, int size) {
    final int write = 1;
    return (write << 30) | (size << 16) | (type << 8) | nr;
  }

  private static void check(String name, int declared, int computed) {
    if (declared != computed) {
      throw new ExceptionInInitializerError(name + " is 0x" + Integer.toHexString(declared)
          + " but _IOW gives 0x" + Integer.toHexString(computed));
    }
  }
}
