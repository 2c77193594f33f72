package org.dmabufspec.reference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The spec's module DmaBufFile: the user-space side. The fd's lifetime (dup, close, SCM_RIGHTS,
 * exec and FD_CLOEXEC: guide "Miscellaneous notes"), mmap (guide "Direct Userspace Access/mmap
 * Support"), llseek (guide "Other Interfaces Exposed to Userspace on the dma-buf FD"), and the
 * ioctls of later kernels. The public documentation is on {@link ReferenceKernel}.
 */
final class DmaBufFile {
  private final KernelState k;

  DmaBufFile(KernelState k) {
    this.k = k;
  }

  // fs/file.c dup(2)
  Result<Integer> dup(String p, int fd) {
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      Result<Integer> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else {
        int nfd = proc.fds().install(e.file(), false);
        if (nfd < 0) {
          r = Result.fail(Errno.EMFILE);
        } else {
          e.file().fileRefs().retain();
          r = Result.ok(Outcome.FD, nfd, nfd);
        }
      }
      if (k.tracing) {
        k.trace("FdDup", r, p, fd);
      }
      return r;
    } finally {
      proc.lock.unlock();
    }
  }

  // close(2): fput of the fd's reference
  Result<Void> close(String p, int fd) {
    Process proc = k.process(p);
    DmaBuf last = null;
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().remove(fd);
      Result<Void> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else {
        if (e.file().fileRefs().release()) {
          last = e.file();
        }
        r = Result.ok(null);
      }
      if (k.tracing) {
        k.trace("FdClose", r, p, fd);
      }
      return r;
    } finally {
      proc.lock.unlock();
      if (last != null) {
        k.lastReferenceDropped(last);
      }
    }
  }

  // sendmsg(2)/recvmsg(2) with SCM_RIGHTS
  Result<Integer> send(String p, String q, int fd) {
    Process from = k.process(p);
    Process to = k.process(q);
    if (from == to) {
      throw k.notEnabled("FdSend", "a process sends to another one (p # q)", p, q, fd);
    }
    boolean fromFirst = k.config.procs().indexOf(p) < k.config.procs().indexOf(q);
    Process first = fromFirst ? from : to;
    Process second = fromFirst ? to : from;
    first.lock.lock();
    try {
      second.lock.lock();
      try {
        FdTable.Entry e = from.fds().get(fd);
        Result<Integer> r;
        if (e == null) {
          r = Result.fail(Errno.EBADF);
        } else {
          int nfd = to.fds().install(e.file(), false);
          if (nfd < 0) {
            r = Result.fail(Errno.EMFILE);
          } else {
            e.file().fileRefs().retain();
            to.granted().add(e.file().id());
            r = Result.ok(Outcome.FD, nfd, nfd);
          }
        }
        if (k.tracing) {
          k.trace("FdSend", r, p, q, fd);
        }
        return r;
      } finally {
        second.lock.unlock();
      }
    } finally {
      first.lock.unlock();
    }
  }

  // execve(2): close the FD_CLOEXEC fds, drop the old address space's mappings
  Result<Void> exec(String p) {
    Process proc = k.process(p);
    List<DmaBuf> last = new ArrayList<>();
    proc.lock.lock();
    try {
      List<DmaBuf> dropped = new ArrayList<>();
      // The deliberate defect EXEC_KEEPS_CLOEXEC (conformance tests only) keeps them open.
      for (int fd : k.config.has(Defect.EXEC_KEEPS_CLOEXEC) ? List.<Integer>of()
          : proc.fds().cloexecFds()) {
        dropped.add(proc.fds().remove(fd).file());
      }
      for (Mapping m : proc.mmaps().values()) {
        dropped.add(m.file());
      }
      proc.mmaps().clear();
      for (DmaBuf buf : dropped) {
        if (buf.fileRefs().release()) {
          last.add(buf);
        }
      }
      Result<Void> r = Result.ok(null);
      if (k.tracing) {
        k.trace("ProcessExec", r, p);
      }
      return r;
    } finally {
      proc.lock.unlock();
      last.forEach(k::lastReferenceDropped);
    }
  }

  // mmap(2) -> dma-buf.c::dma_buf_mmap_internal() -> ops->mmap
  Result<Mapping> mmap(String p, int fd, int len, int pgoff) {
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      Result<Mapping> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else if (len < 1 || pgoff < 0 || (long) pgoff + len > k.config.nPages()) {
        r = Result.fail(Errno.EINVAL);
      } else {
        DmaBuf buf = e.file();
        if (proc.mmaps().containsKey(buf.id())) {
          throw k.notEnabled("DmaBufMmap", p + " already maps " + buf.id()
              + " (the spec keeps one mapping per process and buffer)", p, fd, len, pgoff);
        }
        buf.lock.lock();
        try {
          Mapping vma = new Mapping(p, buf, pgoff, len);
          Result<Void> done = buf.ops().mmap(buf, vma);
          if (done.isOk()) {
            buf.fileRefs().retain();
            proc.mmaps().put(buf.id(), vma);
            r = Result.ok(vma);
          } else {
            r = done.castError();
          }
        } finally {
          buf.lock.unlock();
        }
      }
      if (k.tracing) {
        k.trace("DmaBufMmap", r, p, fd, len, pgoff);
      }
      return r;
    } finally {
      proc.lock.unlock();
    }
  }

  // munmap(2): the vma's file reference goes
  Result<Void> munmap(String p, String b) {
    Process proc = k.process(p);
    k.buffer(b);
    DmaBuf last = null;
    proc.lock.lock();
    try {
      Mapping m = proc.mmaps().remove(b);
      if (m == null) {
        throw k.notEnabled("Munmap", p + " has no mapping of " + b, p, b);
      }
      if (m.file().fileRefs().release()) {
        last = m.file();
      }
      Result<Void> r = Result.ok(null);
      if (k.tracing) {
        k.trace("Munmap", r, p, b);
      }
      return r;
    } finally {
      proc.lock.unlock();
      if (last != null) {
        k.lastReferenceDropped(last);
      }
    }
  }

  // dma-buf.c::dma_buf_llseek()
  Result<Long> llseek(String p, int fd, long off, Whence whence) {
    Objects.requireNonNull(whence, "whence");
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      Result<Long> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else if (!k.config.profile().hasLlseek()) {
        r = Result.fail(Errno.ESPIPE);
      } else if (off != 0 || (whence != Whence.SEEK_SET && whence != Whence.SEEK_END
          && !(whence == Whence.SEEK_CUR && k.config.has(Defect.LLSEEK_ACCEPTS_SEEK_CUR)))) {
        r = Result.fail(Errno.EINVAL);
      } else {
        long pos = whence == Whence.SEEK_END ? e.file().size() : 0;
        r = Result.ok(Outcome.OK, pos, pos);
      }
      if (k.tracing) {
        k.trace("DmaBufLlseek", r, p, fd, off, whence);
      }
      return r;
    } finally {
      proc.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_ioctl(DMA_BUF_IOCTL_SYNC)
  Result<Void> ioctlSync(String p, int fd, long flags) {
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      Result<Void> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else if (!k.config.profile().hasIoctls()) {
        r = Result.fail(Errno.ENOTTY);
      } else if (!DmaBufUapi.syncFlagsValid(flags)) {
        r = Result.fail(Errno.EINVAL);
      } else {
        r = Result.ok(null);
      }
      if (k.tracing) {
        k.trace("DmaBufIoctlSync", r, p, fd, flags);
      }
      return r;
    } finally {
      proc.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_set_name() (DMA_BUF_SET_NAME)
  Result<Void> setName(String p, int fd, String n) {
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      Result<Void> r;
      if (e == null) {
        r = Result.fail(Errno.EBADF);
      } else if (!k.config.profile().hasIoctls()) {
        r = Result.fail(Errno.ENOTTY);
      } else if (n == null) {
        r = Result.fail(Errno.EFAULT);
      } else if (n.getBytes(StandardCharsets.UTF_8).length >= DmaBufUapi.DMA_BUF_NAME_LEN) {
        // strndup_user(buf, DMA_BUF_NAME_LEN): the name and its NUL must fit
        r = Result.fail(Errno.EINVAL);
      } else {
        DmaBuf buf = e.file();
        buf.lock.lock();
        try {
          if (k.config.profile().setNameBusyWhenAttached() && !buf.attachmentsLocked().isEmpty()) {
            r = Result.fail(Errno.EBUSY);
          } else {
            buf.setName(n);
            r = Result.ok(null);
          }
          // reported under the buffer lock: the EBUSY check and the name are ordered against
          // a concurrent attach, detach or rename in the log as they were in the run
          if (k.tracing) {
            k.trace("DmaBufSetName", r, p, fd, n);
          }
          return r;
        } finally {
          buf.lock.unlock();
        }
      }
      if (k.tracing) {
        k.trace("DmaBufSetName", r, p, fd, n);
      }
      return r;
    } finally {
      proc.lock.unlock();
    }
  }
}
