package org.dmabufspec.reference;

import java.util.List;
import java.util.Objects;

/**
 * The spec's module DmaBufLifecycle: guide section "dma-buf operations for device dma only",
 * steps 1 to 6 and its NOTES (export, fd, get, attach, map with deferred allocation and the
 * stall during migration, unmap, detach, put, release, migration). The public documentation of
 * each call, with the TLA+ action it implements, is on {@link ReferenceKernel}.
 */
final class DmaBufLifecycle {
  private final KernelState k;

  DmaBufLifecycle(KernelState k) {
    this.k = k;
  }

  // dma-buf.c::dma_buf_export()
  Result<DmaBuf> export(String b) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      if (buf.stateLocked() != DmaBuf.State.UNEXPORTED) {
        throw k.notEnabled("DmaBufExport", "buffer " + b + " is " + buf.stateLocked().spec(), b);
      }
      Result<DmaBuf> r;
      if (k.faults.shouldFail(FaultInjector.Point.EXPORT, b)) {
        r = Result.fail(Errno.ENOMEM);
      } else {
        buf.export(k.config.exporter(), k.exporter, k.exporter.allocate(buf));
        r = Result.ok(buf);
      }
      if (k.tracing) {
        k.trace("DmaBufExport", r, b);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_fd()
  Result<Integer> fd(String p, String b, boolean cloexec) {
    Process proc = k.process(p);
    DmaBuf buf = k.buffer(b);
    String exp = k.config.exporter();
    proc.lock.lock();
    try {
      buf.lock.lock();
      try {
        requireLive(buf, "DmaBufFd", p, b, cloexec);
        if (buf.driverRefs(exp) == 0) {
          throw k.notEnabled("DmaBufFd", "the exporter holds no reference on " + b + " to install",
              p, b, cloexec);
        }
        int fd = proc.fds().install(buf, cloexec);
        Result<Integer> r;
        if (fd < 0) {
          r = Result.fail(Errno.EMFILE);
        } else {
          // The exporter's reference becomes the fd's: the count does not change.
          buf.dropDriverRef(exp);
          proc.granted().add(b);
          r = Result.ok(Outcome.FD, fd, fd);
        }
        if (k.tracing) {
          k.trace("DmaBufFd", r, p, b, cloexec);
        }
        return r;
      } finally {
        buf.lock.unlock();
      }
    } finally {
      proc.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_get()
  Result<DmaBuf> get(String d, String p, int fd) {
    k.device(d);
    Process proc = k.process(p);
    proc.lock.lock();
    try {
      FdTable.Entry e = proc.fds().get(fd);
      if (e == null) {
        Result<DmaBuf> r = Result.fail(Errno.EBADF);
        if (k.tracing) {
          k.trace("DmaBufGet", r, d, p, fd);
        }
        return r;
      }
      DmaBuf buf = e.file();
      buf.lock.lock();
      try {
        requireLive(buf, "DmaBufGet", d, p, fd);
        buf.addDriverRef(d);
        buf.fileRefs().retain();
        Result<DmaBuf> r = Result.ok(buf);
        if (k.tracing) {
          k.trace("DmaBufGet", r, d, p, fd);
        }
        return r;
      } finally {
        buf.lock.unlock();
      }
    } finally {
      proc.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_attach() -> ops->attach()
  Result<DmaBufAttachment> attach(String d, String b) {
    Device dev = k.device(d);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufAttach", d, b);
      Result<DmaBufAttachment> r;
      if (buf.driverRefs(d) == 0) {
        r = Result.fail(Errno.EINVAL);
      } else if (buf.attachment(d) != null) {
        r = Result.fail(Errno.EBUSY);
      } else {
        DmaBufAttachment a = new DmaBufAttachment(buf, dev);
        Result<Void> accepted = buf.ops().attach(buf, a);
        if (accepted.isOk()) {
          buf.addAttachment(a);
          r = Result.ok(Outcome.ATTACHMENT, 0, a);
        } else {
          r = accepted.castError();
        }
      }
      if (k.tracing) {
        k.trace("DmaBufAttach", r, d, b);
      }
      if (r.isOk()) {
        exporterRuns(buf);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_map_attachment() -> ops->map_dma_buf()
  Result<SgTable> map(String d, String b, DataDirection dir) {
    k.device(d);
    Objects.requireNonNull(dir, "dir");
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufMapAttachment", d, b, dir);
      DmaBufAttachment a = buf.attachment(d);
      if (a != null && a.stall() != null) {
        throw k.notEnabled("DmaBufMapAttachment", "a map of " + d + " on " + b
            + " is already waiting for a migration", d, b, dir);
      }
      Result<SgTable> r;
      if (a == null) {
        r = Result.fail(Errno.EINVAL);
      } else if (a.mappedDir() != null) {
        r = Result.fail(Errno.EBUSY);
      } else if (Thread.interrupted()) {
        r = Result.fail(Errno.EINTR);
      } else if (k.exporter.migrationPending(buf)) {
        return stall(buf, a, dir);
      } else {
        r = mapLocked(buf, a, dir);
      }
      if (k.tracing) {
        k.trace("DmaBufMapAttachment", r, d, b, dir);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  /**
   * The exporter stalls the map until no migration is pending (guide NOTES: "the exporter can
   * just stall on the map_dma_buf until all outstanding access is completed"), interruptibly.
   */
  private Result<SgTable> stall(DmaBuf buf, DmaBufAttachment a, DataDirection dir) {
    String d = a.device().name();
    DmaBufAttachment.Stall s = new DmaBufAttachment.Stall(dir, Thread.currentThread().getName());
    a.setStall(s);
    if (k.tracing) {
      k.trace("DmaBufMapAttachment", Outcome.STALLED.spec(), 0, s.thread, d, buf.id(), dir);
    }
    Runnable hook = k.onStall.get();
    if (hook != null) {
      hook.run();
    }
    while (true) {
      try {
        buf.waitQueue.await();
      } catch (InterruptedException e) {
        if (s.result != null) {
          // Someone completed the map before the signal arrived: keep the signal pending.
          Thread.currentThread().interrupt();
          return s.result;
        }
        a.setStall(null);
        Result<SgTable> r = Result.fail(Errno.EINTR);
        if (k.tracing) {
          k.trace("DmaBufMapAttachment", r, d, buf.id(), dir);
        }
        return r;
      }
      if (s.result != null) {
        return s.result;
      }
      if (k.scheduling != Scheduling.STEPPED && !k.exporter.migrationPending(buf)) {
        return resumeLocked(buf, a);
      }
    }
  }

  // The spec's DmaBufMapAttachmentResume, on request.
  Result<SgTable> resume(String d, String b) {
    k.device(d);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      DmaBufAttachment a = buf.isLive() ? buf.attachment(d) : null;
      if (a == null || a.stall() == null) {
        throw k.notEnabled("DmaBufMapAttachmentResume", "no map of " + d + " on " + b + " is waiting",
            d, b);
      }
      if (k.exporter.migrationPending(buf)) {
        throw k.notEnabled("DmaBufMapAttachmentResume", "the migration of " + b + " is still pending",
            d, b);
      }
      Result<SgTable> r = resumeLocked(buf, a);
      buf.waitQueue.signalAll();
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  /** Completes the waiting map of {@code a}, on behalf of its caller. */
  private Result<SgTable> resumeLocked(DmaBuf buf, DmaBufAttachment a) {
    DmaBufAttachment.Stall s = a.stall();
    a.setStall(null);
    Result<SgTable> r = mapLocked(buf, a, s.dir);
    s.result = r;
    if (k.tracing) {
      k.trace("DmaBufMapAttachment", r.outcome(), r.ret(), s.thread, a.device().name(), buf.id(), s.dir);
    }
    return r;
  }

  private Result<SgTable> mapLocked(DmaBuf buf, DmaBufAttachment a, DataDirection dir) {
    Result<SgTable> r = buf.ops().mapDmaBuf(a, dir);
    if (!r.isOk()) {
      return r;
    }
    a.setMapped(r.value(), dir);
    return Result.ok(Outcome.SG_TABLE, 0, r.value());
  }

  // dma-buf.c::dma_buf_unmap_attachment() -> ops->unmap_dma_buf()
  Result<Void> unmap(String d, String b) {
    k.device(d);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufUnmapAttachment", d, b);
      DmaBufAttachment a = buf.attachment(d);
      Result<Void> r;
      if (a != null && a.mappedDir() != null) {
        buf.ops().unmapDmaBuf(a, a.table(), a.mappedDir());
        a.clearMapped();
        r = Result.ok(null);
      } else if (a != null && a.stall() != null) {
        throw k.notEnabled("DmaBufUnmapAttachment", "the map of " + d + " on " + b
            + " is still waiting for a migration", d, b);
      } else {
        r = Result.fail(Errno.EINVAL);
      }
      if (k.tracing) {
        k.trace("DmaBufUnmapAttachment", r, d, b);
      }
      if (r.isOk()) {
        exporterRuns(buf);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_detach() -> ops->detach()
  Result<Void> detach(String d, String b) {
    k.device(d);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufDetach", d, b);
      DmaBufAttachment a = buf.attachment(d);
      if (a != null && a.stall() != null) {
        throw k.notEnabled("DmaBufDetach", "the map of " + d + " on " + b
            + " is still waiting for a migration", d, b);
      }
      Result<Void> r;
      if (a == null) {
        r = Result.fail(Errno.EINVAL);
      } else if (a.mappedDir() != null) {
        r = Result.fail(Errno.EBUSY);
      } else {
        buf.removeAttachment(a);
        buf.ops().detach(buf, a);
        r = Result.ok(null);
      }
      if (k.tracing) {
        k.trace("DmaBufDetach", r, d, b);
      }
      if (r.isOk()) {
        // The stricter device may have been this one: waiting maps re-check.
        buf.waitQueue.signalAll();
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_put()
  Result<Void> put(String d, String b) {
    k.driver(d);
    DmaBuf buf = k.buffer(b);
    boolean last = false;
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufPut", d, b);
      int refs = buf.driverRefs(d);
      Result<Void> r;
      if (refs == 0) {
        r = Result.fail(Errno.EINVAL);
      } else {
        boolean attachedLast = buf.attachment(d) != null && refs == 1;
        boolean cpuLast = k.isDevice(d) && importerRefs(buf) == 1 && buf.cpuBusy();
        if (attachedLast || cpuLast) {
          r = Result.fail(Errno.EBUSY);
        } else {
          buf.dropDriverRef(d);
          last = buf.fileRefs().release();
          r = Result.ok(null);
        }
      }
      if (k.tracing) {
        k.trace("DmaBufPut", r, d, b);
      }
      if (r.isOk() && k.config.has(Defect.RELEASE_ON_SECOND_TO_LAST_PUT)
          && buf.fileRefs().refCnt() == 1) {
        // Deliberate defect (conformance tests only): released with one holder left.
        buf.ops().release(buf);
        buf.markReleased();
      }
      return r;
    } finally {
      buf.lock.unlock();
      if (last) {
        k.lastReferenceDropped(buf);
      }
    }
  }

  // dma-buf.c::dma_buf_release(), on request (deferred scheduling)
  Result<Void> release(String b) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "DmaBufRelease", b);
      int refs = buf.fileRefs().refCnt();
      if (refs != 0) {
        throw k.notEnabled("DmaBufRelease", "the file of " + b + " still has " + refs
            + " reference(s)", b);
      }
      return releaseLocked(buf);
    } finally {
      buf.lock.unlock();
    }
  }

  /** The task work of the fput that dropped the last reference (automatic scheduling). */
  void runTaskWork(DmaBuf buf) {
    // When tracing, take every process lock first (lock order: processes, then the buffer;
    // nothing is held here). A close, exec or munmap that dropped one of the file's references
    // under its process lock has then reported its event, so the release is reported after
    // every drop it follows: without this, a close racing with the last put could be logged
    // after the release it preceded. Releases are rare; the cost is only paid when tracing.
    List<Process> procs = k.tracing ? List.copyOf(k.procs.values()) : List.of();
    int taken = 0;
    try {
      for (Process p : procs) {
        p.lock.lock();
        taken++;
      }
      buf.lock.lock();
      try {
        if (buf.isLive() && buf.fileRefs().refCnt() == 0) {
          releaseLocked(buf);
        }
      } finally {
        buf.lock.unlock();
      }
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        procs.get(i).lock.unlock();
      }
    }
  }

  private Result<Void> releaseLocked(DmaBuf buf) {
    // dma_buf_release(): BUG_ON(dmabuf->vmapping_counter); WARN_ON(!list_empty(&dmabuf->attachments))
    if (buf.vmapCountLocked() != 0 || !buf.attachmentsLocked().isEmpty()) {
      throw new IllegalStateException("BUG in dma_buf_release(" + buf.id() + "): vmapping_counter "
          + buf.vmapCountLocked() + ", attachments " + buf.attachmentsLocked());
    }
    buf.ops().release(buf);
    buf.markReleased();
    Result<Void> r = Result.ok(null);
    if (k.tracing) {
      k.trace("DmaBufRelease", r, buf.id());
    }
    return r;
  }

  // The exporter's migration, on request (deferred scheduling)
  Result<Void> migrate(String b) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireLive(buf, "ExporterMigrate", b);
      if (!k.exporter.migrationPending(buf)) {
        throw k.notEnabled("ExporterMigrate", "no migration of " + b + " is pending", b);
      }
      if (!buf.noMaps() && !k.config.has(Defect.MIGRATE_WHILE_MAPPED)) {
        throw k.notEnabled("ExporterMigrate", "a device still has " + b + " mapped", b);
      }
      return migrateLocked(buf);
    } finally {
      buf.lock.unlock();
    }
  }

  /**
   * Automatic scheduling: the exporter migrates as soon as it can. (With the deliberate defect
   * {@link Defect#MIGRATE_WHILE_MAPPED}, in any scheduling and even while mapped.)
   */
  private void exporterRuns(DmaBuf buf) {
    boolean defect = k.config.has(Defect.MIGRATE_WHILE_MAPPED);
    if ((defect || k.scheduling == Scheduling.AUTOMATIC) && buf.isLive()
        && k.exporter.migrationPending(buf) && (defect || buf.noMaps())) {
      migrateLocked(buf);
    }
  }

  private Result<Void> migrateLocked(DmaBuf buf) {
    k.exporter.migrate(buf);
    Result<Void> r = Result.ok(null);
    if (k.tracing) {
      k.trace("ExporterMigrate", r, buf.id());
    }
    buf.waitQueue.signalAll();
    return r;
  }

  /** The spec's {@code ImporterRefs(b)}: the kernel references the devices hold. */
  int importerRefs(DmaBuf buf) {
    int n = 0;
    for (String d : k.devices.keySet()) {
      n += buf.driverRefs(d);
    }
    return n;
  }

  private void requireLive(DmaBuf buf, String action, Object... args) {
    if (!buf.isLive()) {
      throw k.notEnabled(action, "buffer " + buf.id() + " is " + buf.stateLocked().spec(), args);
    }
  }
}
