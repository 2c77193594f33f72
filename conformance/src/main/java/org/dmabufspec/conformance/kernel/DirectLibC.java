package org.dmabufspec.conformance.kernel;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * {@link LibC} through JNA's direct mapping: static native methods bound once to the C library,
 * without the interface proxy and its reflection on every call. Under QEMU's emulation an
 * {@code lseek} costs 2.4 us this way and 15.8 us through the interface (measured in the 6.12
 * guest, C1 only); on the host 1.6 against 3.0 us. {@link LibC#INSTANCE} is this.
 *
 * <p>Direct mapping has no varargs: {@link #syscall} goes through the interface-mapped library.
 * Structures are passed by pointer, written before and read back after the call, as the
 * interface mapping does.
 */
final class DirectLibC implements LibC {

    /** The C functions, bound by name. */
    private static final class C {
        static {
            Native.register(C.class, NativeLibrary.getInstance("c"));
        }

        static native int open(String pathname, int flags, int mode) throws LastErrorException;

        static native int close(int fd) throws LastErrorException;

        static native int dup(int oldfd) throws LastErrorException;

        static native int fcntl(int fd, int cmd, long arg) throws LastErrorException;

        static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

        static native int ioctl(int fd, long request, long arg) throws LastErrorException;

        static native Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset)
                throws LastErrorException;

        static native int munmap(Pointer addr, long length) throws LastErrorException;

        static native long lseek(int fd, long offset, int whence) throws LastErrorException;

        static native int memfd_create(String name, int flags) throws LastErrorException;

        static native int ftruncate(int fd, long length) throws LastErrorException;

        static native int socketpair(int domain, int type, int protocol, int[] sv) throws LastErrorException;

        static native long sendmsg(int sockfd, Pointer msg, int flags) throws LastErrorException;

        static native long recvmsg(int sockfd, Pointer msg, int flags) throws LastErrorException;

        static native int getpid();

        static native int sched_setaffinity(int pid, long cpusetsize, long[] mask) throws LastErrorException;

        private C() {}
    }

    /** The interface-mapped library, for the varargs call. */
    private static final class Varargs {
        static final LibC LIB = Native.load("c", LibC.class);
    }

    @Override
    public int open(String pathname, int flags) {
        return C.open(pathname, flags, 0);
    }

    @Override
    public int open(String pathname, int flags, int mode) {
        return C.open(pathname, flags, mode);
    }

    @Override
    public int close(int fd) {
        return C.close(fd);
    }

    @Override
    public int dup(int oldfd) {
        return C.dup(oldfd);
    }

    @Override
    public int fcntl(int fd, int cmd) {
        return C.fcntl(fd, cmd, 0L);
    }

    @Override
    public int fcntl(int fd, int cmd, long arg) {
        return C.fcntl(fd, cmd, arg);
    }

    @Override
    public int ioctl(int fd, long request, Pointer arg) {
        return C.ioctl(fd, request, arg);
    }

    @Override
    public int ioctl(int fd, long request, long arg) {
        return C.ioctl(fd, request, arg);
    }

    @Override
    public int ioctl(int fd, long request, Structure arg) {
        arg.write();
        try {
            return C.ioctl(fd, request, arg.getPointer());
        } finally {
            arg.read();
        }
    }

    @Override
    public Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) {
        return C.mmap(addr, length, prot, flags, fd, offset);
    }

    @Override
    public int munmap(Pointer addr, long length) {
        return C.munmap(addr, length);
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        return C.lseek(fd, offset, whence);
    }

    @Override
    public int memfd_create(String name, int flags) {
        return C.memfd_create(name, flags);
    }

    @Override
    public int ftruncate(int fd, long length) {
        return C.ftruncate(fd, length);
    }

    @Override
    public int socketpair(int domain, int type, int protocol, int[] sv) {
        return C.socketpair(domain, type, protocol, sv);
    }

    @Override
    public long sendmsg(int sockfd, msghdr msg, int flags) {
        msg.write();
        try {
            return C.sendmsg(sockfd, msg.getPointer(), flags);
        } finally {
            msg.read();
        }
    }

    @Override
    public long recvmsg(int sockfd, msghdr msg, int flags) {
        msg.write();
        try {
            return C.recvmsg(sockfd, msg.getPointer(), flags);
        } finally {
            msg.read();
        }
    }

    @Override
    public int getpid() {
        return C.getpid();
    }

    @Override
    public int sched_setaffinity(int pid, long cpusetsize, long[] mask) {
        return C.sched_setaffinity(pid, cpusetsize, mask);
    }

    @Override
    public long syscall(long number, Object... args) {
        return Varargs.LIB.syscall(number, args);
    }
}
