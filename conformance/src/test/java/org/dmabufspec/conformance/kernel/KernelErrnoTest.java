package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelErrnoTest {

    @Test
    void numbersAreThoseOfLinux() {
        assertEquals(1, KernelErrno.EPERM.number());
        assertEquals(2, KernelErrno.ENOENT.number());
        assertEquals(4, KernelErrno.EINTR.number());
        assertEquals(9, KernelErrno.EBADF.number());
        assertEquals(12, KernelErrno.ENOMEM.number());
        assertEquals(13, KernelErrno.EACCES.number());
        assertEquals(14, KernelErrno.EFAULT.number());
        assertEquals(16, KernelErrno.EBUSY.number());
        assertEquals(19, KernelErrno.ENODEV.number());
        assertEquals(22, KernelErrno.EINVAL.number());
        assertEquals(24, KernelErrno.EMFILE.number());
        assertEquals(25, KernelErrno.ENOTTY.number());
        assertEquals(29, KernelErrno.ESPIPE.number());
        assertEquals(75, KernelErrno.EOVERFLOW.number());
        assertEquals(77, KernelErrno.EBADFD.number());
    }

    @Test
    void lookupByNumber() {
        assertEquals(Optional.of(KernelErrno.EINVAL), KernelErrno.of(22));
        assertEquals(Optional.empty(), KernelErrno.of(4095));
        assertEquals("ENOTTY (25)", KernelErrno.describe(25));
        assertEquals("errno 4095", KernelErrno.describe(4095));
    }

    @Test
    void exceptionNamesCallAndErrno() {
        KernelCallException e = new KernelCallException("ioctl(DMA_BUF_IOCTL_SYNC, fd=5, flags=0x80)", 22);
        assertEquals("ioctl(DMA_BUF_IOCTL_SYNC, fd=5, flags=0x80) failed: EINVAL (22)", e.getMessage());
        assertEquals(Optional.of(KernelErrno.EINVAL), e.errno());
        assertTrue(e.is(KernelErrno.EINVAL));
        assertFalse(e.is(KernelErrno.EBADF));
        assertEquals("ioctl(DMA_BUF_IOCTL_SYNC, fd=5, flags=0x80)", e.call());
    }
}
