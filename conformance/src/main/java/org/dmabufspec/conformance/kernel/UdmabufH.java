package org.dmabufspec.conformance.kernel;

import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code include/uapi/linux/udmabuf.h}: turning pages of a sealed memfd into a dma-buf
 * through {@code /dev/udmabuf}. The memfd must be shmem or hugetlb, sealed with
 * {@code F_SEAL_SHRINK} and not with {@code F_SEAL_WRITE}; offset and size page-aligned.
 */
public interface UdmabufH {
    /** Install the new dma-buf fd with {@code O_CLOEXEC}. */
    int UDMABUF_FLAGS_CLOEXEC = 0x01;

    /** {@code _IOW('u', 0x42, struct udmabuf_create)} = 0x40187542. */
    long UDMABUF_CREATE = Ioctl._IOW('u', 0x42, udmabuf_create.SIZE);
    /** {@code _IOW('u', 0x43, struct udmabuf_create_list)} = 0x40087543. */
    long UDMABUF_CREATE_LIST = Ioctl._IOW('u', 0x43, udmabuf_create_list.SIZE);

    /** {@code struct udmabuf_create}: one range of one memfd. */
    @FieldOrder({"memfd", "flags", "offset", "size"})
    class udmabuf_create extends Structure {
        public static final int SIZE = 24;
        /** {@code __u32} */
        public int memfd;
        /** {@code __u32}: {@link #UDMABUF_FLAGS_CLOEXEC} */
        public int flags;
        /** {@code __u64} */
        public long offset;
        /** {@code __u64} */
        public long size;
    }

    /** {@code struct udmabuf_create_item}: one element of {@code udmabuf_create_list.list[]}. */
    @FieldOrder({"memfd", "__pad", "offset", "size"})
    class udmabuf_create_item extends Structure {
        public static final int SIZE = 24;
        /** {@code __u32} */
        public int memfd;
        /** {@code __u32} */
        public int __pad;
        /** {@code __u64} */
        public long offset;
        /** {@code __u64} */
        public long size;
    }

    /** {@code struct udmabuf_create_list} without its flexible array {@code list[]}. */
    @FieldOrder({"flags", "count"})
    class udmabuf_create_list extends Structure {
        public static final int SIZE = 8;
        /** {@code __u32} */
        public int flags;
        /** {@code __u32}: number of items that follow */
        public int count;
    }
}
