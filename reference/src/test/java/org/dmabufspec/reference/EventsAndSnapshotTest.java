package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The projection's exact shape and the trace events' spellings. */
class EventsAndSnapshotTest {

  @Test
  void theInitialSnapshotIsTheSpecsInit() {
    Snapshot s = Fixtures.kernel().snapshot();
    assertEquals(Snapshot.VARIABLES, List.copyOf(s.asVariables().keySet()));
    assertEquals(Map.of("b1", "unexported", "b2", "unexported"), s.bufState());
    assertEquals(Map.of("b1", 0, "b2", 0), s.refcount());
    assertEquals(Map.of("d1", 0, "d2", 0, "d3", 0, "exp", 0), s.drvRefs().get("b2"));
    assertEquals(Set.of(), s.attached().get("b1"));
    assertEquals(Map.of("d1", "none", "d2", "none", "d3", "none"), s.mapped().get("b1"));
    assertEquals(Map.of("d1", "none", "d2", "none", "d3", "none"), s.stalled().get("b2"));
    assertEquals(Map.of("b1", "none", "b2", "none"), s.storage());
    assertEquals(Map.of("b1", false, "b2", false), s.everMapped());
    assertEquals(Map.of("b1", 0, "b2", 0), s.releases());
    assertEquals(Map.of("b1", Snapshot.Window.NONE, "b2", Snapshot.Window.NONE), s.cpuWindow());
    assertEquals(new Snapshot.Window(0, 0, "none"), Snapshot.Window.NONE);
    assertEquals(Map.of("b1", Set.of(), "b2", Set.of()), s.kmapped());
    assertEquals(Map.of("c1", Set.of(), "c2", Set.of()), s.atomics());
    assertEquals(Map.of("b1", 0, "b2", 0), s.vmapCount());
    assertEquals(Map.of("b1", 0, "b2", 0), s.exporterVmaps());
    assertEquals(Map.of("b1", "", "b2", ""), s.name());
    assertEquals(Map.of(3, new Snapshot.Fd("none", false), 4, Snapshot.Fd.NONE), s.fds().get("p1"));
    assertEquals(Map.of("b1", List.of(), "b2", List.of()), s.mmaps().get("p2"));
    assertEquals(Map.of("p1", Set.of(), "p2", Set.of()), s.granted());
  }

  @Test
  void snapshotsAreImmutable() {
    Snapshot s = Fixtures.kernel().snapshot();
    assertThrows(UnsupportedOperationException.class, () -> s.bufState().put("b1", "live"));
    assertThrows(UnsupportedOperationException.class, () -> s.drvRefs().get("b1").put("d1", 1));
    assertThrows(UnsupportedOperationException.class, () -> s.attached().get("b1").add("d1"));
    assertThrows(UnsupportedOperationException.class, () -> s.fds().get("p1").put(3, Snapshot.Fd.NONE));
  }

  @Test
  void eventsCarryTheSpecsNamesArgumentsAndOutcomes() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    ok(k.dmaBufExport("b1"));
    ok(k.dmaBufFd("p1", "b1", true));
    ok(k.dmaBufGet("d1", "p1", 3));
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END));
    assertThrows(NotEnabledException.class, () -> k.dmaBufExport("b1"));
    String me = Thread.currentThread().getName();
    assertEquals(List.of(
        new CallEvent("DmaBufExport", List.of("b1"), "ok", 0, me),
        new CallEvent("DmaBufFd", List.of("p1", "b1", true), "fd", 3, me),
        new CallEvent("DmaBufGet", List.of("d1", "p1", 3), "ok", 0, me),
        new CallEvent("DmaBufAttach", List.of("d1", "b1"), "attachment", 0, me),
        new CallEvent("DmaBufMapAttachment", List.of("d1", "b1", "DMA_TO_DEVICE"), "sg_table", 0, me),
        new CallEvent("DmaBufLlseek", List.of("p1", 3, 0L, "SEEK_END"), "ok", 8192, me)), rec.events);
    assertEquals("DmaBufFd(\"p1\", \"b1\", true) -> fd 3", rec.events.get(1).toString());
  }

  @Test
  void withoutASinkNothingIsTraced() {
    // EventSink.NONE switches tracing off: no event object is built at all.
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI, Scheduling.AUTOMATIC, EventSink.NONE);
    ok(k.dmaBufExport("b1"));
    assertEquals(Scheduling.AUTOMATIC, k.scheduling());
  }

  @Test
  void resultsAreValuesNotExceptions() {
    Result<Integer> fail = Result.fail(Errno.EMFILE);
    assertFalse(fail.isOk());
    assertEquals("EMFILE", fail.outcome());
    assertEquals(0, fail.ret());
    assertEquals(Errno.EMFILE, fail.error().orElseThrow());
    assertThrows(IllegalStateException.class, fail::value);
    Result<Integer> fd = Result.ok(Outcome.FD, 3, 3);
    assertEquals("fd", fd.outcome());
    assertEquals(3, fd.ret());
    assertEquals(Errno.EINVAL, Errno.fromNumber(-22).orElseThrow());
    assertEquals(75, Errno.EOVERFLOW.number());
    assertEquals(List.of("pre312", "seed", "v5", "modern"),
        Arrays.stream(KernelProfile.values()).map(KernelProfile::spec).toList());
    assertEquals(StorageKind.CONTIGUOUS, StorageKind.fromSpec("contig"));
  }
}
