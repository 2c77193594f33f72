package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Guide "3. Each buffer-user 'connects' itself to the buffer": DmaBufGet and DmaBufAttach, and
 * the deferred allocation that the attachments make possible.
 */
class ConnectToTheBufferTest {

  @Test
  void getTakesAKernelReferenceThroughTheFd() {
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    Result<DmaBuf> r = k.dmaBufGet("d1", "p1", fd);
    assertEquals("ok", r.outcome());
    assertSame(k.buffer("b1"), r.value());
    Snapshot s = k.snapshot();
    assertEquals(2, s.refcount().get("b1"));
    assertEquals(1, s.drvRefs().get("b1").get("d1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void getOnAnFdThatIsNotOpenIsEbadf() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    Snapshot before = k.snapshot();
    assertFails(Errno.EBADF, k.dmaBufGet("d1", "p1", 4));
    assertFails(Errno.EBADF, k.dmaBufGet("d1", "p2", 3));
    assertFails(Errno.EBADF, k.dmaBufGet("d1", "p1", 0));
    assertFails(Errno.EBADF, k.dmaBufGet("d1", "p1", 99));
    assertEquals(before, k.snapshot());
  }

  @Test
  void onlyDevicesGetThroughAnFd() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.exportTo(k, "b1", "p1");
    assertThrows(IllegalArgumentException.class, () -> k.dmaBufGet("exp", "p1", 3));
  }

  @Test
  void attachReturnsTheAttachmentAndAddsTheDeviceToTheList() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    Result<DmaBufAttachment> r = k.dmaBufAttach("d1", "b1");
    assertEquals("attachment", r.outcome());
    assertEquals("d1", r.value().device().name());
    assertEquals(Set.of("d1"), k.snapshot().attached().get("b1"));
    assertEquals(1, k.buffer("b1").attachments().size());
  }

  @Test
  void attachWithoutAReferenceIsEinval() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d1");
    assertFails(Errno.EINVAL, k.dmaBufAttach("d2", "b1"));
    assertEquals(Set.of(), k.snapshot().attached().get("b1"));
  }

  @Test
  void attachingTwiceIsEbusy() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    assertFails(Errno.EBUSY, k.dmaBufAttach("d1", "b1"));
  }

  @Test
  void aDeviceNoStorageCanServeWithTheOthersIsEinval() {
    // d2 needs contig, d3 needs sys: "If the exporter cannot fulfill the backing-storage
    // constraints ... dma_buf_attach() would return an error".
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.imported(k, "d2", "d3");
    ok(k.dmaBufAttach("d2", "b1"));
    assertFails(Errno.EINVAL, k.dmaBufAttach("d3", "b1"));
    assertEquals(Set.of("d2"), k.snapshot().attached().get("b1"));
  }

  @Test
  void theExporterWaitsForTheFirstMapToAllocate() {
    // "Until this stage, the buffer-exporter has the option to choose not to actually allocate"
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1", "d2");
    assertEquals("none", k.snapshot().storage().get("b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    assertEquals("contig", k.snapshot().storage().get("b1"), "collated: d2 needs contig");
  }

  @Test
  void aStrictExporterRefusesEveryAttachAfterAMap() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_first_map", "refuse", true)));
    assertEquals(StrictExporter.class, k.exporter().getClass());
    Fixtures.imported(k, "d1", "d3");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    assertFails(Errno.EBUSY, k.dmaBufAttach("d3", "b1"));
    // The refusal comes before the compatibility check, and after the core's own checks.
    assertFails(Errno.EBUSY, k.dmaBufAttach("d1", "b1"));
  }

  @Test
  void aStrictExporterRefusesBeforeCheckingCompatibility() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withPolicy(
        ExporterPolicy.of("at_first_map", "refuse", true)));
    Fixtures.imported(k, "d2", "d3");
    ok(k.dmaBufAttach("d2", "b1"));
    ok(k.dmaBufMapAttachment("d2", "b1", TO));
    assertFails(Errno.EBUSY, k.dmaBufAttach("d3", "b1"), "incompatible too, but refused first");
  }

  @Test
  void attachOnAReleasedBufferIsNotEnabled() {
    ReferenceKernel k = Fixtures.kernel();
    ok(k.dmaBufExport("b1"));
    ok(k.dmaBufPut("exp", "b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufAttach("d1", "b1"));
    assertThrows(NotEnabledException.class, () -> k.dmaBufAttach("d1", "b2"), "unexported");
  }
}
