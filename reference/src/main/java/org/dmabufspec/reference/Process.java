package org.dmabufspec.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A user-space process: its fd table, its mappings of dma-bufs (at most one per buffer, as in
 * the spec), and the buffers it was granted (created through dma_buf_fd into it, or received
 * over SCM_RIGHTS). Guarded by its own lock, the outermost of the reference's locks.
 */
public final class Process {
  private final String name;
  final ReentrantLock lock = new ReentrantLock();
  private final FdTable fds;
  private final Map<String, Mapping> mmaps = new LinkedHashMap<>();
  private final Set<String> granted = new LinkedHashSet<>();

  Process(String name, int maxFds) {
    this.name = Objects.requireNonNull(name, "name");
    this.fds = new FdTable(maxFds);
  }

  /** The process's name in the spec, e.g. {@code "p1"}. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return "Process(" + name + ")";
  }

  // ---- kernel side, under lock ----

  FdTable fds() {
    return fds;
  }

  Map<String, Mapping> mmaps() {
    return mmaps;
  }

  Set<String> granted() {
    return granted;
  }

  Set<String> grantedView() {
    return Collections.unmodifiableSet(granted);
  }
}
