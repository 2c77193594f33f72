package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.FROM;
import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guide "Kernel cpu access to a dma-buf buffer object": begin/end_cpu_access, kmap,
 * kmap_atomic (at most 2 per context), vmap counted with one exporter vmap.
 */
class KernelCpuAccessTest {

  private static ReferenceKernel withImporter() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    return k;
  }

  @Test
  void beginOpensTheRangeAndEndClosesIt() {
    ReferenceKernel k = withImporter();
    assertEquals("ok", k.dmaBufBeginCpuAccess("b1", 1, 1, FROM).outcome());
    assertEquals(new Snapshot.Window(1, 1, "DMA_FROM_DEVICE"), k.snapshot().cpuWindow().get("b1"));
    assertEquals("ok", k.dmaBufEndCpuAccess("b1", 1, 1, FROM).outcome());
    assertEquals(Snapshot.Window.NONE, k.snapshot().cpuWindow().get("b1"));
  }

  @Test
  void beginErrorsInOrder() {
    ReferenceKernel k = withImporter();
    assertFails(Errno.EINVAL, k.dmaBufBeginCpuAccess("b1", 1, 2, TO));
    assertFails(Errno.EINVAL, k.dmaBufBeginCpuAccess("b1", -1, 1, TO));
    assertFails(Errno.EINVAL, k.dmaBufBeginCpuAccess("b1", 0, 0, TO));
    ok(k.dmaBufBeginCpuAccess("b1", 0, 2, TO));
    assertFails(Errno.EBUSY, k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
    assertFails(Errno.EINVAL, k.dmaBufBeginCpuAccess("b1", 1, 2, TO), "the range check comes first");
  }

  @Test
  void beginCanRunOutOfMemory() {
    // "This step might fail, e.g. in oom conditions."
    ReferenceKernel k = withImporter();
    k.faults().failNext(FaultInjector.Point.BEGIN_CPU_ACCESS);
    assertFails(Errno.EINVAL, k.dmaBufBeginCpuAccess("b1", 1, 2, TO));
    assertEquals(1, k.faults().armed(FaultInjector.Point.BEGIN_CPU_ACCESS), "not reached");
    Snapshot before = k.snapshot();
    assertFails(Errno.ENOMEM, k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
    assertEquals(before, k.snapshot());
    ok(k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
  }

  @Test
  void endErrorsInOrder() {
    ReferenceKernel k = withImporter();
    assertFails(Errno.EINVAL, k.dmaBufEndCpuAccess("b1", 0, 1, TO), "nothing begun");
    ok(k.dmaBufBeginCpuAccess("b1", 0, 2, TO));
    assertFails(Errno.EINVAL, k.dmaBufEndCpuAccess("b1", 0, 1, TO));
    assertFails(Errno.EINVAL, k.dmaBufEndCpuAccess("b1", 0, 2, FROM));
    ok(k.dmaBufKmap("b1", 1));
    assertFails(Errno.EBUSY, k.dmaBufEndCpuAccess("b1", 0, 2, TO));
    ok(k.dmaBufKunmap("b1", 1));
    ok(k.dmaBufKmapAtomic("c1", "b1", 0));
    assertFails(Errno.EBUSY, k.dmaBufEndCpuAccess("b1", 0, 2, TO));
    assertFails(Errno.EINVAL, k.dmaBufEndCpuAccess("b1", 0, 1, TO), "mismatch comes first");
    ok(k.dmaBufKunmapAtomic("c1", "b1", 0));
    ok(k.dmaBufEndCpuAccess("b1", 0, 2, TO));
  }

  @Test
  void kmapIsPageByPageInsideTheRange() {
    ReferenceKernel k = withImporter();
    assertFails(Errno.EINVAL, k.dmaBufKmap("b1", 0), "no range begun");
    ok(k.dmaBufBeginCpuAccess("b1", 1, 1, TO));
    assertFails(Errno.EINVAL, k.dmaBufKmap("b1", 0), "outside the range");
    assertFails(Errno.EINVAL, k.dmaBufKmap("b1", 2), "past the buffer");
    Result<Long> r = k.dmaBufKmap("b1", 1);
    assertEquals("ptr", r.outcome());
    assertEquals(0, r.ret());
    assertNotEquals(0L, r.value());
    assertEquals(Set.of(1), k.snapshot().kmapped().get("b1"));
    assertFails(Errno.EBUSY, k.dmaBufKmap("b1", 1));
    ok(k.dmaBufKunmap("b1", 1));
    assertFails(Errno.EINVAL, k.dmaBufKunmap("b1", 1));
    ok(k.dmaBufKmap("b1", 1));
    Fixtures.assertInvariants(k);
  }

  @Test
  void atMostTwoAtomicKmapsPerContext() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    Fixtures.exportTo(k, "b2", "p1");
    ok(k.dmaBufGet("d1", "p1", 4));
    ok(k.dmaBufBeginCpuAccess("b1", 0, 2, TO));
    ok(k.dmaBufBeginCpuAccess("b2", 0, 2, TO));
    assertEquals("ptr", k.dmaBufKmapAtomic("c1", "b1", 0).outcome());
    assertFails(Errno.EBUSY, k.dmaBufKmapAtomic("c1", "b1", 0), "held already");
    ok(k.dmaBufKmapAtomic("c1", "b2", 1));
    assertFails(Errno.EBUSY, k.dmaBufKmapAtomic("c1", "b1", 1), "third in c1");
    assertFails(Errno.EINVAL, k.dmaBufKmapAtomic("c1", "b1", 2), "range first");
    ok(k.dmaBufKmapAtomic("c2", "b1", 0));
    assertEquals(Set.of(new KernelContext.AtomicKmap("b1", 0), new KernelContext.AtomicKmap("b2", 1)),
        k.snapshot().atomics().get("c1"));
    ok(k.dmaBufKunmapAtomic("c1", "b1", 0));
    assertFails(Errno.EINVAL, k.dmaBufKunmapAtomic("c1", "b1", 0));
    ok(k.dmaBufKmapAtomic("c1", "b1", 1));
    Fixtures.assertInvariants(k);
  }

  @Test
  void vmapIsCountedAndTheExporterVmapsOnce() {
    ReferenceKernel k = withImporter();
    Result<Long> first = k.dmaBufVmap("b1");
    assertEquals("addr", first.outcome());
    assertEquals(0, first.ret());
    assertEquals(first.value(), ok(k.dmaBufVmap("b1")), "the cached address");
    Snapshot s = k.snapshot();
    assertEquals(2, s.vmapCount().get("b1"));
    assertEquals(1, s.exporterVmaps().get("b1"));
    ok(k.dmaBufVunmap("b1"));
    assertEquals(1, k.snapshot().exporterVmaps().get("b1"));
    ok(k.dmaBufVunmap("b1"));
    assertEquals(0, k.snapshot().exporterVmaps().get("b1"));
    assertFails(Errno.EINVAL, k.dmaBufVunmap("b1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void vmapCanRunOutOfVmallocSpaceOnlyWhenTheExporterIsCalled() {
    ReferenceKernel k = withImporter();
    k.faults().failNext(FaultInjector.Point.VMAP);
    assertFails(Errno.ENOMEM, k.dmaBufVmap("b1"));
    ok(k.dmaBufVmap("b1"));
    k.faults().failNext(FaultInjector.Point.VMAP);
    ok(k.dmaBufVmap("b1"));
    assertEquals(1, k.faults().armed(FaultInjector.Point.VMAP), "a counted vmap does not call down");
  }

  @Test
  void vmapWithoutExporterSupportIsEinval() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_first_map", "migrate", false)));
    Fixtures.imported(k, "d1");
    k.faults().failNext(FaultInjector.Point.VMAP);
    assertFails(Errno.EINVAL, k.dmaBufVmap("b1"));
    assertEquals(1, k.faults().armed(FaultInjector.Point.VMAP));
  }

  @Test
  void modernKernelsHaveNoKmap() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withProfile(KernelProfile.MODERN));
    Fixtures.imported(k, "d1");
    ok(k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKmap("b1", 0));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKunmap("b1", 0));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKmapAtomic("c1", "b1", 0));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKunmapAtomic("c1", "b1", 0));
    ok(k.dmaBufVmap("b1"));
  }

  @Test
  void cpuAccessNeedsAnImportersReference() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    assertThrows(NotEnabledException.class, () -> k.dmaBufBeginCpuAccess("b1", 0, 1, TO));
    assertThrows(NotEnabledException.class, () -> k.dmaBufVmap("b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufKmap("b1", 0));
    assertThrows(IllegalArgumentException.class, () -> k.dmaBufKmapAtomic("c9", "b1", 0));
  }
}
