package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ioctls later kernels added on the dma-buf fd (KERNEL-ABI.md): DMA_BUF_IOCTL_SYNC's flags
 * check and DMA_BUF_SET_NAME, with ENOTTY on kernels without them.
 */
class UserspaceIoctlsTest {

  private static ReferenceKernel on(KernelProfile profile) {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withProfile(profile));
    Fixtures.exportTo(k, "b1", "p1");
    return k;
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 5, 6, 7})
  void syncAcceptsReadOrWriteOptionallyWithEnd(long flags) {
    assertEquals("ok", on(KernelProfile.MODERN).dmaBufIoctlSync("p1", 3, flags).outcome());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 4, 8, 15, -1})
  void syncRejectsOtherFlags(long flags) {
    // IGT prime_mmap test_invalid_sync_flags
    assertFails(Errno.EINVAL, on(KernelProfile.MODERN).dmaBufIoctlSync("p1", 3, flags));
  }

  @Test
  void syncErrorsInOrder() {
    assertFails(Errno.EBADF, on(KernelProfile.MODERN).dmaBufIoctlSync("p1", 4, 0));
    assertFails(Errno.EBADF, on(KernelProfile.SEED).dmaBufIoctlSync("p1", 4, 3));
    assertFails(Errno.ENOTTY, on(KernelProfile.SEED).dmaBufIoctlSync("p1", 3, 0));
    assertFails(Errno.ENOTTY, on(KernelProfile.PRE312).dmaBufIoctlSync("p1", 3, 3));
  }

  @Test
  void uapiNumbersAndMask() {
    assertEquals(0x40086200, DmaBufUapi.DMA_BUF_IOCTL_SYNC);
    assertEquals(7, DmaBufUapi.DMA_BUF_SYNC_VALID_FLAGS_MASK);
    assertTrue(DmaBufUapi.syncFlagsValid(DmaBufUapi.DMA_BUF_SYNC_RW | DmaBufUapi.DMA_BUF_SYNC_END));
    assertFalse(DmaBufUapi.syncFlagsValid(DmaBufUapi.DMA_BUF_SYNC_START));
  }

  @Test
  void setNameNamesTheBuffer() {
    ReferenceKernel k = on(KernelProfile.MODERN);
    assertEquals("ok", k.dmaBufSetName("p1", 3, "cam").outcome());
    assertEquals("cam", k.snapshot().name().get("b1"));
    assertEquals("cam", k.buffer("b1").name());
  }

  @Test
  void setNameWhileAttachedIsEbusyOn5xOnly() {
    ReferenceKernel v5 = on(KernelProfile.V5);
    ok(v5.dmaBufGet("d1", "p1", 3));
    ok(v5.dmaBufSetName("p1", 3, "a"));
    ok(v5.dmaBufAttach("d1", "b1"));
    assertFails(Errno.EBUSY, v5.dmaBufSetName("p1", 3, "cam"));
    assertEquals("a", v5.snapshot().name().get("b1"));

    ReferenceKernel modern = on(KernelProfile.MODERN);
    ok(modern.dmaBufGet("d1", "p1", 3));
    ok(modern.dmaBufAttach("d1", "b1"));
    ok(modern.dmaBufSetName("p1", 3, "cam"));
  }

  @Test
  void setNameErrorsInOrder() {
    assertFails(Errno.EBADF, on(KernelProfile.MODERN).dmaBufSetName("p1", 4, "cam"));
    assertFails(Errno.EBADF, on(KernelProfile.SEED).dmaBufSetName("p1", 4, "cam"));
    assertFails(Errno.ENOTTY, on(KernelProfile.SEED).dmaBufSetName("p1", 3, "cam"));
    // outside the spec's domain: strndup_user's answers
    assertFails(Errno.EFAULT, on(KernelProfile.MODERN).dmaBufSetName("p1", 3, null));
    assertFails(Errno.EINVAL, on(KernelProfile.MODERN).dmaBufSetName("p1", 3, "x".repeat(32)));
    ok(on(KernelProfile.MODERN).dmaBufSetName("p1", 3, "x".repeat(31)));
  }
}
