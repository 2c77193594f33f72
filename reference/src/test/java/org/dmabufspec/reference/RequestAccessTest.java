package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.FROM;
import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Guide "4. When needed, buffer-user requests access to the buffer": DmaBufMapAttachment. */
class RequestAccessTest {

  @Test
  void mapReturnsTheSgTableOnTheChosenStorage() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    Result<SgTable> r = k.dmaBufMapAttachment("d1", "b1", FROM);
    assertEquals("sg_table", r.outcome());
    assertEquals(0, r.ret());
    SgTable t = r.value();
    assertEquals(new SgTable("b1", "d1", StorageKind.SYSTEM, 2, 8192, FROM), t);
    Snapshot s = k.snapshot();
    assertEquals("DMA_FROM_DEVICE", s.mapped().get("b1").get("d1"));
    assertEquals("none", s.mapped().get("b1").get("d2"));
    assertEquals("sys", s.storage().get("b1"), "d1 alone: the least strict kind");
    assertTrue(s.everMapped().get("b1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void theFirstMapCollatesTheConstraintsOfEveryAttachedDevice() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1", "d2");
    assertEquals(StorageKind.CONTIGUOUS, ok(k.dmaBufMapAttachment("d1", "b1", TO)).storage());
    assertEquals(StorageKind.CONTIGUOUS, ok(k.dmaBufMapAttachment("d2", "b1", TO)).storage());
  }

  @Test
  void mapWithoutAttachIsEinval() {
    // "At least one attach to the buffer must have happened before map_dma_buf can be called."
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    Snapshot before = k.snapshot();
    assertFails(Errno.EINVAL, k.dmaBufMapAttachment("d1", "b1", TO));
    assertEquals(before, k.snapshot());
  }

  @Test
  void aSecondMapOfTheSameAttachmentIsEbusy() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    assertFails(Errno.EBUSY, k.dmaBufMapAttachment("d1", "b1", FROM));
    assertEquals("DMA_TO_DEVICE", k.snapshot().mapped().get("b1").get("d1"));
  }

  @Test
  void aPendingSignalIsEintrAndIsConsumed() {
    // "map_dma_buf() operation can return -EINTR if it is interrupted by a signal."
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    Fixtures.attached(k, "d1");
    Snapshot before = k.snapshot();
    Thread.currentThread().interrupt();
    assertFails(Errno.EINTR, k.dmaBufMapAttachment("d1", "b1", TO));
    assertFalse(Thread.currentThread().isInterrupted());
    assertEquals(before, k.snapshot());
    assertEquals("DmaBufMapAttachment:EINTR", rec.names().get(rec.names().size() - 1));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
  }

  @Test
  void theCoresErrorsComeBeforeTheSignal() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    Thread.currentThread().interrupt();
    try {
      assertFails(Errno.EBUSY, k.dmaBufMapAttachment("d1", "b1", TO));
      assertFails(Errno.EINVAL, k.dmaBufMapAttachment("d2", "b1", TO));
      assertTrue(Thread.currentThread().isInterrupted(), "not consumed by an earlier error");
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void withAllocationAtExportTheStorageIsAlreadyThere() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_export", "migrate", true)));
    Fixtures.attached(k, "d3");
    assertEquals(StorageKind.SYSTEM, ok(k.dmaBufMapAttachment("d3", "b1", TO)).storage());
  }
}
