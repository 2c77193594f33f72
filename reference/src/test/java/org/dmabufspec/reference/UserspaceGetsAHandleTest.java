package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** Guide "2. Userspace gets a handle to pass around to potential buffer-users": DmaBufFd. */
class UserspaceGetsAHandleTest {

  @Test
  void theFdTakesOverTheExportersReference() {
    ReferenceKernel k = Fixtures.kernel();
    ok(k.dmaBufExport("b1"));
    Result<Integer> r = k.dmaBufFd("p1", "b1", true);
    assertEquals("fd", r.outcome());
    assertEquals(3, r.ret());
    assertEquals(3, r.value());
    Snapshot s = k.snapshot();
    assertEquals(1, s.refcount().get("b1"), "the reference moves, the count stays");
    assertEquals(0, s.drvRefs().get("b1").get("exp"));
    assertEquals(new Snapshot.Fd("b1", true), s.fds().get("p1").get(3));
    assertEquals(Snapshot.Fd.NONE, s.fds().get("p1").get(4));
    assertEquals(Set.of("b1"), s.granted().get("p1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void fdsAreTheLowestFreeSlotFromThree() {
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    assertEquals(3, fd);
    assertEquals(4, k.fdDup("p1", 3).ret());
    ok(k.fdClose("p1", 3));
    ok(k.dmaBufExport("b2"));
    assertEquals(3, k.dmaBufFd("p1", "b2", false).ret());
  }

  @Test
  void emfileLeavesTheReferenceWithTheExporter() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    ok(k.fdDup("p1", 3));
    ok(k.dmaBufExport("b2"));
    Snapshot before = k.snapshot();
    assertFails(Errno.EMFILE, k.dmaBufFd("p1", "b2", false));
    assertEquals(before, k.snapshot());
    assertEquals(1, k.snapshot().drvRefs().get("b2").get("exp"));
    // "on EMFILE the exporter keeps it (and must put it)"
    ok(k.dmaBufPut("exp", "b2"));
    assertEquals("released", k.snapshot().bufState().get("b2"));
  }

  @Test
  void theExporterNeedsAReferenceToInstall() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    assertThrows(NotEnabledException.class, () -> k.dmaBufFd("p2", "b1", false));
    assertThrows(NotEnabledException.class, () -> k.dmaBufFd("p1", "b2", false), "b2 unexported");
  }
}
