package org.dmabufspec.conformance.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.Structure.FieldOrder;

/**
 * The C library calls the dma-buf user-space ABI needs (fcntl.h, unistd.h, sys/mman.h,
 * sys/socket.h, sys/uio.h), with the constants of x86_64 Linux spelled as in the headers.
 * Every call declares {@link LastErrorException}: JNA turns a failing call's errno into it, and
 * {@link DmaBufKernel} turns that into a {@link KernelCallException} naming the call.
 */
public interface LibC extends Library {
    /** The C library, through JNA's direct mapping ({@link DirectLibC}: several times faster per call). */
    LibC INSTANCE = new DirectLibC();

    /** The same through JNA's interface mapping (a proxy per call), for comparison. */
    LibC INTERFACE = Native.load("c", LibC.class);

    // fcntl.h: open flags
    int O_RDONLY = 0;
    int O_WRONLY = 01;
    int O_RDWR = 02;
    int O_ACCMODE = 03;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;

    // fcntl.h: commands, descriptor flags and seals
    int F_DUPFD = 0;
    int F_GETFD = 1;
    int F_SETFD = 2;
    int F_GETFL = 3;
    int F_SETFL = 4;
    int FD_CLOEXEC = 1;
    int F_LINUX_SPECIFIC_BASE = 1024;
    int F_DUPFD_CLOEXEC = F_LINUX_SPECIFIC_BASE + 6;
    int F_ADD_SEALS = F_LINUX_SPECIFIC_BASE + 9;
    int F_GET_SEALS = F_LINUX_SPECIFIC_BASE + 10;
    int F_SEAL_SEAL = 0x0001;
    int F_SEAL_SHRINK = 0x0002;
    int F_SEAL_GROW = 0x0004;
    int F_SEAL_WRITE = 0x0008;

    // sys/mman.h: memfd_create flags, protections and mapping types
    int MFD_CLOEXEC = 0x0001;
    int MFD_ALLOW_SEALING = 0x0002;
    int PROT_NONE = 0x0;
    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int MAP_SHARED = 0x01;
    int MAP_PRIVATE = 0x02;
    /** {@code MAP_FAILED}, {@code (void *) -1}. */
    long MAP_FAILED = -1L;

    // unistd.h: lseek whence
    int SEEK_SET = 0;
    int SEEK_CUR = 1;
    int SEEK_END = 2;

    // sys/socket.h
    int AF_UNIX = 1;
    int SOCK_STREAM = 1;
    int SOCK_DGRAM = 2;
    int SOCK_SEQPACKET = 5;
    int SOCK_CLOEXEC = O_CLOEXEC;
    int SOL_SOCKET = 1;
    int SCM_RIGHTS = 0x01;
    int MSG_CMSG_CLOEXEC = 0x40000000;

    int open(String pathname, int flags) throws LastErrorException;

    int open(String pathname, int flags, int mode) throws LastErrorException;

    int close(int fd) throws LastErrorException;

    int dup(int oldfd) throws LastErrorException;

    int fcntl(int fd, int cmd) throws LastErrorException;

    int fcntl(int fd, int cmd, long arg) throws LastErrorException;

    /** {@code ioctl(fd, request, void *arg)}. */
    int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    /** {@code ioctl(fd, request, arg)} with an integer argument. */
    int ioctl(int fd, long request, long arg) throws LastErrorException;

    /** {@code ioctl(fd, request, &arg)}: JNA writes the struct before and reads it back after. */
    int ioctl(int fd, long request, Structure arg) throws LastErrorException;

    Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

    int munmap(Pointer addr, long length) throws LastErrorException;

    long lseek(int fd, long offset, int whence) throws LastErrorException;

    int memfd_create(String name, int flags) throws LastErrorException;

    int ftruncate(int fd, long length) throws LastErrorException;

    int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

    long sendmsg(int sockfd, msghdr msg, int flags) throws LastErrorException;

    long recvmsg(int sockfd, msghdr msg, int flags) throws LastErrorException;

    int getpid();

    /**
     * {@code sched_setaffinity(pid, cpusetsize, mask)}; pid 0 is the calling thread. The mask is
     * a {@code cpu_set_t}: bit N of word N / 64 for CPU N.
     */
    int sched_setaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

    // sys/syscall.h (x86_64): calls glibc 2.36 wraps only recently, made through syscall(2)
    long SYS_pidfd_open = 434;
    long SYS_pidfd_getfd = 438;

    /**
     * {@code syscall(number, ...)}: the raw system call, for {@link #SYS_pidfd_open}
     * ({@code pidfd_open(pid, 0)}) and {@link #SYS_pidfd_getfd} ({@code pidfd_getfd(pidfd,
     * targetfd, 0)}: a new fd, close-on-exec, on the file behind another process's fd).
     */
    long syscall(long number, Object... args) throws LastErrorException;

    /** {@code CMSG_ALIGN(len)}: control data is aligned to {@code size_t}. */
    static long CMSG_ALIGN(long len) {
        return (len + Native.SIZE_T_SIZE - 1) & ~((long) Native.SIZE_T_SIZE - 1);
    }

    /** {@code CMSG_SPACE(len)}: bytes a control message with {@code len} bytes of data occupies. */
    static long CMSG_SPACE(long len) {
        return CMSG_ALIGN(len) + CMSG_ALIGN(cmsghdr.SIZE);
    }

    /** {@code CMSG_LEN(len)}: the value of {@code cmsg_len} for {@code len} bytes of data. */
    static long CMSG_LEN(long len) {
        return CMSG_ALIGN(cmsghdr.SIZE) + len;
    }

    /** {@code struct iovec} (sys/uio.h). */
    @FieldOrder({"iov_base", "iov_len"})
    class iovec extends Structure {
        public static final int SIZE = 16;
        public Pointer iov_base;
        /** {@code size_t} */
        public long iov_len;
    }

    /** {@code struct msghdr} (sys/socket.h). */
    @FieldOrder({"msg_name", "msg_namelen", "msg_iov", "msg_iovlen", "msg_control", "msg_controllen", "msg_flags"})
    class msghdr extends Structure {
        public static final int SIZE = 56;
        public Pointer msg_name;
        /** {@code socklen_t} */
        public int msg_namelen;
        public Pointer msg_iov;
        /** {@code size_t} */
        public long msg_iovlen;
        public Pointer msg_control;
        /** {@code size_t} */
        public long msg_controllen;
        public int msg_flags;
    }

    /** {@code struct cmsghdr} (sys/socket.h), the header before a control message's data. */
    @FieldOrder({"cmsg_len", "cmsg_level", "cmsg_type"})
    class cmsghdr extends Structure {
        public static final int SIZE = 16;
        /** {@code size_t}: header plus data, {@link LibC#CMSG_LEN}. */
        public long cmsg_len;
        public int cmsg_level;
        public int cmsg_type;

        public cmsghdr() {
        }

        /** A header laid over the start of a control buffer. */
        public cmsghdr(Pointer p) {
            super(p);
        }
    }
}
