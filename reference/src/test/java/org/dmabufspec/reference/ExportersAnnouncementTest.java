package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Guide "1. Exporter's announcement of buffer export": DmaBufExport. */
class ExportersAnnouncementTest {

  @Test
  void exportMakesTheBufferLiveWithTheExportersReference() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    Result<DmaBuf> r = k.dmaBufExport("b1");
    assertEquals("ok", r.outcome());
    assertEquals(0, r.ret());
    DmaBuf buf = r.value();
    assertEquals("exp", buf.expName());
    assertEquals(2 * 4096, buf.size());
    assertEquals("", buf.name());
    Snapshot s = k.snapshot();
    assertEquals("live", s.bufState().get("b1"));
    assertEquals("unexported", s.bufState().get("b2"));
    assertEquals(1, s.refcount().get("b1"));
    assertEquals(Map.of("d1", 0, "d2", 0, "d3", 0, "exp", 1), s.drvRefs().get("b1"));
    assertEquals("none", s.storage().get("b1"), "deferred allocation: nothing before the first map");
    assertEquals(new CallEvent("DmaBufExport", List.of("b1"), "ok", 0, Thread.currentThread().getName()),
        rec.last());
    Fixtures.assertInvariants(k);
  }

  @Test
  void atExportAllocatesTheLeastStrictStorage() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_export", "migrate", true)));
    ok(k.dmaBufExport("b1"));
    assertEquals("sys", k.snapshot().storage().get("b1"));
  }

  @Test
  void enomemWhenTheAllocationFailsLeavesTheBufferUnexported() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    Snapshot before = k.snapshot();
    k.faults().failNext(FaultInjector.Point.EXPORT);
    assertFails(Errno.ENOMEM, k.dmaBufExport("b1"));
    assertEquals(before, k.snapshot());
    assertEquals("DmaBufExport:ENOMEM", rec.names().get(0));
    assertEquals(0, k.faults().armed(FaultInjector.Point.EXPORT));
    ok(k.dmaBufExport("b1"));
  }

  @Test
  void aFaultArmedForOneBufferSparesTheOthers() {
    ReferenceKernel k = Fixtures.kernel();
    k.faults().failNext(FaultInjector.Point.EXPORT, "b2");
    ok(k.dmaBufExport("b1"));
    assertFails(Errno.ENOMEM, k.dmaBufExport("b2"));
    ok(k.dmaBufExport("b2"));
  }

  @Test
  void aBufferIsExportedOnceAndNeverAgainAfterRelease() {
    ReferenceKernel k = Fixtures.kernel();
    ok(k.dmaBufExport("b1"));
    Snapshot before = k.snapshot();
    NotEnabledException e = assertThrows(NotEnabledException.class, () -> k.dmaBufExport("b1"));
    assertEquals("DmaBufExport", e.action());
    assertEquals(before, k.snapshot());
    ok(k.dmaBufPut("exp", "b1"));
    assertEquals("released", k.snapshot().bufState().get("b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufExport("b1"));
  }

  @Test
  void unknownBufferIdsAreRejected() {
    ReferenceKernel k = Fixtures.kernel();
    assertThrows(IllegalArgumentException.class, () -> k.dmaBufExport("b9"));
  }
}
