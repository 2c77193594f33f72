package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Guide "Other Interfaces Exposed to Userspace on the dma-buf FD": llseek with offset 0 and
 * SEEK_END or SEEK_SET only, ESPIPE before 3.12.
 */
class LlseekTest {

  @Test
  void theSizeDiscoveryPattern() {
    // size = SEEK_END(0); SEEK_SET(0)
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    Result<Long> end = k.dmaBufLlseek("p1", fd, 0, Whence.SEEK_END);
    assertEquals("ok", end.outcome());
    assertEquals(8192, end.ret());
    Result<Long> set = k.dmaBufLlseek("p1", fd, 0, Whence.SEEK_SET);
    assertEquals("ok", set.outcome());
    assertEquals(0, set.ret());
  }

  @Test
  void everyOtherLlseekIsEinval() {
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    assertFails(Errno.EINVAL, k.dmaBufLlseek("p1", fd, 0, Whence.SEEK_CUR));
    assertFails(Errno.EINVAL, k.dmaBufLlseek("p1", fd, 1, Whence.SEEK_END));
    assertFails(Errno.EINVAL, k.dmaBufLlseek("p1", fd, 1, Whence.SEEK_SET));
  }

  @Test
  void kernelsBefore312ReportEspipeForAllCases() {
    ReferenceKernel k = new ReferenceKernel(Fixtures.CI.withProfile(KernelProfile.PRE312));
    int fd = Fixtures.exportTo(k, "b1", "p1");
    assertFails(Errno.ESPIPE, k.dmaBufLlseek("p1", fd, 0, Whence.SEEK_END));
    assertFails(Errno.ESPIPE, k.dmaBufLlseek("p1", fd, 1, Whence.SEEK_CUR));
    assertFails(Errno.EBADF, k.dmaBufLlseek("p1", 4, 0, Whence.SEEK_END), "EBADF first");
  }

  @Test
  void llseekOnAnFdThatIsNotOpenIsEbadf() {
    ReferenceKernel k = Fixtures.kernel();
    assertFails(Errno.EBADF, k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END));
    assertFails(Errno.EBADF, k.dmaBufLlseek("p1", 3, 1, Whence.SEEK_CUR));
  }
}
