package org.dmabufspec.conformance.target;

import java.util.Map;
import org.dmabufspec.spec.value.Value;

/**
 * Something a trace can drive: the Java reference, or the real kernel. One method per action
 * of DmaBuf.tla, named as the action (lowerCamel), taking the action's arguments in the spec's
 * order and with the spec's names (buffers "b1", devices "d1", processes "p1", contexts "c1",
 * fd numbers as the spec allocates them: the lowest free slot from 3).
 *
 * <p>After each call the replayer compares {@link #projection()} with the spec's next state.
 */
public interface Target extends AutoCloseable {

  /** A short name for reports ("reference", "kernel"). */
  String name();

  /** The kernel profile this target behaves as ("seed", "modern", ...). */
  String profile();

  // ---- DmaBufLifecycle ----
  Outcome dmaBufExport(String b);

  Outcome dmaBufFd(String p, String b, boolean cloexec);

  Outcome dmaBufGet(String d, String p, int fd);

  Outcome dmaBufAttach(String d, String b);

  /** A new map call; it may return "stalled" (the call is then blocked until resumed). */
  Outcome dmaBufMapAttachment(String d, String b, String dir);

  /** The stalled map of d on b returns its sg_table (spec: DmaBufMapAttachmentResume). */
  Outcome dmaBufMapAttachmentResume(String d, String b);

  /** A signal interrupts the stalled map of d on b (spec: DmaBufMapAttachmentInterrupted). */
  Outcome dmaBufMapAttachmentInterrupted(String d, String b);

  Outcome dmaBufUnmapAttachment(String d, String b);

  Outcome dmaBufDetach(String d, String b);

  Outcome dmaBufPut(String d, String b);

  /** The deferred release of b runs (the last fput's work). */
  Outcome dmaBufRelease(String b);

  /** The exporter migrates b's backing storage. */
  Outcome exporterMigrate(String b);

  // ---- DmaBufCpu ----
  Outcome dmaBufBeginCpuAccess(String b, int start, int len, String dir);

  Outcome dmaBufEndCpuAccess(String b, int start, int len, String dir);

  Outcome dmaBufKmap(String b, int page);

  Outcome dmaBufKunmap(String b, int page);

  Outcome dmaBufKmapAtomic(String c, String b, int page);

  Outcome dmaBufKunmapAtomic(String c, String b, int page);

  Outcome dmaBufVmap(String b);

  Outcome dmaBufVunmap(String b);

  // ---- DmaBufFile ----
  Outcome fdDup(String p, int fd);

  Outcome fdClose(String p, int fd);

  Outcome fdSend(String p, String q, int fd);

  Outcome processExec(String p);

  Outcome dmaBufMmap(String p, int fd, int len, int pgoff);

  Outcome munmap(String p, String b);

  Outcome dmaBufLlseek(String p, int fd, long off, String whence);

  Outcome dmaBufIoctlSync(String p, int fd, long flags);

  Outcome dmaBufSetName(String p, int fd, String name);

  /**
   * Arms a fault so that the next call of {@code action} fails with {@code errno} (the spec's
   * Faults: ENOMEM of export, begin_cpu_access and vmap; EINTR of a map).
   *
   * @return false if this target cannot inject that fault (the step is then skipped)
   */
  boolean armFault(String action, String errno);

  /**
   * The observable state, variable name to value, in the spec's shapes. A variable this target
   * cannot observe is absent; a variable it observes only in part holds only that part.
   */
  Map<String, Value> projection();

  @Override
  void close();
}
