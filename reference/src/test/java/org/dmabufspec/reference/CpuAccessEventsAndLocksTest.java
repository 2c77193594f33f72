package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Guide "Kernel cpu access to a dma-buf buffer object", as the reference's users see it beyond
 * the outcomes: every call leaves exactly one event with the spec's name, arguments and outcome
 * (the logs that trace validation reads), gives its locks back (another thread can look at the
 * kernel at once), and is no step of the spec on a released buffer or without an importer.
 */
class CpuAccessEventsAndLocksTest {

  private static String event(CallEvent e) {
    return e.action() + e.args() + " -> " + e.outcome();
  }

  @Test
  void everyCpuAccessCallLeavesOneEvent() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    Fixtures.imported(k, "d1");
    rec.clear();
    k.dmaBufEndCpuAccess("b1", 0, 1, TO);
    k.dmaBufKmap("b1", 0);
    k.dmaBufBeginCpuAccess("b1", 0, 2, TO);
    k.dmaBufBeginCpuAccess("b1", 0, 1, TO);
    k.dmaBufKmap("b1", 1);
    k.dmaBufKunmap("b1", 0);
    k.dmaBufKunmap("b1", 1);
    k.dmaBufKmapAtomic("c1", "b1", 0);
    k.dmaBufKunmapAtomic("c1", "b1", 1);
    k.dmaBufKunmapAtomic("c1", "b1", 0);
    k.dmaBufEndCpuAccess("b1", 0, 2, TO);
    k.dmaBufVunmap("b1");
    k.dmaBufVmap("b1");
    k.dmaBufVunmap("b1");
    List<String> got = new ArrayList<>();
    rec.events.forEach(e -> got.add(event(e)));
    assertEquals(List.of(
        "DmaBufEndCpuAccess[b1, 0, 1, DMA_TO_DEVICE] -> EINVAL",
        "DmaBufKmap[b1, 0] -> EINVAL",
        "DmaBufBeginCpuAccess[b1, 0, 2, DMA_TO_DEVICE] -> ok",
        "DmaBufBeginCpuAccess[b1, 0, 1, DMA_TO_DEVICE] -> EBUSY",
        "DmaBufKmap[b1, 1] -> ptr",
        "DmaBufKunmap[b1, 0] -> EINVAL",
        "DmaBufKunmap[b1, 1] -> ok",
        "DmaBufKmapAtomic[c1, b1, 0] -> ptr",
        "DmaBufKunmapAtomic[c1, b1, 1] -> EINVAL",
        "DmaBufKunmapAtomic[c1, b1, 0] -> ok",
        "DmaBufEndCpuAccess[b1, 0, 2, DMA_TO_DEVICE] -> ok",
        "DmaBufVunmap[b1] -> EINVAL",
        "DmaBufVmap[b1] -> addr",
        "DmaBufVunmap[b1] -> ok"), got);
    String me = Thread.currentThread().getName();
    rec.events.forEach(e -> assertEquals(me, e.thread(), e::toString));
  }

  /** After each call another thread takes every lock of the kernel (a snapshot) in time. */
  @Test
  void everyCpuAccessCallGivesItsLocksBack() throws Exception {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      List<Supplier<Result<?>>> calls = List.of(
          () -> k.dmaBufBeginCpuAccess("b1", 0, 2, TO),
          () -> k.dmaBufBeginCpuAccess("b1", 0, 2, TO),
          () -> k.dmaBufKmap("b1", 1),
          () -> k.dmaBufKmap("b1", 1),
          () -> k.dmaBufKunmap("b1", 1),
          () -> k.dmaBufKunmap("b1", 1),
          () -> k.dmaBufKmapAtomic("c1", "b1", 0),
          () -> k.dmaBufKunmapAtomic("c1", "b1", 0),
          () -> k.dmaBufKunmapAtomic("c1", "b1", 0),
          () -> k.dmaBufEndCpuAccess("b1", 0, 2, TO),
          () -> k.dmaBufEndCpuAccess("b1", 0, 2, TO),
          () -> k.dmaBufVmap("b1"),
          () -> k.dmaBufVunmap("b1"),
          () -> k.dmaBufVunmap("b1"));
      for (int i = 0; i < calls.size(); i++) {
        Result<?> r = calls.get(i).get();
        Future<Snapshot> s = other.submit(k::snapshot);
        try {
          s.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("call " + i + " (" + r + ") kept a lock: another thread could not take a snapshot");
        } catch (ExecutionException e) {
          fail("snapshot after call " + i + ": " + e.getCause());
        }
      }
    } finally {
      other.shutdownNow();
    }
  }

  @Test
  void withoutAnImporterCpuAccessIsNoStep() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    assertThrows(NotEnabledException.class, () -> k.dmaBufEndCpuAccess("b1", 0, 1, TO));
    assertThrows(NotEnabledException.class, () -> k.dmaBufVunmap("b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKunmap("b1", 0));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKunmapAtomic("c1", "b1", 0));
  }

  @Test
  void onAnUnexportedBufferCpuAccessIsNoStep() {
    ReferenceKernel k = Fixtures.kernel();
    assertThrows(NotEnabledException.class, () -> k.dmaBufEndCpuAccess("b2", 0, 1, TO));
    assertThrows(NotEnabledException.class, () -> k.dmaBufVunmap("b2"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufVmap("b2"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufBeginCpuAccess("b2", 0, 1, TO));
  }
}
