package org.dmabufspec.reference;

import java.util.Objects;

/**
 * The spec's module DmaBufCpu: guide section "Kernel cpu access to a dma-buf buffer object"
 * (the begin/end_cpu_access bracket, page-by-page kmap and kmap_atomic of the seed-era kernels,
 * the counted vmap). Every call needs a live buffer on which an importer holds a reference. The
 * public documentation is on {@link ReferenceKernel}.
 */
final class DmaBufCpu {
  private final KernelState k;
  private final DmaBufLifecycle lifecycle;

  DmaBufCpu(KernelState k, DmaBufLifecycle lifecycle) {
    this.k = k;
    this.lifecycle = lifecycle;
  }

  // dma-buf.c::dma_buf_begin_cpu_access() -> ops->begin_cpu_access()
  Result<Void> begin(String b, int start, int len, DataDirection dir) {
    Objects.requireNonNull(dir, "dir");
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufBeginCpuAccess", false, b, start, len, dir);
      Result<Void> r;
      if (start < 0 || len < 1 || (long) start + len > k.config.nPages()) {
        r = Result.fail(Errno.EINVAL);
      } else if (buf.window() != null) {
        r = Result.fail(Errno.EBUSY);
      } else {
        r = buf.ops().beginCpuAccess(buf, start, len, dir);
        if (r.isOk()) {
          buf.setWindow(new DmaBuf.CpuWindow(start, len, dir));
          r = Result.ok(null);
        }
      }
      if (k.tracing) {
        k.trace("DmaBufBeginCpuAccess", r, b, start, len, dir);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_end_cpu_access() -> ops->end_cpu_access()
  Result<Void> end(String b, int start, int len, DataDirection dir) {
    Objects.requireNonNull(dir, "dir");
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufEndCpuAccess", false, b, start, len, dir);
      DmaBuf.CpuWindow w = buf.window();
      boolean matches = w != null && w.equals(new DmaBuf.CpuWindow(start, len, dir));
      Result<Void> r;
      if (!matches) {
        r = Result.fail(Errno.EINVAL);
      } else if (!buf.kmapped().isEmpty() || buf.atomicKmaps() > 0) {
        r = Result.fail(Errno.EBUSY);
      } else {
        buf.ops().endCpuAccess(buf, start, len, dir);
        buf.setWindow(null);
        r = Result.ok(null);
      }
      if (k.tracing) {
        k.trace("DmaBufEndCpuAccess", r, b, start, len, dir);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_kmap() -> ops->kmap (seed era)
  Result<Long> kmap(String b, int pg) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufKmap", true, b, pg);
      Result<Long> r;
      if (!inWindow(buf, pg)) {
        r = Result.fail(Errno.EINVAL);
      } else if (buf.kmapped().containsKey(pg)) {
        r = Result.fail(Errno.EBUSY);
      } else {
        long vaddr = buf.ops().kmap(buf, pg);
        buf.kmapped().put(pg, vaddr);
        r = Result.ok(Outcome.PTR, 0, vaddr);
      }
      if (k.tracing) {
        k.trace("DmaBufKmap", r, b, pg);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_kunmap() -> ops->kunmap
  Result<Void> kunmap(String b, int pg) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufKunmap", true, b, pg);
      Result<Void> r;
      Long vaddr = buf.kmapped().remove(pg);
      if (vaddr != null) {
        buf.ops().kunmap(buf, pg, vaddr);
        r = Result.ok(null);
      } else {
        r = Result.fail(Errno.EINVAL);
      }
      if (k.tracing) {
        k.trace("DmaBufKunmap", r, b, pg);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_kmap_atomic() -> ops->kmap_atomic (seed era)
  Result<Long> kmapAtomic(String c, String b, int pg) {
    KernelContext ctx = k.context(c);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufKmapAtomic", true, c, b, pg);
      ctx.lock.lock();
      try {
        Result<Long> r;
        if (!inWindow(buf, pg)) {
          r = Result.fail(Errno.EINVAL);
        } else if (ctx.holds(b, pg)
            || (ctx.full() && !k.config.has(Defect.THIRD_ATOMIC_KMAP))) {
          r = Result.fail(Errno.EBUSY);
        } else {
          long vaddr = buf.ops().kmapAtomic(buf, pg);
          ctx.add(b, pg, vaddr);
          buf.addAtomicKmap(1);
          r = Result.ok(Outcome.PTR, 0, vaddr);
        }
        if (k.tracing) {
          k.trace("DmaBufKmapAtomic", r, c, b, pg);
        }
        return r;
      } finally {
        ctx.lock.unlock();
      }
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_kunmap_atomic() -> ops->kunmap_atomic
  Result<Void> kunmapAtomic(String c, String b, int pg) {
    KernelContext ctx = k.context(c);
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufKunmapAtomic", true, c, b, pg);
      ctx.lock.lock();
      try {
        Result<Void> r;
        if (ctx.holds(b, pg)) {
          long vaddr = ctx.remove(b, pg);
          buf.addAtomicKmap(-1);
          buf.ops().kunmapAtomic(buf, pg, vaddr);
          r = Result.ok(null);
        } else {
          r = Result.fail(Errno.EINVAL);
        }
        if (k.tracing) {
          k.trace("DmaBufKunmapAtomic", r, c, b, pg);
        }
        return r;
      } finally {
        ctx.lock.unlock();
      }
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_vmap(): the exporter's vmap only on 0 -> 1, under dma_buf->lock
  Result<Long> vmap(String b) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufVmap", false, b);
      Result<Long> r;
      if (buf.vmapCountLocked() == 0) {
        Result<Long> v = buf.ops().vmap(buf);
        if (v.isOk()) {
          buf.vmapped(v.value());
          r = Result.ok(Outcome.ADDR, 0, v.value());
        } else {
          r = v;
        }
      } else {
        buf.vmapped(buf.vmapAddr());
        r = Result.ok(Outcome.ADDR, 0, buf.vmapAddr());
      }
      if (k.tracing) {
        k.trace("DmaBufVmap", r, b);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  // dma-buf.c::dma_buf_vunmap(): the exporter's vunmap only on 1 -> 0
  Result<Void> vunmap(String b) {
    DmaBuf buf = k.buffer(b);
    buf.lock.lock();
    try {
      requireCpuAccess(buf, "DmaBufVunmap", false, b);
      Result<Void> r;
      if (buf.vmapCountLocked() > 0) {
        long vaddr = buf.vmapAddr();
        if (buf.vunmapped()) {
          buf.ops().vunmap(buf, vaddr);
        }
        r = Result.ok(null);
      } else {
        r = Result.fail(Errno.EINVAL);
      }
      if (k.tracing) {
        k.trace("DmaBufVunmap", r, b);
      }
      return r;
    } finally {
      buf.lock.unlock();
    }
  }

  private static boolean inWindow(DmaBuf buf, int pg) {
    DmaBuf.CpuWindow w = buf.window();
    return w != null && w.contains(pg);
  }

  /** The actions' common guard: (HasKmap /\) Live(b) /\ ImporterRefHeld(b). */
  private void requireCpuAccess(DmaBuf buf, String action, boolean kmapApi, Object... args) {
    if (kmapApi && !k.config.profile().hasKmap()) {
      throw k.notEnabled(action, "the " + k.config.profile().spec() + " kernel has no "
          + "dma_buf_kmap family (removed after 5.4)", args);
    }
    if (!buf.isLive()) {
      throw k.notEnabled(action, "buffer " + buf.id() + " is " + buf.stateLocked().spec(), args);
    }
    if (lifecycle.importerRefs(buf) == 0) {
      throw k.notEnabled(action, "no importer holds a reference on " + buf.id()
          + " (kernel cpu access is the importers')", args);
    }
  }
}
