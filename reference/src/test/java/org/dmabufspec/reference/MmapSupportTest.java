package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.assertFails;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Guide "Direct Userspace Access/mmap Support": mmap on the fd, the size check, munmap. */
class MmapSupportTest {

  @Test
  void mmapHoldsAFileReference() {
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    Result<Mapping> r = k.dmaBufMmap("p1", fd, 1, 1);
    assertEquals("ok", r.outcome());
    assertEquals(List.of(1, 1), r.value().spec());
    Snapshot s = k.snapshot();
    assertEquals(List.of(1, 1), s.mmaps().get("p1").get("b1"));
    assertEquals(List.of(), s.mmaps().get("p1").get("b2"));
    assertEquals(2, s.refcount().get("b1"));
    Fixtures.assertInvariants(k);
  }

  @Test
  void theCoreRejectsAMappingPastTheEnd() {
    // "the dma-buf core checks whether a vma is too large and rejects such mappings"
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    Snapshot before = k.snapshot();
    assertFails(Errno.EINVAL, k.dmaBufMmap("p1", fd, 3, 0));
    assertFails(Errno.EINVAL, k.dmaBufMmap("p1", fd, 2, 1));
    assertFails(Errno.EINVAL, k.dmaBufMmap("p1", fd, 0, 0));
    assertEquals(before, k.snapshot());
    ok(k.dmaBufMmap("p1", fd, 2, 0));
    assertFails(Errno.EINVAL, k.dmaBufMmap("p1", fd, 2, 1), "the size check comes before the rest");
  }

  @Test
  void mmapOfAClosedFdIsEbadf() {
    // IGT prime_mmap test_errors: mmap after close gives EBADF
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    ok(k.fdDup("p1", fd));
    ok(k.fdClose("p1", fd));
    assertFails(Errno.EBADF, k.dmaBufMmap("p1", fd, 1, 0));
    assertFails(Errno.EBADF, k.dmaBufMmap("p2", 3, 1, 0));
  }

  @Test
  void oneMappingPerProcessAndBufferAsInTheSpec() {
    ReferenceKernel k = Fixtures.kernel();
    int fd = Fixtures.exportTo(k, "b1", "p1");
    ok(k.dmaBufMmap("p1", fd, 1, 0));
    assertThrows(NotEnabledException.class, () -> k.dmaBufMmap("p1", fd, 1, 1));
  }

  @Test
  void theMappingOutlivesTheFdAndMunmapReleases() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.AUTOMATIC, rec);
    int fd = Fixtures.exportTo(k, "b1", "p1");
    ok(k.dmaBufMmap("p1", fd, 2, 0));
    ok(k.fdClose("p1", fd));
    assertEquals("live", k.snapshot().bufState().get("b1"));
    Fixtures.assertInvariants(k);
    rec.clear();
    ok(k.munmap("p1", "b1"));
    assertEquals(List.of("Munmap:ok", "DmaBufRelease:ok"), rec.names());
    assertEquals("released", k.snapshot().bufState().get("b1"));
    assertThrows(NotEnabledException.class, () -> k.munmap("p1", "b1"), "nothing mapped");
  }
}
