package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Guide "5. When finished, the buffer-user notifies end-of-DMA to exporter": unmap. */
class EndOfDmaTest {

  @Test
  void unmapEndsTheDmaAndAllowsAnotherMap() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    Result<Void> r = k.dmaBufUnmapAttachment("d1", "b1");
    assertEquals("ok", r.outcome());
    assertEquals("none", k.snapshot().mapped().get("b1").get("d1"));
    assertEquals("sys", k.snapshot().storage().get("b1"), "the storage stays allocated");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    Fixtures.assertInvariants(k);
  }

  @Test
  void unmapWithoutAMapIsEinval() {
    ReferenceKernel k = Fixtures.kernel();
    Fixtures.attached(k, "d1");
    assertFails(Errno.EINVAL, k.dmaBufUnmapAttachment("d1", "b1"));
    assertFails(Errno.EINVAL, k.dmaBufUnmapAttachment("d2", "b1"), "not even attached");
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    assertFails(Errno.EINVAL, k.dmaBufUnmapAttachment("d1", "b1"), "twice");
  }
}
