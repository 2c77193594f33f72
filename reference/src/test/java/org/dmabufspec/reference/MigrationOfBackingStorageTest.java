package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.FROM;
import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Guide NOTES, "Migration of backing storage if needed": a stricter device attaching after a map
 * makes the exporter stall maps until everything is unmapped, migrate, and let maps go on; an
 * exporter that cannot meet the constraints, or refuses attaches after a map, returns an error.
 */
class MigrationOfBackingStorageTest {

  /** d1 maps b1 on sys; then d2 (contig only) attaches: a migration is pending. */
  private static void stricterDeviceAfterAMap(ReferenceKernel k) {
    Fixtures.imported(k, "d1", "d2");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    assertEquals("attachment", k.dmaBufAttach("d2", "b1").outcome());
    assertEquals("sys", k.snapshot().storage().get("b1"));
  }

  @Test
  void aMapStallsUntilTheOthersUnmapAndTheExporterMigrates() throws Exception {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, rec);
    stricterDeviceAfterAMap(k);
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", FROM);
    assertTrue(call.isStalled());
    assertEquals("DMA_FROM_DEVICE", k.snapshot().stalled().get("b1").get("d2"));
    assertEquals("none", k.snapshot().mapped().get("b1").get("d2"));
    Fixtures.assertInvariants(k);
    assertThrows(NotEnabledException.class, () -> k.exporterMigrate("b1"), "d1 still maps it");
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    assertTrue(call.isStalled(), "deferred: the exporter migrates only when told");
    ok(k.exporterMigrate("b1"));
    Result<SgTable> r = call.await(Duration.ofSeconds(10)).orElseThrow();
    assertEquals("sg_table", r.outcome());
    assertEquals(StorageKind.CONTIGUOUS, r.value().storage());
    assertFalse(call.isStalled(), "done");
    assertTrue(call.hasStalled(), "it did stall on the way");
    Snapshot s = k.snapshot();
    assertEquals("contig", s.storage().get("b1"));
    assertEquals("DMA_FROM_DEVICE", s.mapped().get("b1").get("d2"));
    assertEquals("none", s.stalled().get("b1").get("d2"));
    assertEquals(List.of("DmaBufMapAttachment:stalled", "DmaBufUnmapAttachment:ok",
        "ExporterMigrate:ok", "DmaBufMapAttachment:sg_table"),
        rec.names().subList(rec.names().size() - 4, rec.names().size()));
    Fixtures.assertInvariants(k);
    // afterwards any device maps from the migrated storage
    assertEquals(StorageKind.CONTIGUOUS, ok(k.dmaBufMapAttachment("d1", "b1", TO)).storage());
  }

  @Test
  void steppedSchedulingResumesOnlyWhenTold() throws Exception {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.STEPPED, EventSink.NONE);
    stricterDeviceAfterAMap(k);
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", TO);
    assertThrows(NotEnabledException.class, () -> k.dmaBufMapAttachmentResume("d2", "b1"),
        "the migration is pending");
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    ok(k.exporterMigrate("b1"));
    assertTrue(call.await(Duration.ofMillis(100)).isEmpty(), "still stalled");
    assertEquals("DMA_TO_DEVICE", k.snapshot().stalled().get("b1").get("d2"));
    Result<SgTable> r = k.dmaBufMapAttachmentResume("d2", "b1");
    assertEquals("sg_table", r.outcome());
    assertEquals(r, call.join());
    assertEquals("DMA_TO_DEVICE", k.snapshot().mapped().get("b1").get("d2"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufMapAttachmentResume("d2", "b1"));
  }

  @Test
  void automaticSchedulingMigratesOnTheLastUnmap() throws Exception {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    stricterDeviceAfterAMap(k);
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", TO);
    assertTrue(call.isStalled());
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    Result<SgTable> r = call.await(Duration.ofSeconds(10)).orElseThrow();
    assertEquals(StorageKind.CONTIGUOUS, r.value().storage());
    assertTrue(rec.names().contains("ExporterMigrate:ok"));
    assertThrows(NotEnabledException.class, () -> k.exporterMigrate("b1"), "already done");
  }

  @Test
  void automaticSchedulingMigratesAtOnceWhenNothingIsMapped() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_export", "migrate", true)));
    Fixtures.imported(k, "d2");
    assertEquals("sys", k.snapshot().storage().get("b1"));
    ok(k.dmaBufAttach("d2", "b1"));
    assertEquals("contig", k.snapshot().storage().get("b1"));
    assertEquals(StorageKind.CONTIGUOUS, ok(k.dmaBufMapAttachment("d2", "b1", TO)).storage());
  }

  @Test
  void interruptingAStalledMapGivesEintr() throws Exception {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.STEPPED, rec);
    stricterDeviceAfterAMap(k);
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", TO);
    Snapshot stalled = k.snapshot();
    call.interrupt();
    Result<SgTable> r = call.await(Duration.ofSeconds(10)).orElseThrow();
    assertFails(Errno.EINTR, r);
    Snapshot s = k.snapshot();
    assertEquals("none", s.stalled().get("b1").get("d2"));
    assertEquals("none", s.mapped().get("b1").get("d2"));
    assertEquals(List.of("stalled"), stalled.diff(s));
    assertEquals("DmaBufMapAttachment:EINTR", rec.last().action() + ":" + rec.last().outcome());
    assertEquals(List.of("d2", "b1", "DMA_TO_DEVICE"), rec.last().args());
  }

  @Test
  void detachingTheStricterDeviceEndsTheStallWithoutMigration() throws Exception {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, EventSink.NONE);
    int fd = Fixtures.imported(k, "d1", "d2", "d3");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufAttach("d2", "b1"));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    MapCall call = k.dmaBufMapAttachmentAsync("d1", "b1", TO);
    assertTrue(call.isStalled(), "the pending migration stalls every map");
    ok(k.dmaBufDetach("d2", "b1"));
    Result<SgTable> r = call.await(Duration.ofSeconds(10)).orElseThrow();
    assertEquals(StorageKind.SYSTEM, r.value().storage());
    assertEquals("sys", k.snapshot().storage().get("b1"));
    assertEquals(3, fd);
  }

  @Test
  void aWaitingAttachmentCannotMapUnmapOrDetach() {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.STEPPED, EventSink.NONE);
    stricterDeviceAfterAMap(k);
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", TO);
    Snapshot before = k.snapshot();
    assertThrows(NotEnabledException.class, () -> k.dmaBufMapAttachment("d2", "b1", TO));
    assertThrows(NotEnabledException.class, () -> k.dmaBufUnmapAttachment("d2", "b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufDetach("d2", "b1"));
    assertFails(Errno.EBUSY, k.dmaBufPut("d2", "b1"));
    assertEquals(before, k.snapshot());
    call.interrupt();
    assertFails(Errno.EINTR, call.join());
  }

  @Test
  void anExporterThatCannotMeetTheConstraintsRefusesTheAttach() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d2", "d3");
    ok(k.dmaBufAttach("d2", "b1"));
    ok(k.dmaBufMapAttachment("d2", "b1", TO));
    assertFails(Errno.EINVAL, k.dmaBufAttach("d3", "b1"));
  }

  @Test
  void anExporterThatRefusesAttachAfterMapReturnsEbusy() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_first_map", "refuse", true)));
    Fixtures.imported(k, "d1", "d2");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    assertFails(Errno.EBUSY, k.dmaBufAttach("d2", "b1"));
    assertFalse(k.snapshot().attached().get("b1").contains("d2"));
  }

  @Test
  void aRefusingExporterStillMigratesForADeviceAttachedBeforeAnyMap() throws Exception {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_export", "refuse", true)), Scheduling.DEFERRED, EventSink.NONE);
    Fixtures.imported(k, "d2");
    ok(k.dmaBufAttach("d2", "b1"));
    MapCall call = k.dmaBufMapAttachmentAsync("d2", "b1", TO);
    assertTrue(call.isStalled());
    ok(k.exporterMigrate("b1"));
    assertEquals(StorageKind.CONTIGUOUS, call.join().value().storage());
  }
}
