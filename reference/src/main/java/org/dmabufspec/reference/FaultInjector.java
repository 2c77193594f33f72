package org.dmabufspec.reference;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Arms the failures the spec explores under {@code Faults}: the next ENOMEM of
 * dma_buf_export, of the exporter's begin_cpu_access, or of the exporter's vmap. (EINTR, the
 * other fault, comes from interrupting the calling thread.)
 *
 * <p>Each arming fails exactly one later call that reaches the fault point, for any buffer or
 * for one buffer; a call that fails for another reason first (EINVAL, EBUSY ...) or never reaches
 * the exporter (a vmap while already vmapped) leaves the fault armed. Thread-safe.
 */
public final class FaultInjector {

  /** Where an ENOMEM can be injected. */
  public enum Point {
    /** dma_buf_export fails to allocate the dma_buf (DmaBufExport's ENOMEM). */
    EXPORT,
    /** The exporter's begin_cpu_access runs out of memory (DmaBufBeginCpuAccess's ENOMEM). */
    BEGIN_CPU_ACCESS,
    /** The exporter's vmap runs out of vmalloc space (DmaBufVmap's ENOMEM). */
    VMAP
  }

  private static final String ANY = "\0any";

  private final Map<Point, Map<String, AtomicInteger>> armed = new ConcurrentHashMap<>();

  /** Arms one ENOMEM at {@code point}, for whichever buffer reaches it first. */
  public void failNext(Point point) {
    counter(point, ANY).incrementAndGet();
  }

  /** Arms one ENOMEM at {@code point} for buffer {@code buffer} only. */
  public void failNext(Point point, String buffer) {
    Objects.requireNonNull(buffer, "buffer");
    counter(point, buffer).incrementAndGet();
  }

  /** The number of faults still armed at {@code point}, over all buffers. */
  public int armed(Point point) {
    return armed.getOrDefault(point, Map.of()).values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** Disarms everything. */
  public void clear() {
    armed.clear();
  }

  /**
   * Called at the fault point: consumes one armed fault for {@code buffer} (a buffer-specific one
   * first) and returns true when the call must fail with ENOMEM.
   */
  public boolean shouldFail(Point point, String buffer) {
    Map<String, AtomicInteger> byBuf = armed.get(point);
    if (byBuf == null) {
      return false;
    }
    return take(byBuf.get(buffer)) || take(byBuf.get(ANY));
  }

  private AtomicInteger counter(Point point, String buffer) {
    return armed.computeIfAbsent(point, p -> new ConcurrentHashMap<>())
        .computeIfAbsent(buffer, b -> new AtomicInteger());
  }

  private static boolean take(AtomicInteger n) {
    if (n == null) {
      return false;
    }
    while (true) {
      int cur = n.get();
      if (cur <= 0) {
        return false;
      }
      if (n.compareAndSet(cur, cur - 1)) {
        return true;
      }
    }
  }
}
