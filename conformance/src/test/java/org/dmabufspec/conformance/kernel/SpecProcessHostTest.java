package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code dmabuf-proc} helper's process semantics on this host's kernel, with plain fds (a
 * dup of its stdin pipe) since the host may have no dma-buf device: the spec's fd slots and the
 * kernel's EMFILE at MaxFds, FD_CLOEXEC across a real exec, SCM_RIGHTS between two helpers
 * (MSG_CTRUNC when the receiver's table is full), and the helper's own fds kept out of the slots.
 */
class SpecProcessHostTest {
    private SpecProcess p1;
    private SpecProcess p2;

    @BeforeEach
    void start() {
        String prefix = "dmabuf-spec-test." + ProcessHandle.current().pid() + "." + System.nanoTime();
        p1 = SpecProcess.start("p1", 1, prefix, null, null, LibC.INSTANCE);
        p2 = SpecProcess.start("p2", 1, prefix, null, null, LibC.INSTANCE);
        assertTrue(p1.request("connect p2").ok());
        assertTrue(p2.request("accept p1").ok());
    }

    @AfterEach
    void stop() {
        p1.close();
        p2.close();
    }

    @Test
    void theSlotsAreTheSpecsAndAFullTableIsEmfile() {
        assertEquals("ok 3=-", p1.request("fds").raw());
        SpecProcess.Reply d = p1.request("dup 0");
        assertTrue(d.ok(), d.raw());
        assertEquals(3, d.intValue("fd"), "lowest free from 3");
        SpecProcess.Reply full = p1.request("dup 0");
        assertFalse(full.ok());
        assertEquals("EMFILE", full.errnoName(), full.raw());
        assertEquals("dup", full.call());
    }

    @Test
    void execKeepsFdsWithoutCloexecAndTheHelpersOwn() {
        assertTrue(p1.request("dup 0").ok());
        SpecProcess.Reply r = p1.request("exec");
        assertTrue(r.ok(), r.raw());
        assertEquals(Integer.toString(p1.pid()), r.get("pid"), "same process, new image");
        assertTrue(r.get("3").endsWith(":0"), "fd 3 survives exec without FD_CLOEXEC: " + r.raw());
        // The link to p2 survived too: the helper's own fds are not close-on-exec.
        assertTrue(p1.request("send p2 3").ok());
        SpecProcess.Reply got = p2.request("recv p1");
        assertTrue(got.ok(), got.raw());
        assertEquals(3, got.intValue("fd"));
    }

    @Test
    void aSendIntoAFullTableIsTruncated() {
        assertTrue(p1.request("dup 0").ok());
        assertTrue(p2.request("dup 0").ok());
        assertTrue(p1.request("send p2 3").ok());
        SpecProcess.Reply got = p2.request("recv p1");
        assertTrue(got.ok());
        assertTrue(got.fields().containsKey("trunc"), "MSG_CTRUNC, no fd: " + got.raw());
        assertEquals("ok 3=" + p2.request("fds").get("3"), p2.request("fds").raw());
    }

    @Test
    void aBadFdIsEbadfAndBadRequestsAreEinval() {
        assertEquals("EBADF", p1.request("close 3").errnoName());
        assertEquals("EBADF", p1.request("send p2 3").errnoName());
        assertEquals("EBADF", p1.request("lseek 4 0 0").errnoName());
        assertEquals("EINVAL", p1.request("lseek x 0 0").errnoName());
        assertEquals("EINVAL", p1.request("nonsense").errnoName());
        assertEquals("EINVAL", p1.request("munmap 4096").errnoName(), "only its own mappings");
        assertTrue(p1.request("ping").ok(), "and it is still there");
    }

    @Test
    void theStateListsNoDmaBufMappings() {
        SpecProcess.Reply r = p1.request("state");
        assertTrue(r.ok());
        assertTrue(r.fields().keySet().stream().noneMatch(k -> k.startsWith("m")), r.raw());
        assertTrue(Files.exists(p1.proc("maps")));
    }

    @Test
    void resetClosesEverySlot() {
        assertTrue(p1.request("dup 0").ok());
        assertTrue(p1.request("reset").ok());
        assertEquals("ok 3=-", p1.request("fds").raw());
    }

    @Test
    void theHelperIsBuiltOnceFromItsSource() {
        Path a = ProcHelper.binary();
        assertEquals(a, ProcHelper.binary());
        assertTrue(Files.isExecutable(a));
        assertTrue(a.getFileName().toString().startsWith(ProcHelper.PROC + "-"));
    }
}
