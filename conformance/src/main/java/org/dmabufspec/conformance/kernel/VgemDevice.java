package org.dmabufspec.conformance.kernel;

import static org.dmabufspec.conformance.kernel.LibC.O_CLOEXEC;
import static org.dmabufspec.conformance.kernel.LibC.O_RDWR;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
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
 *       on the imported buffer (a reference that lasts until the fd, closed at once, goes),
 *       whose inode names it.</li>
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

    /** ioctl(2) without an exception for its errno (read with {@link Native#getLastError()}). */
    interface RawIoctl extends Library {
        RawIoctl INSTANCE = Native.load("c", RawIoctl.class);

        int ioctl(int fd, long request, Pointer arg);
    }

    /**
     * Handle to inode of the imported buffer, for every handle this device holds: handles are
     * numbered from 1 and only this target imports into its DRM file, so 1 .. the highest it was
     * given cover them. ENOENT, the usual answer, is read from errno rather than thrown: this runs
     * after every replayed step.
     */
    Map<Integer, Long> handles() {
        Map<Integer, Long> found = new TreeMap<>();
        Memory prime = new Memory(DrmH.drm_prime_handle.SIZE);
        for (int h = 1; h <= highestHandle; h++) {
            prime.setInt(0, h);
            prime.setInt(4, DrmH.DRM_CLOEXEC | DrmH.DRM_RDWR);
            prime.setInt(8, -1);
            if (RawIoctl.INSTANCE.ioctl(fd, DrmH.DRM_IOCTL_PRIME_HANDLE_TO_FD, prime) < 0) {
                int errno = Native.getLastError();
                if (errno == KernelErrno.ENOENT.number()) {
                    continue;
                }
                throw new KernelCallException("ioctl(DRM_IOCTL_PRIME_HANDLE_TO_FD, " + name + ", handle=" + h + ")", errno);
            }
            int dmabuf = prime.getInt(8);
            try {
                found.put(h, inodeOf(dmabuf));
            } finally {
                libc.close(dmabuf);
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
