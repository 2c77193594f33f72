package org.dmabufspec.conformance.kernel;

import com.sun.jna.Native;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/** {@code include/uapi/linux/dma-buf.h}: the ioctls on a dma-buf fd. */
public interface DmaBufH {
    int DMA_BUF_SYNC_READ = 1 << 0;
    int DMA_BUF_SYNC_WRITE = 2 << 0;
    int DMA_BUF_SYNC_RW = DMA_BUF_SYNC_READ | DMA_BUF_SYNC_WRITE;
    int DMA_BUF_SYNC_START = 0 << 2;
    int DMA_BUF_SYNC_END = 1 << 2;
    /** Flags outside this mask, or with neither READ nor WRITE, are EINVAL. */
    int DMA_BUF_SYNC_VALID_FLAGS_MASK = DMA_BUF_SYNC_RW | DMA_BUF_SYNC_END;

    /** Longest name, with its terminating NUL, that {@link #DMA_BUF_SET_NAME} accepts. */
    int DMA_BUF_NAME_LEN = 32;

    int DMA_BUF_BASE = 'b';
    /** {@code _IOW(DMA_BUF_BASE, 0, struct dma_buf_sync)} = 0x40086200. */
    long DMA_BUF_IOCTL_SYNC = Ioctl._IOW(DMA_BUF_BASE, 0, dma_buf_sync.SIZE);
    /** {@code _IOW(DMA_BUF_BASE, 1, const char *)}: the size is a pointer's (8 on 64-bit), 0x40086201. */
    long DMA_BUF_SET_NAME = Ioctl._IOW(DMA_BUF_BASE, 1, Native.POINTER_SIZE);
    /** {@code _IOW(DMA_BUF_BASE, 1, __u32)} = 0x40046201: the argument is still a pointer. */
    long DMA_BUF_SET_NAME_A = Ioctl._IOW(DMA_BUF_BASE, 1, 4);
    /** {@code _IOW(DMA_BUF_BASE, 1, __u64)} = 0x40086201. */
    long DMA_BUF_SET_NAME_B = Ioctl._IOW(DMA_BUF_BASE, 1, 8);
    /** {@code _IOWR(DMA_BUF_BASE, 2, struct dma_buf_export_sync_file)} = 0xC0086202. */
    long DMA_BUF_IOCTL_EXPORT_SYNC_FILE = Ioctl._IOWR(DMA_BUF_BASE, 2, dma_buf_export_sync_file.SIZE);
    /** {@code _IOW(DMA_BUF_BASE, 3, struct dma_buf_import_sync_file)} = 0x40086203. */
    long DMA_BUF_IOCTL_IMPORT_SYNC_FILE = Ioctl._IOW(DMA_BUF_BASE, 3, dma_buf_import_sync_file.SIZE);

    /** {@code struct dma_buf_sync}: brackets CPU access to an mmap of the buffer. */
    @FieldOrder({"flags"})
    class dma_buf_sync extends Structure {
        public static final int SIZE = 8;
        /** {@code __u64}: START or END, with READ, WRITE or RW */
        public long flags;
    }

    /** {@code struct dma_buf_export_sync_file}. */
    @FieldOrder({"flags", "fd"})
    class dma_buf_export_sync_file extends Structure {
        public static final int SIZE = 8;
        /** {@code __u32}: DMA_BUF_SYNC_READ / WRITE */
        public int flags;
        /** {@code __s32}: out, the sync_file fd */
        public int fd;
    }

    /** {@code struct dma_buf_import_sync_file}. */
    @FieldOrder({"flags", "fd"})
    class dma_buf_import_sync_file extends Structure {
        public static final int SIZE = 8;
        /** {@code __u32} */
        public int flags;
        /** {@code __s32}: the sync_file fd */
        public int fd;
    }
}
