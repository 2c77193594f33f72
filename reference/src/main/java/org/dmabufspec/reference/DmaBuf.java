package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * {@code struct dma_buf}: a shared buffer. Its size never changes; its name, attachment list,
 * vmap count, the kernel references drivers hold and the open CPU-access state are guarded by
 * one lock, {@code dma_buf->lock}. The file's reference count ({@code f_count}) is a
 * {@link RefCount}, changed atomically.
 *
 * <p>The reference creates one {@code DmaBuf} per buffer id of the configuration, in state
 * {@link State#UNEXPORTED}; {@code dma_buf_export} makes it live, the release of the last file
 * reference makes it released for good.
 *
 * <p>A map call that must wait for a migration waits on {@link #waitQueue}, a condition of the
 * same lock.
 */
public final class DmaBuf {

  /** The spec's {@code bufState}. */
  public enum State {
    UNEXPORTED("unexported"),
    LIVE("live"),
    RELEASED("released");

    private final String spec;

    State(String spec) {
      this.spec = spec;
    }

    /** The spec's spelling. */
    public String spec() {
      return spec;
    }
  }

  /**
   * An open {@code dma_buf_begin_cpu_access} range, in pages.
   *
   * @param start the first page
   * @param len the number of pages
   * @param dir the direction of the access
   */
  public record CpuWindow(int start, int len, DataDirection dir) {
    /** True when {@code page} lies in the range (the spec's {@code WindowPages}). */
    public boolean contains(int page) {
      return start <= page && page < start + len;
    }
  }

  private final String id;
  private final int pages;
  private final long size;
  final ReentrantLock lock = new ReentrantLock();
  /** Stalled map calls wait here until the migration is done (the exporter's wait queue). */
  final Condition waitQueue = lock.newCondition();

  // Guarded by lock.
  private State state = State.UNEXPORTED;
  private volatile RefCount file;
  private String expName;
  private DmaBufOps ops;
  private Object priv;
  private String name = "";
  private final Map<String, Integer> driverRefs = new LinkedHashMap<>();
  private final Map<String, DmaBufAttachment> attachments = new LinkedHashMap<>();
  private int releases;
  private CpuWindow window;
  private final NavigableMap<Integer, Long> kmapped = new TreeMap<>();
  private int atomicKmaps;
  private int vmapCount;
  private long vmapAddr;
  private int exporterVmaps;

  DmaBuf(String id, int pages, int pageSize, List<String> drivers) {
    this.id = Objects.requireNonNull(id, "id");
    this.pages = pages;
    this.size = (long) pages * pageSize;
    for (String d : drivers) {
      driverRefs.put(d, 0);
    }
  }

  /** The buffer's id in the spec, e.g. {@code "b1"}. */
  public String id() {
    return id;
  }

  /** {@code dmabuf->size} in bytes; it never changes. */
  public long size() {
    return size;
  }

  /** The size in pages. */
  public int pages() {
    return pages;
  }

  /** The buffer's life-cycle state. */
  public State state() {
    lock.lock();
    try {
      return state;
    } finally {
      lock.unlock();
    }
  }

  /** {@code dmabuf->exp_name}: the exporter's name, null before export. */
  public String expName() {
    lock.lock();
    try {
      return expName;
    } finally {
      lock.unlock();
    }
  }

  /** {@code dmabuf->name} as DMA_BUF_SET_NAME left it; "" when never named. */
  public String name() {
    lock.lock();
    try {
      return name;
    } finally {
      lock.unlock();
    }
  }

  /** {@code dmabuf->priv}: the exporter's private data. */
  public Object priv() {
    lock.lock();
    try {
      return priv;
    } finally {
      lock.unlock();
    }
  }

  /** The file's reference count; 0 before export and after release. */
  public int refCount() {
    RefCount f = file;
    return f == null ? 0 : f.refCnt();
  }

  /** {@code dmabuf->attachments}, in attach order (a copy). */
  public List<DmaBufAttachment> attachments() {
    lock.lock();
    try {
      return List.copyOf(attachments.values());
    } finally {
      lock.unlock();
    }
  }

  /** {@code dmabuf->vmapping_counter}. */
  public int vmapCount() {
    lock.lock();
    try {
      return vmapCount;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "DmaBuf(" + id + ")";
  }

  // ---- kernel side: everything below is called with lock held ----

  State stateLocked() {
    return state;
  }

  boolean isLive() {
    return state == State.LIVE;
  }

  DmaBufOps ops() {
    return ops;
  }

  Object privLocked() {
    return priv;
  }

  RefCount fileRefs() {
    return file;
  }

  /** dma_buf_export: the exporter's reference is the file's first. */
  void export(String exporter, DmaBufOps ops, Object priv) {
    this.expName = exporter;
    this.ops = ops;
    this.priv = priv;
    this.file = new RefCount();
    this.driverRefs.put(exporter, 1);
    this.state = State.LIVE;
  }

  void markReleased() {
    state = State.RELEASED;
    releases++;
  }

  int releases() {
    return releases;
  }

  String nameLocked() {
    return name;
  }

  void setName(String name) {
    this.name = name;
  }

  int driverRefs(String driver) {
    return driverRefs.getOrDefault(driver, 0);
  }

  void addDriverRef(String driver) {
    driverRefs.merge(driver, 1, Integer::sum);
  }

  void dropDriverRef(String driver) {
    int n = driverRefs(driver);
    if (n == 0) {
      throw new IllegalReferenceCountException(0, -1);
    }
    driverRefs.put(driver, n - 1);
  }

  Map<String, Integer> driverRefsView() {
    return Collections.unmodifiableMap(driverRefs);
  }

  DmaBufAttachment attachment(String device) {
    return attachments.get(device);
  }

  List<DmaBufAttachment> attachmentsLocked() {
    return new ArrayList<>(attachments.values());
  }

  void addAttachment(DmaBufAttachment a) {
    attachments.put(a.device().name(), a);
  }

  void removeAttachment(DmaBufAttachment a) {
    attachments.remove(a.device().name());
  }

  /** The spec's {@code NoMaps(b)}: no device has an outstanding sg_table. */
  boolean noMaps() {
    for (DmaBufAttachment a : attachments.values()) {
      if (a.mappedDir() != null) {
        return false;
      }
    }
    return true;
  }

  CpuWindow window() {
    return window;
  }

  void setWindow(CpuWindow window) {
    this.window = window;
  }

  /** Pages held by dma_buf_kmap, with the address the exporter returned. */
  NavigableMap<Integer, Long> kmapped() {
    return kmapped;
  }

  int atomicKmaps() {
    return atomicKmaps;
  }

  void addAtomicKmap(int delta) {
    atomicKmaps += delta;
  }

  int vmapCountLocked() {
    return vmapCount;
  }

  long vmapAddr() {
    return vmapAddr;
  }

  void vmapped(long addr) {
    if (vmapCount == 0) {
      vmapAddr = addr;
      exporterVmaps++;
    }
    vmapCount++;
  }

  /** Returns true when this was the last vmapping, so the exporter's vunmap must run. */
  boolean vunmapped() {
    vmapCount--;
    if (vmapCount == 0) {
      exporterVmaps--;
      return true;
    }
    return false;
  }

  int exporterVmaps() {
    return exporterVmaps;
  }

  /** The spec's {@code CpuBusy(b)}: an open window, a kmap, an atomic kmap or a vmap. */
  boolean cpuBusy() {
    return window != null || !kmapped.isEmpty() || atomicKmaps > 0 || vmapCount > 0;
  }
}
