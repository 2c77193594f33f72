package org.dmabufspec.conformance.kernel;

import static org.dmabufspec.conformance.kernel.LibC.O_CLOEXEC;
import static org.dmabufspec.conformance.kernel.LibC.O_RDWR;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * One importer device of the spec (d1, d2, ...) as one open file of the vgem DRM device: vgem
 * is the one importer user space can drive, and each open of {@code /dev/dri/cardN} is its own
 * {@code drm_file} with its own GEM handles and PRIME import cache, so two opens are two
 * importers that attach separately.
 *
 * <ul>
 *   <li>{@link #importBuffer} is DRM_IOCTL_PRIME_FD_TO_HANDLE: {@code drm_gem_prime_import_dev}
 *       calls {@code dma_buf_attach}, takes a reference and maps the attachment at once (6.12);
 *       the GEM object and the PRIME handle cache take one reference each: the buffer's file
 *       count goes up by {@link #REFS_PER_IMPORT}. A second import of the same buffer into the
 *       same file returns the cached handle and changes nothing.</li>
 *   <li>{@link #closeHandle} is DRM_IOCTL_GEM_CLOSE: the object goes, unmapping, detaching and
 *       dropping those references; EINVAL for a handle that does not exist.</li>
 *   <li>{@link #handles} observes, without changing anything for good, which buffers this
 *       device holds: DRM_IOCTL_PRIME_HANDLE_TO_FD on each handle number gives ENOENT or an fd
 *       on the imported buffer, whose inode names it; that fd is closed at once.</li>
 * </ul>
 */
final class VgemDevice implements AutoCloseable {
    /** File references one vgem import holds (attachment, GEM object's dma_buf, PRIME cache). */
    static final int REFS_PER_IMPORT = 3;

    final String name;
    private final LibC libc;
    private final Path card;
    private int fd;
    private int highestHandle;

    VgemDevice(String name, Path card, LibC libc) {
        this.name = name;
        this.card = card;
        this.libc = libc;
        this.fd = open();
    }

    private int open() {
        int f;
        try {
            f = libc.open(card.toString(), O_RDWR | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new KernelCallException("open(" + card + ", O_RDWR | O_CLOEXEC)", e.getErrorCode());
        }
        DmaBufKernel k = new DmaBufKernel(libc);
        String driver = k.drmDriverName(f);
        if (!DmaBufKernel.VGEM_DRIVER.equals(driver)) {
            libc.close(f);
            throw new KernelCallException("open(" + card + "): driver is " + driver + ", not vgem",
                    KernelErrno.ENODEV.number());
        }
        return f;
    }

    /** PRIME_FD_TO_HANDLE of {@code dmabufFd} (an fd of this JVM); returns the GEM handle. */
    int importBuffer(int dmabufFd) {
        DrmH.drm_prime_handle prime = new DrmH.drm_prime_handle();
        prime.fd = dmabufFd;
        try {
            libc.ioctl(fd, DrmH.DRM_IOCTL_PRIME_FD_TO_HANDLE, prime);
        } catch (LastErrorException e) {
            throw new KernelCallException("ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, " + name + ", fd=" + dmabufFd + ")",
                    e.getErrorCode());
        }
        highestHandle = Math.max(highestHandle, prime.handle);
        return prime.handle;
    }

    /** GEM_CLOSE of {@code handle}. */
    void closeHandle(int handle) {
        DrmH.drm_gem_close close = new DrmH.drm_gem_close();
        close.handle = handle;
        try {
            libc.ioctl(fd, DrmH.DRM_IOCTL_GEM_CLOSE, close);
        } catch (LastErrorException e) {
            throw new KernelCallException("ioctl(DRM_IOCTL_GEM_CLOSE, " + name + ", handle=" + handle + ")",
                    e.getErrorCode());
        }
    }

    /** Handle to inode of the imported buffer, for every handle this device holds. */
    Map<Integer, Long> handles() {
        Map<Integer, Long> found = new TreeMap<>();
        for (int h = 1; h <= highestHandle + 1; h++) {
            DrmH.drm_prime_handle prime = new DrmH.drm_prime_handle();
            prime.handle = h;
            prime.flags = DrmH.DRM_CLOEXEC | DrmH.DRM_RDWR;
            prime.fd = -1;
            try {
                libc.ioctl(fd, DrmH.DRM_IOCTL_PRIME_HANDLE_TO_FD, prime);
            } catch (LastErrorException e) {
                if (e.getErrorCode() == KernelErrno.ENOENT.number()) {
                    continue;
                }
                throw new KernelCallException("ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, " + name + ", handle=" + h + ")",
                        e.getErrorCode());
            }
            try {
                found.put(h, inodeOf(prime.fd));
            } finally {
                libc.close(prime.fd);
            }
        }
        return found;
    }

    /** Drops every handle at once: closes the DRM file and opens a fresh one. */
    void reset() {
        libc.close(fd);
        fd = -1;
        fd = open();
        highestHandle = 0;
    }

    /** The inode of one of this JVM's fds, from /proc/self/fdinfo. */
    static long inodeOf(int fd) {
        try {
            return FdInfo.parse(Files.readString(Path.of("/proc/self/fdinfo/" + fd))).ino();
        } catch (IOException e) {
            throw new KernelCallException("read(/proc/self/fdinfo/" + fd + ")", KernelErrno.EBADF.number());
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            int f = fd;
            fd = -1;
            libc.close(f);
        }
    }
}
