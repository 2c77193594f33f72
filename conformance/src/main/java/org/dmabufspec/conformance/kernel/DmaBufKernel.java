package org.dmabufspec.conformance.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import static org.dmabufspec.conformance.kernel.LibC.*;

/**
 * The dma-buf user-space ABI of a running kernel, one method per call: exporters (udmabuf,
 * dma heaps), the dma-buf file operations (llseek, mmap, the SYNC and SET_NAME ioctls), fd
 * lifetime (dup, close, passing over a socket), what the kernel shows of a buffer (fdinfo,
 * debugfs bufinfo) and an importer (vgem, through PRIME).
 *
 * <p>Every failing call throws a {@link KernelCallException} naming the call and its errno.
 * The raw variants ({@link #udmabufCreate}, {@link #heapAlloc}, {@link #ioctl}) pass arguments
 * through unchanged so that the error cases can be exercised; the convenience methods
 * ({@link #createUdmabuf}, {@link #allocHeap}) do what a well-behaved program does.
 *
 * <p>Not thread-safe: the vgem device is opened once and kept until {@link #close()}.
 */
public final class DmaBufKernel implements AutoCloseable {
    /** The udmabuf misc device. */
    public static final String UDMABUF_DEVICE = "/dev/udmabuf";
    /** Where dma heaps appear, one character device per heap. */
    public static final String DMA_HEAP_DIR = "/dev/dma_heap";
    /** The vgem driver's name, as DRM_IOCTL_VERSION and sysfs report it. */
    public static final String VGEM_DRIVER = "vgem";

    private final LibC libc;
    private int vgemFd = -1;

    public DmaBufKernel() {
        this(LibC.INSTANCE);
    }

    public DmaBufKernel(LibC libc) {
        this.libc = libc;
    }

    // ---------------------------------------------------------------- exporters

    /**
     * A memfd of {@code size} bytes that allows sealing, with {@code seals} added (0 for none).
     * The memfd is close-on-exec; its name shows in /proc as {@code memfd:dmabuf-spec}.
     */
    public int createMemfd(long size, int seals) {
        int memfd = call("memfd_create(\"dmabuf-spec\", MFD_ALLOW_SEALING | MFD_CLOEXEC)",
                () -> libc.memfd_create("dmabuf-spec", MFD_ALLOW_SEALING | MFD_CLOEXEC));
        try {
            call("ftruncate(fd=" + memfd + ", " + size + ")", () -> libc.ftruncate(memfd, size));
            if (seals != 0) {
                call("fcntl(fd=" + memfd + ", F_ADD_SEALS, 0x" + Integer.toHexString(seals) + ")",
                        () -> libc.fcntl(memfd, F_ADD_SEALS, seals));
            }
            return memfd;
        } catch (KernelCallException e) {
            closeQuietly(memfd);
            throw e;
        }
    }

    /** UDMABUF_CREATE on /dev/udmabuf with these exact arguments; returns the new dma-buf fd. */
    public int udmabufCreate(int memfd, int flags, long offset, long size) {
        int dev = open(UDMABUF_DEVICE, O_RDWR | O_CLOEXEC);
        try {
            UdmabufH.udmabuf_create create = new UdmabufH.udmabuf_create();
            create.memfd = memfd;
            create.flags = flags;
            create.offset = offset;
            create.size = size;
            return call("ioctl(UDMABUF_CREATE, memfd=" + memfd + ", flags=0x" + Integer.toHexString(flags)
                            + ", offset=" + offset + ", size=" + size + ")",
                    () -> libc.ioctl(dev, UdmabufH.UDMABUF_CREATE, create));
        } finally {
            closeQuietly(dev);
        }
    }

    /**
     * A udmabuf of {@code size} bytes the usual way: a memfd sealed against shrinking, turned
     * into a dma-buf by UDMABUF_CREATE; the memfd is closed (the buffer keeps its pages).
     */
    public int createUdmabuf(long size, boolean cloexec) {
        int memfd = createMemfd(size, F_SEAL_SHRINK);
        try {
            return udmabufCreate(memfd, cloexec ? UdmabufH.UDMABUF_FLAGS_CLOEXEC : 0, 0, size);
        } finally {
            closeQuietly(memfd);
        }
    }

    /**
     * DMA_HEAP_IOCTL_ALLOC on {@code /dev/dma_heap/<heapName>} with these exact arguments
     * ({@code fdIn} is the {@code fd} field on input, which the kernel requires to be 0).
     */
    public int heapAlloc(String heapName, long len, int fdFlags, long heapFlags, int fdIn) {
        int heap = open(DMA_HEAP_DIR + "/" + heapName, O_RDONLY | O_CLOEXEC);
        try {
            DmaHeapH.dma_heap_allocation_data data = new DmaHeapH.dma_heap_allocation_data();
            data.len = len;
            data.fd = fdIn;
            data.fd_flags = fdFlags;
            data.heap_flags = heapFlags;
            call("ioctl(DMA_HEAP_IOCTL_ALLOC, heap=" + heapName + ", len=" + len + ", fd=" + fdIn
                            + ", fd_flags=0" + Integer.toOctalString(fdFlags) + ", heap_flags=0x" + Long.toHexString(heapFlags) + ")",
                    () -> libc.ioctl(heap, DmaHeapH.DMA_HEAP_IOCTL_ALLOC, data));
            return data.fd;
        } finally {
            closeQuietly(heap);
        }
    }

    /** A read-write buffer of {@code len} bytes from the named heap ({@code system}, ...). */
    public int allocHeap(String heapName, long len, boolean cloexec) {
        return heapAlloc(heapName, len, O_RDWR | (cloexec ? O_CLOEXEC : 0), 0, 0);
    }

    /** Heaps this kernel offers: the entries of /dev/dma_heap. */
    public static List<String> heaps() {
        Path dir = Path.of(DMA_HEAP_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- file operations

    /** {@code lseek(fd, offset, whence)}: a dma-buf answers only (0, SEEK_END) with its size and (0, SEEK_SET). */
    public long llseek(int fd, long offset, int whence) {
        return call("lseek(fd=" + fd + ", offset=" + offset + ", " + whenceName(whence) + ")",
                () -> libc.lseek(fd, offset, whence));
    }

    /** A shared mapping of {@code length} bytes at {@code offset} with protection {@code prot}. */
    public Pointer mmap(int fd, long length, int prot, long offset) {
        long address = call("mmap(fd=" + fd + ", length=" + length + ", prot=0x" + Integer.toHexString(prot)
                        + ", MAP_SHARED, offset=" + offset + ")",
                () -> Pointer.nativeValue(libc.mmap(null, length, prot, MAP_SHARED, fd, offset)));
        if (address == MAP_FAILED) {
            throw new KernelCallException("mmap(fd=" + fd + ")", 0);
        }
        return new Pointer(address);
    }

    /** {@code munmap(addr, length)}. */
    public void munmap(Pointer addr, long length) {
        call("munmap(0x" + Long.toHexString(Pointer.nativeValue(addr)) + ", " + length + ")",
                () -> libc.munmap(addr, length));
    }

    /** DMA_BUF_IOCTL_SYNC with {@code flags} (START or END, with READ, WRITE or RW). */
    public void sync(int fd, long flags) {
        DmaBufH.dma_buf_sync sync = new DmaBufH.dma_buf_sync();
        sync.flags = flags;
        call("ioctl(DMA_BUF_IOCTL_SYNC, fd=" + fd + ", flags=0x" + Long.toHexString(flags) + ")",
                () -> libc.ioctl(fd, DmaBufH.DMA_BUF_IOCTL_SYNC, sync));
    }

    /** DMA_BUF_SET_NAME with a NUL-terminated copy of {@code name}. */
    public void setName(int fd, String name) {
        setName(fd, name, DmaBufH.DMA_BUF_SET_NAME);
    }

    /** SET_NAME through one of its request numbers (DMA_BUF_SET_NAME, _A, _B). */
    public void setName(int fd, String name, long request) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        Memory buf = new Memory(bytes.length + 1L);
        buf.write(0, bytes, 0, bytes.length);
        buf.setByte(bytes.length, (byte) 0);
        call("ioctl(" + requestName(request) + ", fd=" + fd + ", name=\"" + name + "\")",
                () -> libc.ioctl(fd, request, buf));
    }

    /** Any ioctl with an integer argument, e.g. an unknown request to see ENOTTY. */
    public int ioctl(int fd, long request, long arg) {
        return call("ioctl(" + requestName(request) + ", fd=" + fd + ", arg=0x" + Long.toHexString(arg) + ")",
                () -> libc.ioctl(fd, request, arg));
    }

    // ---------------------------------------------------------------- fd lifetime

    /** {@code open(path, flags)}. */
    public int open(String path, int flags) {
        return call("open(\"" + path + "\", 0" + Integer.toOctalString(flags) + ")", () -> libc.open(path, flags));
    }

    /** {@code dup(fd)}: the new fd shares the file (and its reference) but not FD_CLOEXEC. */
    public int dup(int fd) {
        return call("dup(fd=" + fd + ")", () -> libc.dup(fd));
    }

    /** {@code close(fd)}. */
    public void close(int fd) {
        call("close(fd=" + fd + ")", () -> libc.close(fd));
    }

    /** {@code fcntl(fd, F_GETFD)}: {@link LibC#FD_CLOEXEC} or 0. */
    public int fdFlags(int fd) {
        return call("fcntl(fd=" + fd + ", F_GETFD)", () -> libc.fcntl(fd, F_GETFD));
    }

    /** {@code fcntl(fd, F_GETFL)}: the file's access mode and status flags. */
    public int fileFlags(int fd) {
        return call("fcntl(fd=" + fd + ", F_GETFL)", () -> libc.fcntl(fd, F_GETFL));
    }

    /** {@code socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)}: two connected sockets. */
    public int[] socketpair() {
        int[] sv = new int[2];
        call("socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC)",
                () -> libc.socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv));
        return sv;
    }

    /** Sends {@code fd} over a unix socket as SCM_RIGHTS, with one byte of data. */
    public void sendFd(int socket, int fd) {
        Memory data = new Memory(1);
        data.setByte(0, (byte) 'F');
        LibC.iovec iov = new LibC.iovec();
        iov.iov_base = data;
        iov.iov_len = 1;
        iov.write();

        Memory control = new Memory(CMSG_SPACE(Integer.BYTES));
        control.clear();
        LibC.cmsghdr cmsg = new LibC.cmsghdr(control);
        cmsg.cmsg_len = CMSG_LEN(Integer.BYTES);
        cmsg.cmsg_level = SOL_SOCKET;
        cmsg.cmsg_type = SCM_RIGHTS;
        cmsg.write();
        control.setInt(CMSG_ALIGN(LibC.cmsghdr.SIZE), fd);

        LibC.msghdr msg = new LibC.msghdr();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = control.size();
        call("sendmsg(socket=" + socket + ", SCM_RIGHTS fd=" + fd + ")", () -> libc.sendmsg(socket, msg, 0));
    }

    /**
     * Receives one fd sent with {@link #sendFd}; {@code cloexec} asks for MSG_CMSG_CLOEXEC.
     * Fails with an {@link IllegalStateException} when the message carried no fd.
     */
    public int recvFd(int socket, boolean cloexec) {
        Memory data = new Memory(1);
        LibC.iovec iov = new LibC.iovec();
        iov.iov_base = data;
        iov.iov_len = 1;
        iov.write();

        Memory control = new Memory(CMSG_SPACE(Integer.BYTES));
        control.clear();
        LibC.msghdr msg = new LibC.msghdr();
        msg.msg_iov = iov.getPointer();
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = control.size();
        long n = call("recvmsg(socket=" + socket + ")",
                () -> libc.recvmsg(socket, msg, cloexec ? MSG_CMSG_CLOEXEC : 0));
        LibC.cmsghdr cmsg = new LibC.cmsghdr(control);
        cmsg.read();
        if (n < 1 || msg.msg_controllen < CMSG_LEN(Integer.BYTES) || cmsg.cmsg_level != SOL_SOCKET
                || cmsg.cmsg_type != SCM_RIGHTS) {
            throw new IllegalStateException("recvmsg(socket=" + socket + ") returned " + n
                    + " bytes without an SCM_RIGHTS fd (msg_flags=0x" + Integer.toHexString(msg.msg_flags) + ")");
        }
        return control.getInt(CMSG_ALIGN(LibC.cmsghdr.SIZE));
    }

    /** {@code getpid()}. */
    public int getpid() {
        return libc.getpid();
    }

    // ---------------------------------------------------------------- what the kernel shows

    /** {@code /proc/self/fdinfo/<fd>}, parsed. */
    public FdInfo fdinfo(int fd) {
        Path path = Path.of("/proc/self/fdinfo/" + fd);
        try {
            return FdInfo.parse(Files.readString(path));
        } catch (IOException e) {
            // The file is absent exactly when fd is not open.
            throw new KernelCallException("read(" + path + ")", KernelErrno.EBADF.number());
        }
    }

    /** True when debugfs shows the dma-buf list (root, debugfs mounted). */
    public static boolean hasBufinfo() {
        return Files.isReadable(Path.of(BufInfo.PATH));
    }

    /** Every dma-buf in the system, from debugfs. */
    public List<BufInfo> bufinfo() {
        try {
            return BufInfo.parse(Files.readString(Path.of(BufInfo.PATH)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + BufInfo.PATH + " (debugfs mounted? root?)", e);
        }
    }

    /** The debugfs entry of the buffer with this inode, empty once the buffer is released. */
    public Optional<BufInfo> bufinfo(long ino) {
        return bufinfo().stream().filter(b -> b.ino() == ino).findFirst();
    }

    // ---------------------------------------------------------------- vgem importer

    /**
     * The /dev/dri/card* node that sysfs says is vgem, if the vgem module is loaded. vgem
     * registers a bare platform device named {@code vgem} with no driver bound to it, so besides
     * {@code device/driver} the device's own name and its {@code MODALIAS=platform:vgem} count.
     * {@link #vgemImport} confirms the choice with DRM_IOCTL_VERSION before using it.
     */
    public static Optional<Path> findVgemCard() {
        Path drm = Path.of("/sys/class/drm");
        if (!Files.isDirectory(drm)) {
            return Optional.empty();
        }
        try (Stream<Path> cards = Files.list(drm)) {
            return cards.filter(c -> c.getFileName().toString().matches("card\\d+"))
                    .filter(DmaBufKernel::looksLikeVgem)
                    .map(c -> Path.of("/dev/dri", c.getFileName().toString()))
                    .filter(Files::exists)
                    .sorted()
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean looksLikeVgem(Path sysCard) {
        Path device = sysCard.resolve("device");
        try {
            if (Files.isSymbolicLink(device.resolve("driver"))
                    && Files.readSymbolicLink(device.resolve("driver")).getFileName().toString().equals(VGEM_DRIVER)) {
                return true;
            }
            if (Files.readSymbolicLink(device).getFileName().toString().equals(VGEM_DRIVER)) {
                return true;
            }
            Path uevent = device.resolve("uevent");
            return Files.isReadable(uevent)
                    && Files.readAllLines(uevent).contains("MODALIAS=platform:" + VGEM_DRIVER);
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The DRM driver's name behind an open DRM fd, from DRM_IOCTL_VERSION. */
    public String drmDriverName(int drmFd) {
        Memory name = new Memory(64);
        name.clear();
        DrmH.drm_version version = new DrmH.drm_version();
        version.name_len = name.size() - 1;
        version.name = name;
        call("ioctl(DRM_IOCTL_VERSION, fd=" + drmFd + ")", () -> libc.ioctl(drmFd, DrmH.DRM_IOCTL_VERSION, version));
        return name.getString(0, StandardCharsets.US_ASCII.name());
    }

    private int vgem() {
        if (vgemFd < 0) {
            Path card = findVgemCard().orElseThrow(() -> new KernelCallException(
                    "open(vgem card: no /sys/class/drm/card* is the vgem device)", KernelErrno.ENODEV.number()));
            int fd = open(card.toString(), O_RDWR | O_CLOEXEC);
            String driver = drmDriverName(fd);
            if (!VGEM_DRIVER.equals(driver)) {
                closeQuietly(fd);
                throw new KernelCallException("open(" + card + ": driver is " + driver + ", not vgem)",
                        KernelErrno.ENODEV.number());
            }
            vgemFd = fd;
        }
        return vgemFd;
    }

    /**
     * Imports a dma-buf into vgem (DRM_IOCTL_PRIME_FD_TO_HANDLE): vgem attaches to the buffer
     * and holds a reference; returns the GEM handle.
     */
    public int vgemImport(int dmabufFd) {
        int drm = vgem();
        DrmH.drm_prime_handle prime = new DrmH.drm_prime_handle();
        prime.fd = dmabufFd;
        call("ioctl(DRM_IOCTL_PRIME_FD_TO_HANDLE, vgem, fd=" + dmabufFd + ")",
                () -> libc.ioctl(drm, DrmH.DRM_IOCTL_PRIME_FD_TO_HANDLE, prime));
        return prime.handle;
    }

    /** Closes a vgem GEM handle (DRM_IOCTL_GEM_CLOSE): the last handle detaches and drops the reference. */
    public void gemClose(int handle) {
        int drm = vgem();
        DrmH.drm_gem_close close = new DrmH.drm_gem_close();
        close.handle = handle;
        call("ioctl(DRM_IOCTL_GEM_CLOSE, vgem, handle=" + handle + ")",
                () -> libc.ioctl(drm, DrmH.DRM_IOCTL_GEM_CLOSE, close));
    }

    /** Closes the vgem device if it was opened (closing it releases every handle still open). */
    @Override
    public void close() {
        if (vgemFd >= 0) {
            int fd = vgemFd;
            vgemFd = -1;
            close(fd);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static int call(String what, IntSupplier op) {
        try {
            return op.getAsInt();
        } catch (LastErrorException e) {
            throw new KernelCallException(what, e.getErrorCode());
        }
    }

    private static long call(String what, LongSupplier op) {
        try {
            return op.getAsLong();
        } catch (LastErrorException e) {
            throw new KernelCallException(what, e.getErrorCode());
        }
    }

    private void closeQuietly(int fd) {
        try {
            libc.close(fd);
        } catch (LastErrorException ignored) {
            // Only used on paths that already report a failure or own the fd.
        }
    }

    static String whenceName(int whence) {
        return switch (whence) {
            case SEEK_SET -> "SEEK_SET";
            case SEEK_CUR -> "SEEK_CUR";
            case SEEK_END -> "SEEK_END";
            default -> "whence=" + whence;
        };
    }

    /** The header name of a request number, or its hex value. */
    static String requestName(long request) {
        if (request == DmaBufH.DMA_BUF_IOCTL_SYNC) return "DMA_BUF_IOCTL_SYNC";
        if (request == DmaBufH.DMA_BUF_SET_NAME) return "DMA_BUF_SET_NAME";
        if (request == DmaBufH.DMA_BUF_SET_NAME_A) return "DMA_BUF_SET_NAME_A";
        if (request == DmaBufH.DMA_BUF_IOCTL_EXPORT_SYNC_FILE) return "DMA_BUF_IOCTL_EXPORT_SYNC_FILE";
        if (request == DmaBufH.DMA_BUF_IOCTL_IMPORT_SYNC_FILE) return "DMA_BUF_IOCTL_IMPORT_SYNC_FILE";
        if (request == UdmabufH.UDMABUF_CREATE) return "UDMABUF_CREATE";
        if (request == UdmabufH.UDMABUF_CREATE_LIST) return "UDMABUF_CREATE_LIST";
        if (request == DmaHeapH.DMA_HEAP_IOCTL_ALLOC) return "DMA_HEAP_IOCTL_ALLOC";
        if (request == DrmH.DRM_IOCTL_PRIME_FD_TO_HANDLE) return "DRM_IOCTL_PRIME_FD_TO_HANDLE";
        if (request == DrmH.DRM_IOCTL_GEM_CLOSE) return "DRM_IOCTL_GEM_CLOSE";
        return "0x" + Long.toHexString(request);
    }
}
