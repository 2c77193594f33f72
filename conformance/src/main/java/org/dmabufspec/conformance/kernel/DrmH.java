package org.dmabufspec.conformance.kernel;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code include/uapi/drm/drm.h}, the part an importer needs: PRIME import of a dma-buf fd into
 * a GEM handle (which attaches the importing device) and closing that handle (which detaches).
 */
public interface DrmH {
    int DRM_RDWR = LibC.O_RDWR;
    int DRM_CLOEXEC = LibC.O_CLOEXEC;

    int DRM_IOCTL_BASE = 'd';
    /** {@code DRM_IOWR(0x00, struct drm_version)} = 0xC0406400. */
    long DRM_IOCTL_VERSION = Ioctl._IOWR(DRM_IOCTL_BASE, 0x00, drm_version.SIZE);
    /** {@code DRM_IOW(0x09, struct drm_gem_close)} = 0x40086409. */
    long DRM_IOCTL_GEM_CLOSE = Ioctl._IOW(DRM_IOCTL_BASE, 0x09, drm_gem_close.SIZE);
    /** {@code DRM_IOWR(0x2d, struct drm_prime_handle)} = 0xC00C642D. */
    long DRM_IOCTL_PRIME_HANDLE_TO_FD = Ioctl._IOWR(DRM_IOCTL_BASE, 0x2d, drm_prime_handle.SIZE);
    /** {@code DRM_IOWR(0x2e, struct drm_prime_handle)} = 0xC00C642E. */
    long DRM_IOCTL_PRIME_FD_TO_HANDLE = Ioctl._IOWR(DRM_IOCTL_BASE, 0x2e, drm_prime_handle.SIZE);

    /** {@code struct drm_prime_handle}. */
    @FieldOrder({"handle", "flags", "fd"})
    class drm_prime_handle extends Structure {
        public static final int SIZE = 12;
        /** {@code __u32}: out for FD_TO_HANDLE */
        public int handle;
        /** {@code __u32}: {@link #DRM_CLOEXEC} / {@link #DRM_RDWR}, only for HANDLE_TO_FD */
        public int flags;
        /** {@code __s32}: the dma-buf fd */
        public int fd;
    }

    /** {@code struct drm_gem_close}. */
    @FieldOrder({"handle", "pad"})
    class drm_gem_close extends Structure {
        public static final int SIZE = 8;
        /** {@code __u32} */
        public int handle;
        /** {@code __u32} */
        public int pad;
    }

    /** {@code struct drm_version}: the driver's name tells vgem from other DRM drivers. */
    @FieldOrder({"version_major", "version_minor", "version_patchlevel", "name_len", "name",
            "date_len", "date", "desc_len", "desc"})
    class drm_version extends Structure {
        public static final int SIZE = 64;
        public int version_major;
        public int version_minor;
        public int version_patchlevel;
        /** {@code __kernel_size_t}: in, the size of {@link #name}; out, the name's length */
        public long name_len;
        public Pointer name;
        /** {@code __kernel_size_t} */
        public long date_len;
        public Pointer date;
        /** {@code __kernel_size_t} */
        public long desc_len;
        public Pointer desc;
    }
}
