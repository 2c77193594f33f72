package org.dmabufspec.conformance.kernel;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code include/uapi/linux/dma-heap.h}: allocating a dma-buf from a heap such as
 * {@code /dev/dma_heap/system}.
 */
public interface DmaHeapH {
    /** {@code fd_flags} a caller may pass: {@code O_CLOEXEC | O_ACCMODE}. */
    int DMA_HEAP_VALID_FD_FLAGS = LibC.O_CLOEXEC | LibC.O_ACCMODE;
    /** No heap flags are defined: any non-zero {@code heap_flags} is EINVAL. */
    long DMA_HEAP_VALID_HEAP_FLAGS = 0;

    int DMA_HEAP_IOC_MAGIC = 'H';
    /** {@code _IOWR(DMA_HEAP_IOC_MAGIC, 0x0, struct dma_heap_allocation_data)} = 0xC0184800. */
    long DMA_HEAP_IOCTL_ALLOC = Ioctl._IOWR(DMA_HEAP_IOC_MAGIC, 0x0, dma_heap_allocation_data.SIZE);

    /** {@code struct dma_heap_allocation_data}. */
    @FieldOrder({"len", "fd", "fd_flags", "heap_flags"})
    class dma_heap_allocation_data extends Structure {
        public static final int SIZE = 24;
        /** {@code __u64}: bytes, rounded up to a page; 0 is EINVAL */
        public long len;
        /** {@code __u32}: out, the new dma-buf fd; must be 0 on input */
        public int fd;
        /** {@code __u32}: within {@link #DMA_HEAP_VALID_FD_FLAGS} */
        public int fd_flags;
        /** {@code __u64}: must be 0 */
        public long heap_flags;
    }
}
