package org.dmabufspec.reference;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A kernel process context taking atomic kmaps (the spec's {@code Contexts}). The guide: "an
 * importer shall only hold onto at most 2 atomic dma_buf kmaps at the same time (in any given
 * process context)", because kmap_atomic slots are a per-CPU stack.
 *
 * <p>Its state is guarded by its own lock, the innermost of the reference's locks.
 */
public final class KernelContext {
  /** The atomic kmaps a context may hold at once. */
  public static final int MAX_ATOMIC_KMAPS = 2;

  /**
   * One page held by dma_buf_kmap_atomic: the spec's tuple {@code <<b, pg>>}.
   *
   * @param buffer the buffer id
   * @param page the page
   */
  public record AtomicKmap(String buffer, int page) {
    public AtomicKmap {
      Objects.requireNonNull(buffer, "buffer");
    }
  }

  private final String name;
  final ReentrantLock lock = new ReentrantLock();
  private final Map<AtomicKmap, Long> held = new LinkedHashMap<>();

  KernelContext(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  /** The context's name in the spec, e.g. {@code "c1"}. */
  public String name() {
    return name;
  }

  /** The pages this context holds (a copy). */
  public Set<AtomicKmap> held() {
    lock.lock();
    try {
      return Set.copyOf(held.keySet());
    } finally {
      lock.unlock();
    }
  }

  // ---- kernel side, under lock ----

  boolean holds(String buffer, int page) {
    return held.containsKey(new AtomicKmap(buffer, page));
  }

  boolean full() {
    return held.size() >= MAX_ATOMIC_KMAPS;
  }

  void add(String buffer, int page, long vaddr) {
    held.put(new AtomicKmap(buffer, page), vaddr);
  }

  /** Drops the page; returns the address kmap_atomic gave for it. */
  long remove(String buffer, int page) {
    return held.remove(new AtomicKmap(buffer, page));
  }

  Set<AtomicKmap> heldLocked() {
    return held.keySet();
  }

  @Override
  public String toString() {
    return "KernelContext(" + name + ")";
  }
}
