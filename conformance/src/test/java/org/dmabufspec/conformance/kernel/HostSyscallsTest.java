package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The LibC bindings on any Linux host, no dma-buf device needed: memfd, ftruncate, seals,
 * lseek, mmap, dup/close, fd passing over a socketpair. Every test checks that it leaves the
 * process with as many open fds as it found.
 */
class HostSyscallsTest {
    private final DmaBufKernel kernel = new DmaBufKernel();
    private Map<String, String> fdsBefore;

    /**
     * Open fds of this process and what they point to, leaving out the jars and shared
     * libraries the JVM opens when it first loads a class (JNA's jar, libjnidispatch.so).
     */
    static Map<String, String> openFds() throws IOException {
        Map<String, String> open = new TreeMap<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            fds.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (!(target.endsWith(".jar") || target.endsWith(".so"))) {
                        open.put(fd.getFileName().toString(), target);
                    }
                } catch (IOException e) {
                    // the directory stream's own fd, closed by now
                }
            });
        }
        return open;
    }

    /**
     * The JDK keeps fds of its own once initialised: the first NIO file read (fdinfo uses one)
     * opens the socket FileDispatcherImpl keeps for closing fds safely; the first native call
     * loads JNA. Do both before any count.
     */
    @BeforeAll
    static void initialiseTheJdksOwnFds() throws IOException {
        Files.readString(Path.of("/proc/self/stat"));
        LibC.INSTANCE.getpid();
    }

    @BeforeEach
    void countFds() throws IOException {
        fdsBefore = openFds();
    }

    @AfterEach
    void noFdLeak() throws IOException {
        kernel.close();
        assertEquals(fdsBefore, openFds(), "open fds before and after the test");
    }

    @Test
    void memfdSizeSealsAndSeek() {
        int memfd = kernel.createMemfd(65536, LibC.F_SEAL_SHRINK);
        try {
            assertEquals(65536, kernel.llseek(memfd, 0, LibC.SEEK_END));
            assertEquals(0, kernel.llseek(memfd, 0, LibC.SEEK_SET));
            assertEquals(LibC.FD_CLOEXEC, kernel.fdFlags(memfd));
            assertEquals(LibC.F_SEAL_SHRINK, LibC.INSTANCE.fcntl(memfd, LibC.F_GET_SEALS) & LibC.F_SEAL_SHRINK);
            FdInfo info = kernel.fdinfo(memfd);
            assertFalse(info.isDmaBuf());
            assertTrue(info.cloexec());
            KernelCallException shrink = assertThrows(KernelCallException.class,
                    () -> LibCCalls.ftruncate(memfd, 4096));
            assertEquals(KernelErrno.EPERM, shrink.errno().orElseThrow(), shrink.getMessage());
        } finally {
            kernel.close(memfd);
        }
    }

    @Test
    void mmapWritesThroughTheFile() {
        int memfd = kernel.createMemfd(8192, 0);
        try {
            Pointer p = kernel.mmap(memfd, 8192, LibC.PROT_READ | LibC.PROT_WRITE, 0);
            p.setInt(4096, 0x12345678);
            Pointer again = kernel.mmap(memfd, 4096, LibC.PROT_READ, 4096);
            assertEquals(0x12345678, again.getInt(0));
            kernel.munmap(again, 4096);
            kernel.munmap(p, 8192);
        } finally {
            kernel.close(memfd);
        }
    }

    @Test
    void dupSharesTheFileButNotCloexec() {
        int memfd = kernel.createMemfd(4096, 0);
        int copy = kernel.dup(memfd);
        try {
            assertNotEquals(memfd, copy);
            assertEquals(0, kernel.fdFlags(copy));
            assertEquals(kernel.fdinfo(memfd).ino(), kernel.fdinfo(copy).ino());
        } finally {
            kernel.close(copy);
            kernel.close(memfd);
        }
    }

    @Test
    void closedFdsGiveEbadfNamingTheCall() {
        int memfd = kernel.createMemfd(4096, 0);
        kernel.close(memfd);
        KernelCallException e = assertThrows(KernelCallException.class, () -> kernel.llseek(memfd, 0, LibC.SEEK_END));
        assertTrue(e.is(KernelErrno.EBADF));
        assertEquals("lseek(fd=" + memfd + ", offset=0, SEEK_END) failed: EBADF (9)", e.getMessage());
        assertTrue(assertThrows(KernelCallException.class, () -> kernel.close(memfd)).is(KernelErrno.EBADF));
        assertTrue(assertThrows(KernelCallException.class, () -> kernel.fdinfo(memfd)).is(KernelErrno.EBADF));
    }

    @Test
    void aSuccessfulCallAfterAFailedOneDoesNotThrow() {
        assertThrows(KernelCallException.class, () -> kernel.close(-1));
        int memfd = kernel.createMemfd(4096, 0);
        kernel.close(memfd);
    }

    @Test
    void fdPassingOverASocketpair() {
        int[] sv = kernel.socketpair();
        int memfd = kernel.createMemfd(12288, 0);
        try {
            kernel.sendFd(sv[0], memfd);
            int received = kernel.recvFd(sv[1], true);
            try {
                assertNotEquals(memfd, received);
                assertEquals(kernel.fdinfo(memfd).ino(), kernel.fdinfo(received).ino(), "the same file");
                assertEquals(12288, kernel.llseek(received, 0, LibC.SEEK_END));
                assertEquals(LibC.FD_CLOEXEC, kernel.fdFlags(received), "MSG_CMSG_CLOEXEC");
            } finally {
                kernel.close(received);
            }
            kernel.sendFd(sv[1], memfd);
            int plain = kernel.recvFd(sv[0], false);
            assertEquals(0, kernel.fdFlags(plain));
            kernel.close(plain);
        } finally {
            kernel.close(memfd);
            kernel.close(sv[0]);
            kernel.close(sv[1]);
        }
    }

    @Test
    void sendingAClosedFdFails() {
        int[] sv = kernel.socketpair();
        try {
            assertTrue(assertThrows(KernelCallException.class, () -> kernel.sendFd(sv[0], 1 << 20)).is(KernelErrno.EBADF));
        } finally {
            kernel.close(sv[0]);
            kernel.close(sv[1]);
        }
    }

    @Test
    void missingDevicesAreReportedByPath() {
        KernelCallException e = assertThrows(KernelCallException.class, () -> kernel.open("/dev/no-such-device", LibC.O_RDWR));
        assertTrue(e.is(KernelErrno.ENOENT));
        assertTrue(e.getMessage().startsWith("open(\"/dev/no-such-device\""), e.getMessage());
    }

    /** A call the facade does not offer, wrapped the same way, to see the memfd's shrink seal. */
    static final class LibCCalls {
        static void ftruncate(int fd, long size) {
            try {
                LibC.INSTANCE.ftruncate(fd, size);
            } catch (com.sun.jna.LastErrorException e) {
                throw new KernelCallException("ftruncate(fd=" + fd + ", " + size + ")", e.getErrorCode());
            }
        }
    }
}
