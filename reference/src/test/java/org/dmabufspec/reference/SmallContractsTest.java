package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** The small contracts of the reference's public types that the guide-section tests do not reach. */
class SmallContractsTest {

  @Test
  void aMisusedCountSaysWhichWayAndWhetherItWasFree() {
    assertEquals("refcount: 0 + 1 (use after free)", new IllegalReferenceCountException(0, 1).getMessage());
    assertEquals("refcount: 0 - 1 (use after free)", new IllegalReferenceCountException(0, -1).getMessage());
    assertEquals("refcount: 2 - 3 (underflow)", new IllegalReferenceCountException(2, -3).getMessage());
    assertEquals("refcount: 1 + 0 (underflow)", new IllegalReferenceCountException(1, 0).getMessage());
  }

  @Test
  void failedWithNamesTheErrno() {
    assertTrue(Result.fail(Errno.EINVAL).failedWith(Errno.EINVAL));
    assertFalse(Result.fail(Errno.EBADF).failedWith(Errno.EINVAL));
    assertFalse(Result.ok("x").failedWith(Errno.EINVAL));
  }

  @Test
  void aDeviceMayAcceptNothing() {
    assertEquals(Set.of(), Device.of("dx").accepts());
    assertEquals(Set.of(StorageKind.SYSTEM), Device.of("dy", StorageKind.SYSTEM).accepts());
  }

  @Test
  void aMapThatNeverStalledIsNotStalled() throws Exception {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    ok(k.dmaBufAttach("d1", "b1"));
    MapCall m = k.dmaBufMapAttachmentAsync("d1", "b1", TO);
    assertEquals("sg_table", m.join().outcome());
    assertTrue(m.isDone());
    assertFalse(m.isStalled());
    assertFalse(m.hasStalled());
  }

  @Test
  void iowComputesTheUapiNumbers() {
    assertEquals(0x40086200, DmaBufUapi.iow('b', 0, 8), "DMA_BUF_IOCTL_SYNC");
    assertEquals(0x40086201, DmaBufUapi.iow('b', 1, 8), "DMA_BUF_SET_NAME");
    assertEquals(0x40046201, DmaBufUapi.iow('b', 1, 4), "the size lands in bits 16-29");
  }

  @Test
  void theBuffersAccessorsSayWhatTheSpecSays() {
    ReferenceKernel k = Fixtures.kernel();
    DmaBuf buf = ok(k.dmaBufExport("b1"));
    assertEquals(DmaBuf.State.LIVE, buf.state());
    assertTrue(buf.priv() != null, "the exporter's private data");
    ok(k.dmaBufFd("p1", "b1", false));
    ok(k.dmaBufGet("d1", "p1", 3));
    assertEquals(0, buf.vmapCount());
    ok(k.dmaBufVmap("b1"));
    assertEquals(1, buf.vmapCount());
  }

  /** The buffer's accessors take its lock and give it back. */
  @Test
  void theBuffersAccessorsGiveTheLockBack() throws Exception {
    ReferenceKernel k = Fixtures.kernel();
    DmaBuf buf = ok(k.dmaBufExport("b1"));
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      List<Runnable> reads = List.of(buf::name, buf::expName, buf::attachments, buf::priv, buf::state,
          buf::vmapCount);
      for (int i = 0; i < reads.size(); i++) {
        reads.get(i).run();
        Future<Snapshot> s = other.submit(k::snapshot);
        try {
          s.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail("accessor " + i + " kept the buffer's lock");
        }
      }
    } finally {
      other.shutdownNow();
    }
  }
}
