package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** fdinfo as dma_buf_show_fdinfo() prints it after the generic lines of fs/proc/fd.c. */
class FdInfoTest {

    @Test
    void namedCloexecUdmabuf() {
        FdInfo info = FdInfo.parse("""
                pos:\t0
                flags:\t02000002
                mnt_id:\t15
                ino:\t1041
                size:\t65536
                count:\t1
                exp_name:\tudmabuf
                name:\tprobe buffer
                """);
        assertTrue(info.isDmaBuf());
        assertEquals(65536, info.size());
        assertEquals(1, info.count());
        assertEquals("udmabuf", info.expName());
        assertEquals("probe buffer", info.name());
        assertEquals(1041, info.ino());
        assertEquals(15, info.mntId());
        assertEquals(LibC.O_RDWR | LibC.O_CLOEXEC, info.flags());
        assertTrue(info.cloexec());
        assertEquals("system", FdInfo.parse("exp_name:\tsystem\n").expName());
    }

    /** Captured by KernelProbe from Debian's 6.12.95 kernel under QEMU, with vgem attached. */
    @Test
    void textFromA612Kernel() {
        FdInfo info = FdInfo.parse("pos:\t0\nflags:\t02000002\nmnt_id:\t12\nino:\t8\nsize:\t65536\ncount:\t4\nexp_name:\tudmabuf\n");
        assertEquals(4, info.count());
        assertEquals(8, info.ino());
        assertNull(info.name());
        assertTrue(info.cloexec());
    }

    @Test
    void unnamedHeapBufferWithoutCloexec() {
        FdInfo info = FdInfo.parse("pos:\t0\nflags:\t02\nmnt_id:\t15\nino:\t7\nsize:\t4096\ncount:\t4\nexp_name:\tsystem\n");
        assertNull(info.name());
        assertFalse(info.cloexec());
        assertEquals(4, info.count());
    }

    @Test
    void aFileThatIsNotADmaBuf() {
        FdInfo info = FdInfo.parse("pos:\t12\nflags:\t0100002\nmnt_id:\t22\nino:\t99\n");
        assertFalse(info.isDmaBuf());
        assertEquals(-1, info.size());
        assertEquals(-1, info.count());
        assertEquals(12, info.pos());
    }

    @Test
    void aBrokenNumberIsReported() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FdInfo.parse("size:\tlots\n"));
        assertTrue(e.getMessage().contains("size"), e.getMessage());
    }
}
