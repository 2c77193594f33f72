package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guide "6. when buffer-user is done using this buffer, it 'disconnects' itself": DmaBufDetach,
 * DmaBufPut and the release that follows the last reference.
 */
class DisconnectTest {

  @Test
  void detachRemovesTheAttachment() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    assertEquals("ok", k.dmaBufDetach("d1", "b1").outcome());
    assertEquals(Set.of(), k.snapshot().attached().get("b1"));
    assertEquals(0, k.buffer("b1").attachments().size());
  }

  @Test
  void detachErrors() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    assertFails(Errno.EINVAL, k.dmaBufDetach("d2", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    assertFails(Errno.EBUSY, k.dmaBufDetach("d1", "b1"));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    ok(k.dmaBufDetach("d1", "b1"));
    assertFails(Errno.EINVAL, k.dmaBufDetach("d1", "b1"));
  }

  @Test
  void putDropsOneKernelReference() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    assertEquals("ok", k.dmaBufPut("d1", "b1").outcome());
    Snapshot s = k.snapshot();
    assertEquals(1, s.refcount().get("b1"));
    assertEquals(0, s.drvRefs().get("b1").get("d1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void putWithoutAReferenceIsEinval() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    assertFails(Errno.EINVAL, k.dmaBufPut("d2", "b1"));
    assertFails(Errno.EINVAL, k.dmaBufPut("exp", "b1"), "the fd took the exporter's reference");
    assertThrows(IllegalArgumentException.class, () -> k.dmaBufPut("d9", "b1"));
  }

  @Test
  void theLastReferenceOfAnAttachedDeviceIsEbusy() {
    // "it first detaches itself from the buffer. Then, the buffer-user returns the reference"
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.attached(k, "d1");
    assertFails(Errno.EBUSY, k.dmaBufPut("d1", "b1"));
    ok(k.dmaBufGet("d1", "p1", fd));
    ok(k.dmaBufPut("d1", "b1"));
    assertFails(Errno.EBUSY, k.dmaBufPut("d1", "b1"));
    ok(k.dmaBufDetach("d1", "b1"));
    ok(k.dmaBufPut("d1", "b1"));
  }

  @Test
  void theImportersLastReferenceIsEbusyWhileCpuAccessIsOpen() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    ok(k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
    assertFails(Errno.EBUSY, k.dmaBufPut("d1", "b1"));
    ok(k.dmaBufEndCpuAccess("b1", 0, 1, TO));
    ok(k.dmaBufVmap("b1"));
    assertFails(Errno.EBUSY, k.dmaBufPut("d1", "b1"));
    ok(k.dmaBufVunmap("b1"));
    ok(k.dmaBufPut("d1", "b1"));
  }

  @Test
  void anotherImportersReferenceKeepsCpuAccessPossible() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1", "d3");
    ok(k.dmaBufVmap("b1"));
    ok(k.dmaBufPut("d1", "b1"));
    assertFails(Errno.EBUSY, k.dmaBufPut("d3", "b1"));
  }

  @Test
  void theLastReferenceReleasesTheBufferBeforeTheCallReturns() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    Fixtures.attached(k, "d1");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    ok(k.dmaBufDetach("d1", "b1"));
    ok(k.fdClose("p1", 3));
    assertEquals("live", k.snapshot().bufState().get("b1"));
    rec.clear();
    ok(k.dmaBufPut("d1", "b1"));
    Snapshot s = k.snapshot();
    assertEquals("released", s.bufState().get("b1"));
    assertEquals(1, s.releases().get("b1"));
    assertEquals("none", s.storage().get("b1"), "the exporter freed the storage");
    assertEquals(0, s.refcount().get("b1"));
    assertEquals(List.of("DmaBufPut:ok", "DmaBufRelease:ok"), rec.names());
    assertThrows(NotEnabledException.class, () -> k.dmaBufRelease("b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufPut("d1", "b1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void deferredReleaseWaitsForItsOwnStep() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, rec);
    Fixtures.imported(k, "d1");
    assertThrows(NotEnabledException.class, () -> k.dmaBufRelease("b1"), "references remain");
    ok(k.fdClose("p1", 3));
    ok(k.dmaBufPut("d1", "b1"));
    Snapshot s = k.snapshot();
    assertEquals("live", s.bufState().get("b1"));
    assertEquals(0, s.refcount().get("b1"));
    assertEquals(0, s.releases().get("b1"));
    Fixtures.assertInvariants(k);
    rec.clear();
    assertEquals("ok", k.dmaBufRelease("b1").outcome());
    assertEquals(List.of("DmaBufRelease:ok"), rec.names());
    assertEquals("released", k.snapshot().bufState().get("b1"));
    assertEquals(1, k.snapshot().releases().get("b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufRelease("b1"), "exactly once");
    assertThrows(NotEnabledException.class, () -> k.dmaBufRelease("b2"), "never exported");
  }
}
