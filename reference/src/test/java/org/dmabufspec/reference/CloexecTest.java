package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guide "Miscellaneous notes": FD_CLOEXEC set atomically by dma_buf_fd and honoured by exec; and
 * the fd lifetime around it: dup (clears CLOEXEC), close, SCM_RIGHTS (the receiver's fd has no
 * CLOEXEC).
 */
class CloexecTest {

  @Test
  void execClosesCloexecFdsKeepsTheOthersAndDropsEveryMapping() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    ok(k.dmaBufExport("b1"));
    ok(k.dmaBufExport("b2"));
    assertEquals(3, k.dmaBufFd("p1", "b1", true).ret());
    assertEquals(4, k.dmaBufFd("p1", "b2", false).ret());
    ok(k.dmaBufMmap("p1", 4, 1, 0));
    rec.clear();
    ok(k.processExec("p1"));
    Snapshot s = k.snapshot();
    assertEquals(Snapshot.Fd.NONE, s.fds().get("p1").get(3));
    assertEquals(new Snapshot.Fd("b2", false), s.fds().get("p1").get(4));
    assertEquals(List.of(), s.mmaps().get("p1").get("b2"));
    assertEquals(1, s.refcount().get("b2"));
    assertEquals("released", s.bufState().get("b1"), "the CLOEXEC fd was b1's last reference");
    assertEquals(List.of("ProcessExec:ok", "DmaBufRelease:ok"), rec.names());
    assertTrue(Invariants.checkStep(k.config(), rec.events.get(0), s).isEmpty());
    Fixtures.assertInvariants(k);
  }

  @Test
  void dupClearsCloexec() {
    ReferenceKernel k = Fixtures.kernel();
    ok(k.dmaBufExport("b1"));
    ok(k.dmaBufFd("p1", "b1", true));
    Result<Integer> r = k.fdDup("p1", 3);
    assertEquals("fd", r.outcome());
    assertEquals(4, r.ret());
    assertEquals(new Snapshot.Fd("b1", false), k.snapshot().fds().get("p1").get(4));
    assertEquals(2, k.snapshot().refcount().get("b1"));
    ok(k.processExec("p1"));
    assertEquals(new Snapshot.Fd("b1", false), k.snapshot().fds().get("p1").get(4));
    assertEquals("live", k.snapshot().bufState().get("b1"));
  }

  @Test
  void dupErrors() {
    ReferenceKernel k = Fixtures.kernel();
    assertFails(Errno.EBADF, k.fdDup("p1", 3));
    Fixtures.exportTo(k, "b1", "p1");
    ok(k.fdDup("p1", 3));
    Snapshot before = k.snapshot();
    assertFails(Errno.EMFILE, k.fdDup("p1", 3));
    assertFails(Errno.EBADF, k.fdDup("p1", 5), "EBADF before EMFILE");
    assertEquals(before, k.snapshot());
  }

  @Test
  void closeDropsTheFdsReference() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    ok(k.fdDup("p1", 3));
    assertEquals("ok", k.fdClose("p1", 3).outcome());
    assertEquals(1, k.snapshot().refcount().get("b1"));
    assertFails(Errno.EBADF, k.fdClose("p1", 3));
    assertFails(Errno.EBADF, k.fdClose("p2", 4));
  }

  @Test
  void scmRightsGivesTheReceiverAFdWithoutCloexec() {
    ReferenceKernel k = Fixtures.kernel();
    ok(k.dmaBufExport("b1"));
    ok(k.dmaBufFd("p1", "b1", true));
    Result<Integer> r = k.fdSend("p1", "p2", 3);
    assertEquals("fd", r.outcome());
    assertEquals(3, r.ret());
    Snapshot s = k.snapshot();
    assertEquals(new Snapshot.Fd("b1", false), s.fds().get("p2").get(3));
    assertEquals(new Snapshot.Fd("b1", true), s.fds().get("p1").get(3), "the sender keeps its fd");
    assertEquals(Set.of("b1"), s.granted().get("p2"));
    assertEquals(2, s.refcount().get("b1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void sendErrors() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    assertFails(Errno.EBADF, k.fdSend("p1", "p2", 4));
    ok(k.fdSend("p1", "p2", 3));
    ok(k.fdSend("p1", "p2", 3));
    assertFails(Errno.EMFILE, k.fdSend("p1", "p2", 3));
    assertFails(Errno.EBADF, k.fdSend("p2", "p1", 5), "EBADF before EMFILE");
    assertThrows(NotEnabledException.class, () -> k.fdSend("p1", "p1", 3));
  }

  @Test
  void execOfAProcessWithoutFdsChangesNothingButItsMappings() {
    ReferenceKernel k = Fixtures.kernel();
    Snapshot before = k.snapshot();
    assertEquals("ok", k.processExec("p2").outcome());
    assertEquals(before, k.snapshot());
  }
}
