package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The executable reference of the dma-buf protocol: one public method per action of the TLA+
 * specification ({@code spec/DmaBuf.tla}), named after it in lowerCamel, with the action's
 * parameters in its order. Entities are addressed as the spec addresses them: buffer ids
 * ("b1"), device names ("d1"), the exporter's name as a driver ("exp"), process names ("p1"),
 * context names ("c1") and fd numbers, all taken from the {@link Config}.
 *
 * <p>In the same state every call returns what the spec's action returns (the {@link Result}'s
 * {@link Result#outcome() outcome} and {@link Result#ret() ret}) and changes the state as the
 * action does ({@link #snapshot()}). Where an action has several outcomes, their guards are
 * mutually exclusive; the javadoc of each method lists the checks in the order they are made.
 * A call for which the spec has no step at all (its enabling condition is false: a buffer that
 * is not live, kmap on a kernel without it ...) throws {@link NotEnabledException} and changes
 * nothing; unknown names throw {@link IllegalArgumentException}.
 *
 * <p>Scheduling ({@link Scheduling}): with {@link Scheduling#AUTOMATIC}, the default, the
 * release of a buffer whose last reference went runs before the call that dropped it returns,
 * and the exporter migrates as soon as it can; with {@link Scheduling#DEFERRED} and
 * {@link Scheduling#STEPPED} they run only on {@link #dmaBufRelease} and {@link #exporterMigrate},
 * as the spec's separate steps.
 *
 * <p>Faults: {@link #faults()} arms the next ENOMEM of export, begin_cpu_access or vmap; a
 * pending interrupt of the calling thread, or an interrupt while a map is stalled, gives EINTR.
 *
 * <p>Thread-safe; calls block only where the kernel would (a stalled map). Lock order, outermost
 * first (a call may skip levels, never go back up):
 * <ol>
 *   <li>a {@link Process}'s lock (its fd table, mappings, grants): at most two, in
 *       {@link Config#procs()} order (fdSend);
 *   <li>a {@link DmaBuf}'s lock, {@code dma_buf->lock}: at most one at a time; a stalled map waits
 *       on its condition holding nothing else;
 *   <li>a {@link KernelContext}'s lock: at most one at a time.
 * </ol>
 * {@link #snapshot()} takes all of them in that order. Exporter callbacks and the
 * {@link EventSink} run under these locks and must not call back; deferred releases run with no
 * lock held. File reference counts are atomic ({@link RefCount}) and change under the lock of
 * the holder they count, so a snapshot sees holder and count together. Every call is reported to
 * the sink in the order the calls took effect.
 */
public final class ReferenceKernel {
  private final KernelState k;
  private final DmaBufLifecycle lifecycle;
  private final DmaBufCpu cpu;
  private final DmaBufFile file;

  /** A reference for {@code config} with automatic scheduling and no tracing. */
  public ReferenceKernel(Config config) {
    this(config, Scheduling.AUTOMATIC, EventSink.NONE);
  }

  /**
   * A reference for {@code config}.
   *
   * @param config the entities and choices, as the spec's constants
   * @param scheduling who runs the release, the migration and the resume of a stalled map
   * @param sink receives every call; {@link EventSink#NONE} for no tracing at all
   */
  public ReferenceKernel(Config config, Scheduling scheduling, EventSink sink) {
    this.k = new KernelState(Objects.requireNonNull(config, "config"),
        Objects.requireNonNull(scheduling, "scheduling"), Objects.requireNonNull(sink, "sink"),
        new FaultInjector());
    this.lifecycle = new DmaBufLifecycle(k);
    this.cpu = new DmaBufCpu(k, lifecycle);
    this.file = new DmaBufFile(k);
  }

  /** The configuration. */
  public Config config() {
    return k.config;
  }

  /** The scheduling chosen at construction. */
  public Scheduling scheduling() {
    return k.scheduling;
  }

  /** Where to arm the next ENOMEM of export, begin_cpu_access or vmap. */
  public FaultInjector faults() {
    return k.faults;
  }

  /** The exporting driver, as the policy selected it. */
  public Exporter exporter() {
    return k.exporter;
  }

  /** The buffer with id {@code b} (in whatever state it is). */
  public DmaBuf buffer(String b) {
    return k.buffer(b);
  }

  // ---------------------------------------------------------------------------------------------
  // Guide "dma-buf operations for device dma only" (DmaBufLifecycle.tla)

  /**
   * {@code dma_buf_export()} ({@code drivers/dma-buf/dma-buf.c}); guide "1. Exporter's
   * announcement of buffer export". The exporter exports buffer {@code b} and holds its first
   * reference; with {@code at_export} it allocates the least strict storage now.
   *
   * <p>Checks: an armed {@link FaultInjector.Point#EXPORT} fault gives ENOMEM (nothing changes);
   * otherwise ok.
   *
   * <pre>{@code
   * DmaBufExport(b) ==
   *     /\ bufState[b] = "unexported"
   *     /\ \/ /\ bufState' = [bufState EXCEPT ![b] = "live"]
   *           /\ refcount' = [refcount EXCEPT ![b] = 1]
   *           /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = 1]
   *           /\ storage' = [storage EXCEPT ![b] = IF AllocPolicy = "at_export" THEN Storages[1] ELSE "none"]
   *           /\ lastAction' = Call("DmaBufExport", <<b>>, "ok", 0)
   *           /\ UNCHANGED <<attached, mapped, stalled, everMapped, releases, cpuVars, fileVars>>
   *        \/ Faults /\ Fails("DmaBufExport", <<b>>, "ENOMEM")
   * }</pre>
   *
   * @param b the buffer id
   * @return ok with the buffer, or ENOMEM
   * @throws NotEnabledException when {@code b} was already exported
   */
  public Result<DmaBuf> dmaBufExport(String b) {
    try {
      return lifecycle.export(b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_fd()}; guide "2. Userspace gets a handle to pass around" and "Miscellaneous
   * notes" (O_CLOEXEC set atomically). Installs the buffer's file in process {@code p}'s lowest
   * free fd slot; the exporter's reference becomes the fd's.
   *
   * <p>Checks: no free slot gives EMFILE (the exporter keeps its reference and must put it);
   * otherwise outcome "fd" with the fd as ret.
   *
   * <pre>{@code
   * DmaBufFd(p, b, cloexec) ==
   *     /\ Live(b) /\ drvRefs[b][Exporter] > 0
   *     /\ LET into == IF Bug("FdInstallOther") THEN CHOOSE q \in Procs : q # p ELSE p IN
   *        IF FreeSlots(into) # {}
   *        THEN LET fd == Min(FreeSlots(into)) IN
   *             /\ fds' = [fds EXCEPT ![into][fd] = [buf |-> b, cloexec |-> cloexec]]
   *             /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = @ - 1]
   *             /\ granted' = [granted EXCEPT ![p] = @ \cup {b}]
   *             /\ lastAction' = Call("DmaBufFd", <<p, b, cloexec>>, "fd", fd)
   *             /\ UNCHANGED <<bufState, refcount, attached, mapped, stalled, storage, everMapped,
   *                            releases, cpuVars, name, mmaps>>
   *        ELSE IF Bug("FdFailLeaks")
   *             \* the historical leak: the exporter forgets its reference without a put
   *             THEN /\ drvRefs' = [drvRefs EXCEPT ![b][Exporter] = @ - 1]
   *                  /\ lastAction' = Call("DmaBufFd", <<p, b, cloexec>>, "EMFILE", 0)
   *                  /\ UNCHANGED <<bufState, refcount, attached, mapped, stalled, storage,
   *                                 everMapped, releases, cpuVars, fileVars>>
   *             ELSE Fails("DmaBufFd", <<p, b, cloexec>>, "EMFILE")
   * }</pre>
   *
   * @param p the process
   * @param b the buffer
   * @param cloexec FD_CLOEXEC on the new fd
   * @return "fd" with the fd number, or EMFILE
   * @throws NotEnabledException when {@code b} is not live or the exporter holds no reference
   */
  public Result<Integer> dmaBufFd(String p, String b, boolean cloexec) {
    try {
      return lifecycle.fd(p, b, cloexec);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_get()}; guide "3. Each buffer-user 'connects' itself to the buffer": device
   * {@code d}'s driver takes a kernel reference through process {@code p}'s fd.
   *
   * <p>Checks: {@code fd} not open in {@code p} gives EBADF; otherwise ok and the file's count
   * goes up. (The kernel's EINVAL for an fd that is not a dma-buf cannot happen here: every fd
   * is one.)
   *
   * <pre>{@code
   * DmaBufGet(d, p, fd) ==
   *     \/ /\ OpenFd(p, fd)
   *        /\ LET b == fds[p][fd].buf IN
   *           /\ Live(b)
   *           /\ drvRefs[b][d] < MaxRefs
   *           /\ drvRefs' = [drvRefs EXCEPT ![b][d] = @ + 1]
   *           /\ refcount' = [refcount EXCEPT ![b] = @ + 1]
   *           /\ lastAction' = Call("DmaBufGet", <<d, p, fd>>, "ok", 0)
   *           /\ UNCHANGED <<bufState, attached, mapped, stalled, storage, everMapped, releases,
   *                          cpuVars, fileVars>>
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufGet", <<d, p, fd>>, "EBADF")
   * }</pre>
   *
   * @param d the device whose driver takes the reference
   * @param p the process whose fd is used
   * @param fd the fd
   * @return ok with the buffer, or EBADF
   */
  public Result<DmaBuf> dmaBufGet(String d, String p, int fd) {
    try {
      return lifecycle.get(d, p, fd);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_attach()} calling the exporter's {@code attach}; guide step 3 and NOTES
   * "Migration of backing storage if needed".
   *
   * <p>Checks, in order: {@code d} holds no reference on {@code b}: EINVAL; {@code d} is already
   * attached: EBUSY; the exporter refuses attaches after a map (policy "refuse") and {@code b}
   * was mapped: EBUSY; no storage suits {@code d} and every attached device: EINVAL; otherwise
   * "attachment". A stricter device attached after the storage was chosen makes a migration
   * pending (with automatic scheduling the exporter migrates at once if nothing is mapped).
   *
   * <pre>{@code
   * DmaBufAttach(d, b) ==
   *     /\ Live(b)
   *     /\ \/ ErrorCalls /\ drvRefs[b][d] = 0 /\ Fails("DmaBufAttach", <<d, b>>, "EINVAL")
   *        \/ ErrorCalls /\ drvRefs[b][d] > 0 /\ d \in attached[b]
   *           /\ Fails("DmaBufAttach", <<d, b>>, "EBUSY")
   *        \/ /\ drvRefs[b][d] > 0 /\ d \notin attached[b]
   *           /\ IF MigrationPolicy = "refuse" /\ everMapped[b]
   *              THEN Fails("DmaBufAttach", <<d, b>>, "EBUSY")
   *              ELSE IF Compatible(attached[b] \cup {d}) = {}
   *              THEN Fails("DmaBufAttach", <<d, b>>, "EINVAL")
   *              ELSE /\ attached' = [attached EXCEPT ![b] = @ \cup {d}]
   *                   /\ lastAction' = Call("DmaBufAttach", <<d, b>>, "attachment", 0)
   *                   /\ UNCHANGED <<bufState, refcount, drvRefs, mapped, stalled, storage,
   *                                  everMapped, releases, cpuVars, fileVars>>
   * }</pre>
   *
   * @param d the device
   * @param b the buffer
   * @return "attachment" with the attachment, EINVAL or EBUSY
   * @throws NotEnabledException when {@code b} is not live
   */
  public Result<DmaBufAttachment> dmaBufAttach(String d, String b) {
    try {
      return lifecycle.attach(d, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_map_attachment()} calling the exporter's {@code map_dma_buf}; guide "4. When
   * needed, buffer-user requests access to the buffer". The first map chooses the backing storage
   * from the collated constraints of the attached devices.
   *
   * <p>Checks, in order: {@code d} not attached: EINVAL; {@code d} already has a map: EBUSY; the
   * calling thread has a pending interrupt: EINTR (the interrupt is consumed); a migration is
   * pending: the call stalls (event "stalled"), blocking until no migration is pending and then
   * returning "sg_table" (the spec's {@code DmaBufMapAttachmentResume}), or returning EINTR if
   * the thread is interrupted while waiting ({@code DmaBufMapAttachmentInterrupted}); otherwise
   * "sg_table". With {@link Scheduling#STEPPED} a stalled call returns only once
   * {@link #dmaBufMapAttachmentResume} completed it (or on interrupt).
   *
   * <pre>{@code
   * DmaBufMapAttachment(d, b, dir) ==
   *     /\ Live(b) /\ stalled[b][d] = "none"
   *     /\ LET attachedOk == d \in attached[b] \/ Bug("MapWithoutAttach") IN
   *        \/ ErrorCalls /\ ~attachedOk /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EINVAL")
   *        \/ ErrorCalls /\ attachedOk /\ mapped[b][d] # "none"
   *           /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EBUSY")
   *        \/ /\ attachedOk /\ mapped[b][d] = "none"
   *           /\ \/ Faults /\ Fails("DmaBufMapAttachment", <<d, b, dir>>, "EINTR")
   *              \/ /\ MigrationPending(b) /\ ~Bug("MapIgnoresMigration")
   *                 /\ stalled' = [stalled EXCEPT ![b][d] = dir]
   *                 /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, dir>>, "stalled", 0)
   *                 /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, storage,
   *                                everMapped, releases, cpuVars, fileVars>>
   *              \/ /\ ~MigrationPending(b) \/ Bug("MapIgnoresMigration")
   *                 /\ storage' = [storage EXCEPT ![b] = IF @ = "none" THEN Choose(attached[b] \cup {d}) ELSE @]
   *                 /\ mapped' = [mapped EXCEPT ![b][d] = dir]
   *                 /\ everMapped' = [everMapped EXCEPT ![b] = TRUE]
   *                 /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, dir>>, "sg_table", 0)
   *                 /\ UNCHANGED <<bufState, refcount, drvRefs, attached, stalled, releases,
   *                                cpuVars, fileVars>>
   * }</pre>
   *
   * <pre>{@code
   * DmaBufMapAttachmentResume(d, b) ==
   *     /\ stalled[b][d] # "none" /\ ~MigrationPending(b)
   *     /\ mapped' = [mapped EXCEPT ![b][d] = stalled[b][d]]
   *     /\ stalled' = [stalled EXCEPT ![b][d] = "none"]
   *     /\ everMapped' = [everMapped EXCEPT ![b] = TRUE]
   *     /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, stalled[b][d]>>, "sg_table", 0)
   *     /\ UNCHANGED <<bufState, refcount, drvRefs, attached, storage, releases, cpuVars, fileVars>>
   * }</pre>
   *
   * <pre>{@code
   * DmaBufMapAttachmentInterrupted(d, b) ==
   *     /\ Faults /\ stalled[b][d] # "none"
   *     /\ stalled' = [stalled EXCEPT ![b][d] = "none"]
   *     /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, stalled[b][d]>>, "EINTR", 0)
   *     /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, storage, everMapped, releases,
   *                    cpuVars, fileVars>>
   * }</pre>
   *
   * @param d the device
   * @param b the buffer
   * @param dir the DMA direction
   * @return "sg_table" with the table, EINVAL, EBUSY or EINTR
   * @throws NotEnabledException when {@code b} is not live or a map of {@code d} on {@code b} is
   *     already waiting
   */
  public Result<SgTable> dmaBufMapAttachment(String d, String b, DataDirection dir) {
    try {
      return lifecycle.map(d, b, dir);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@link #dmaBufMapAttachment} on a new daemon thread; returns once the call has returned or
   * stalled. See {@link MapCall}.
   */
  public MapCall dmaBufMapAttachmentAsync(String d, String b, DataDirection dir) {
    return dmaBufMapAttachmentAsync(d, b, dir, r -> {
      Thread t = new Thread(r, "DmaBufMapAttachment(" + d + ", " + b + ", " + dir.spec() + ")");
      t.setDaemon(true);
      t.start();
    });
  }

  /**
   * {@link #dmaBufMapAttachment} on a thread of {@code executor}, which must start it promptly on
   * another thread (a queue behind stalled maps would wait forever); returns once the call has
   * returned or stalled.
   */
  public MapCall dmaBufMapAttachmentAsync(String d, String b, DataDirection dir, Executor executor) {
    k.device(d);
    k.buffer(b);
    Objects.requireNonNull(dir, "dir");
    return MapCall.start(this, k, d, b, dir, executor);
  }

  /**
   * The spec's {@code DmaBufMapAttachmentResume(d, b)}: completes the stalled map of {@code d} on
   * {@code b} now that no migration is pending; the stalled call returns the same result. Needed
   * only with {@link Scheduling#STEPPED} (otherwise the stalled call completes itself), allowed
   * with any scheduling. Its event is the stalled call's: "DmaBufMapAttachment" with outcome
   * "sg_table", on the stalled call's thread.
   *
   * <pre>{@code
   * DmaBufMapAttachmentResume(d, b) ==
   *     /\ stalled[b][d] # "none" /\ ~MigrationPending(b)
   *     /\ mapped' = [mapped EXCEPT ![b][d] = stalled[b][d]]
   *     /\ stalled' = [stalled EXCEPT ![b][d] = "none"]
   *     /\ everMapped' = [everMapped EXCEPT ![b] = TRUE]
   *     /\ lastAction' = Call("DmaBufMapAttachment", <<d, b, stalled[b][d]>>, "sg_table", 0)
   *     /\ UNCHANGED <<bufState, refcount, drvRefs, attached, storage, releases, cpuVars, fileVars>>
   * }</pre>
   *
   * @param d the device whose map is waiting
   * @param b the buffer
   * @return "sg_table" with the table
   * @throws NotEnabledException when no map of {@code d} on {@code b} is waiting, or a migration
   *     is still pending
   */
  public Result<SgTable> dmaBufMapAttachmentResume(String d, String b) {
    try {
      return lifecycle.resume(d, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_unmap_attachment()} calling the exporter's {@code unmap_dma_buf}; guide "5.
   * When finished, the buffer-user notifies end-of-DMA to exporter".
   *
   * <p>Checks: {@code d} has a map: ok; otherwise EINVAL. With automatic scheduling, the exporter
   * then migrates if a migration is pending and nothing is mapped any more.
   *
   * <pre>{@code
   * DmaBufUnmapAttachment(d, b) ==
   *     /\ Live(b)
   *     /\ \/ /\ mapped[b][d] # "none"
   *           /\ mapped' = [mapped EXCEPT ![b][d] = "none"]
   *           /\ lastAction' = Call("DmaBufUnmapAttachment", <<d, b>>, "ok", 0)
   *           /\ UNCHANGED <<bufState, refcount, drvRefs, attached, stalled, storage, everMapped,
   *                          releases, cpuVars, fileVars>>
   *        \/ ErrorCalls /\ mapped[b][d] = "none" /\ stalled[b][d] = "none"
   *           /\ Fails("DmaBufUnmapAttachment", <<d, b>>, "EINVAL")
   * }</pre>
   *
   * @param d the device
   * @param b the buffer
   * @return ok or EINVAL
   * @throws NotEnabledException when {@code b} is not live, or {@code d}'s map is still waiting
   */
  public Result<Void> dmaBufUnmapAttachment(String d, String b) {
    try {
      return lifecycle.unmap(d, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_detach()} calling the exporter's {@code detach}; guide "6. ... it first
   * detaches itself from the buffer".
   *
   * <p>Checks, in order: {@code d} not attached: EINVAL; {@code d} still has a map: EBUSY;
   * otherwise ok.
   *
   * <pre>{@code
   * DmaBufDetach(d, b) ==
   *     /\ Live(b) /\ stalled[b][d] = "none"
   *     /\ \/ /\ d \in attached[b] /\ mapped[b][d] = "none"
   *           /\ attached' = [attached EXCEPT ![b] = @ \ {d}]
   *           /\ lastAction' = Call("DmaBufDetach", <<d, b>>, "ok", 0)
   *           /\ UNCHANGED <<bufState, refcount, drvRefs, mapped, stalled, storage, everMapped,
   *                          releases, cpuVars, fileVars>>
   *        \/ ErrorCalls /\ d \notin attached[b] /\ Fails("DmaBufDetach", <<d, b>>, "EINVAL")
   *        \/ ErrorCalls /\ d \in attached[b] /\ mapped[b][d] # "none"
   *           /\ Fails("DmaBufDetach", <<d, b>>, "EBUSY")
   * }</pre>
   *
   * @param d the device
   * @param b the buffer
   * @return ok, EINVAL or EBUSY
   * @throws NotEnabledException when {@code b} is not live, or {@code d}'s map is waiting
   */
  public Result<Void> dmaBufDetach(String d, String b) {
    try {
      return lifecycle.detach(d, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_put()}; guide "6. ... the buffer-user returns the buffer reference to
   * exporter". Driver {@code d} (a device or the exporter) drops one kernel reference.
   *
   * <p>Checks, in order: {@code d} holds no reference: EINVAL; it is {@code d}'s last reference
   * and {@code d} is attached, or it is the importers' last reference and kernel cpu access is
   * open (a window, a kmap, an atomic kmap or a vmap): EBUSY; otherwise ok. When that was the
   * file's last reference the release follows (see {@link #dmaBufRelease}).
   *
   * <pre>{@code
   * DmaBufPut(d, b) ==
   *     /\ Live(b)
   *     /\ LET attachedLast == d \in attached[b] /\ drvRefs[b][d] = 1
   *            cpuLast == d \in Devices /\ ImporterRefs(b) = 1 /\ CpuBusy(b)
   *        IN \/ ErrorCalls /\ drvRefs[b][d] = 0 /\ ~Bug("PutUnderflow")
   *              /\ Fails("DmaBufPut", <<d, b>>, "EINVAL")
   *           \/ ErrorCalls /\ drvRefs[b][d] > 0 /\ (attachedLast \/ cpuLast)
   *              /\ Fails("DmaBufPut", <<d, b>>, "EBUSY")
   *           \/ /\ drvRefs[b][d] > 0 \/ Bug("PutUnderflow")
   *              /\ ~attachedLast /\ ~cpuLast
   *              /\ drvRefs' = [drvRefs EXCEPT ![b][d] = @ - 1]
   *              /\ refcount' = [refcount EXCEPT ![b] = @ - 1]
   *              /\ lastAction' = Call("DmaBufPut", <<d, b>>, "ok", 0)
   *              /\ UNCHANGED <<bufState, attached, mapped, stalled, storage, everMapped, releases,
   *                             cpuVars, fileVars>>
   * }</pre>
   *
   * @param d the driver: a device or the exporter
   * @param b the buffer
   * @return ok, EINVAL or EBUSY
   * @throws NotEnabledException when {@code b} is not live
   */
  public Result<Void> dmaBufPut(String d, String b) {
    try {
      return lifecycle.put(d, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_release()} calling the exporter's {@code release}: the deferred fput of the
   * file's last reference; guide step 6 ("If, as a result of this call, the refcount becomes 0,
   * the 'release' file operation ... is called"). It runs exactly once. With automatic
   * scheduling it has already run when the call that dropped the last reference returned, so
   * calling it is never enabled.
   *
   * <pre>{@code
   * DmaBufRelease(b) ==
   *     /\ IF Bug("ReleaseEarly") THEN refcount[b] <= 1 ELSE refcount[b] = 0
   *     /\ Live(b) \/ (Bug("DoubleRelease") /\ bufState[b] = "released")
   *     /\ bufState' = [bufState EXCEPT ![b] = "released"]
   *     /\ releases' = [releases EXCEPT ![b] = @ + 1]
   *     /\ storage' = [storage EXCEPT ![b] = "none"]
   *     /\ lastAction' = Call("DmaBufRelease", <<b>>, "ok", 0)
   *     /\ UNCHANGED <<refcount, drvRefs, attached, mapped, stalled, everMapped, cpuVars, fileVars>>
   * }</pre>
   *
   * @param b the buffer
   * @return ok
   * @throws NotEnabledException when {@code b} is not live or its file still has references
   */
  public Result<Void> dmaBufRelease(String b) {
    try {
      return lifecycle.release(b);
    } finally {
      returnToUser();
    }
  }

  /**
   * The exporter moves {@code b}'s backing storage to the least strict kind every attached device
   * accepts; guide NOTES ("Once all users have finished accessing and have unmapped this buffer,
   * the exporter could potentially move the buffer to the stricter backing-storage"). No kernel
   * entry point: with automatic scheduling the exporter does it by itself as soon as it can.
   * Stalled maps then resume.
   *
   * <pre>{@code
   * ExporterMigrate(b) ==
   *     /\ Live(b) /\ MigrationPending(b)
   *     /\ NoMaps(b) \/ Bug("MigrateWhileMapped")
   *     /\ ~Bug("MigrateWaitsForIdle") \/ \A d \in Devices : stalled[b][d] = "none"
   *     /\ storage' = [storage EXCEPT ![b] = Choose(attached[b])]
   *     /\ lastAction' = Call("ExporterMigrate", <<b>>, "ok", 0)
   *     /\ UNCHANGED <<bufState, refcount, drvRefs, attached, mapped, stalled, everMapped, releases,
   *                    cpuVars, fileVars>>
   * }</pre>
   *
   * @param b the buffer
   * @return ok
   * @throws NotEnabledException when {@code b} is not live, no migration is pending, or a device
   *     has it mapped
   */
  public Result<Void> exporterMigrate(String b) {
    try {
      return lifecycle.migrate(b);
    } finally {
      returnToUser();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Guide "Kernel cpu access to a dma-buf buffer object" (DmaBufCpu.tla)

  /**
   * {@code dma_buf_begin_cpu_access()} calling the exporter's {@code begin_cpu_access}; guide
   * "1. Prepare access". Opens the range {@code [start, start + len)} (pages) for CPU access.
   *
   * <p>Checks, in order: the range is not within the buffer (also: {@code start < 0} or
   * {@code len < 1}, outside the spec's domain): EINVAL; a range is already open: EBUSY; the
   * exporter fails (an armed {@link FaultInjector.Point#BEGIN_CPU_ACCESS}): ENOMEM; otherwise ok.
   *
   * <pre>{@code
   * DmaBufBeginCpuAccess(b, start, len, dir) ==
   *     /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ LET args == <<b, start, len, dir>> IN
   *        \/ ErrorCalls /\ start + len > NPages /\ Fails("DmaBufBeginCpuAccess", args, "EINVAL")
   *        \/ ErrorCalls /\ start + len <= NPages /\ cpuWindow[b] # NoWindow
   *           /\ Fails("DmaBufBeginCpuAccess", args, "EBUSY")
   *        \/ /\ start + len <= NPages /\ cpuWindow[b] = NoWindow
   *           /\ \/ Faults /\ Fails("DmaBufBeginCpuAccess", args, "ENOMEM")
   *              \/ /\ cpuWindow' = [cpuWindow EXCEPT ![b] = Window(start, len, dir)]
   *                 /\ lastAction' = Call("DmaBufBeginCpuAccess", args, "ok", 0)
   *                 /\ UNCHANGED <<lifeVars, kmapped, atomics, vmapCount, exporterVmaps, fileVars>>
   * }</pre>
   *
   * @param b the buffer
   * @param start first page
   * @param len pages
   * @param dir the direction of the access
   * @return ok, EINVAL, EBUSY or ENOMEM
   * @throws NotEnabledException when {@code b} is not live or no importer holds a reference on it
   */
  public Result<Void> dmaBufBeginCpuAccess(String b, int start, int len, DataDirection dir) {
    try {
      return cpu.begin(b, start, len, dir);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_end_cpu_access()} calling the exporter's {@code end_cpu_access}; guide "3.
   * Finish access".
   *
   * <p>Checks, in order: the range and direction are not the ones begun: EINVAL; pages of the
   * buffer are still kmapped (atomically or not): EBUSY; otherwise ok.
   *
   * <pre>{@code
   * DmaBufEndCpuAccess(b, start, len, dir) ==
   *     /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ LET args == <<b, start, len, dir>>
   *            matches == cpuWindow[b] = Window(start, len, dir)
   *            kmapsHeld == kmapped[b] # {} \/ AtomicPages(b) # {}
   *        IN \/ /\ matches /\ ~kmapsHeld
   *              /\ cpuWindow' = [cpuWindow EXCEPT ![b] = NoWindow]
   *              /\ lastAction' = Call("DmaBufEndCpuAccess", args, "ok", 0)
   *              /\ UNCHANGED <<lifeVars, kmapped, atomics, vmapCount, exporterVmaps, fileVars>>
   *           \/ ErrorCalls /\ ~matches /\ Fails("DmaBufEndCpuAccess", args, "EINVAL")
   *           \/ ErrorCalls /\ matches /\ kmapsHeld /\ Fails("DmaBufEndCpuAccess", args, "EBUSY")
   * }</pre>
   *
   * @param b the buffer
   * @param start first page begun
   * @param len pages begun
   * @param dir direction begun
   * @return ok, EINVAL or EBUSY
   * @throws NotEnabledException when {@code b} is not live or no importer holds a reference on it
   */
  public Result<Void> dmaBufEndCpuAccess(String b, int start, int len, DataDirection dir) {
    try {
      return cpu.end(b, start, len, dir);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_kmap()} calling the exporter's {@code kmap} (kernels up to 5.4); guide "2.
   * Accessing the buffer".
   *
   * <p>Checks, in order: page outside the range begun: EINVAL; page already kmapped: EBUSY;
   * otherwise "ptr" (ret 0; the value is the kernel address).
   *
   * <pre>{@code
   * DmaBufKmap(b, pg) ==
   *     /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ LET inRange == pg \in WindowPages(b) \/ Bug("KmapOutsideRange") IN
   *        \/ /\ inRange /\ pg \notin kmapped[b]
   *           /\ kmapped' = [kmapped EXCEPT ![b] = @ \cup {pg}]
   *           /\ lastAction' = Call("DmaBufKmap", <<b, pg>>, "ptr", 0)
   *           /\ UNCHANGED <<lifeVars, cpuWindow, atomics, vmapCount, exporterVmaps, fileVars>>
   *        \/ ErrorCalls /\ ~inRange /\ Fails("DmaBufKmap", <<b, pg>>, "EINVAL")
   *        \/ ErrorCalls /\ inRange /\ pg \in kmapped[b] /\ Fails("DmaBufKmap", <<b, pg>>, "EBUSY")
   * }</pre>
   *
   * @param b the buffer
   * @param pg the page
   * @return "ptr" with the address, EINVAL or EBUSY
   * @throws NotEnabledException on a profile without kmap, when {@code b} is not live or no
   *     importer holds a reference on it
   */
  public Result<Long> dmaBufKmap(String b, int pg) {
    try {
      return cpu.kmap(b, pg);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_kunmap()} calling the exporter's {@code kunmap}.
   *
   * <p>Checks: page kmapped: ok; otherwise EINVAL.
   *
   * <pre>{@code
   * DmaBufKunmap(b, pg) ==
   *     /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ \/ /\ pg \in kmapped[b]
   *           /\ kmapped' = [kmapped EXCEPT ![b] = @ \ {pg}]
   *           /\ lastAction' = Call("DmaBufKunmap", <<b, pg>>, "ok", 0)
   *           /\ UNCHANGED <<lifeVars, cpuWindow, atomics, vmapCount, exporterVmaps, fileVars>>
   *        \/ ErrorCalls /\ pg \notin kmapped[b] /\ Fails("DmaBufKunmap", <<b, pg>>, "EINVAL")
   * }</pre>
   *
   * @param b the buffer
   * @param pg the page
   * @return ok or EINVAL
   * @throws NotEnabledException as {@link #dmaBufKmap}
   */
  public Result<Void> dmaBufKunmap(String b, int pg) {
    try {
      return cpu.kunmap(b, pg);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_kmap_atomic()} calling the exporter's {@code kmap_atomic} in kernel context
   * {@code c}; guide: "an importer shall only hold onto at most 2 atomic dma_buf kmaps at the same
   * time (in any given process context)".
   *
   * <p>Checks, in order: page outside the range begun: EINVAL; {@code c} already holds this page,
   * or already holds 2 pages (of any buffer): EBUSY; otherwise "ptr".
   *
   * <pre>{@code
   * DmaBufKmapAtomic(c, b, pg) ==
   *     /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ LET args == <<c, b, pg>>
   *            full == Cardinality(atomics[c]) >= 2 /\ ~Bug("ThirdAtomicKmap")
   *        IN \/ /\ pg \in WindowPages(b) /\ <<b, pg>> \notin atomics[c] /\ ~full
   *              /\ atomics' = [atomics EXCEPT ![c] = @ \cup {<<b, pg>>}]
   *              /\ lastAction' = Call("DmaBufKmapAtomic", args, "ptr", 0)
   *              /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, vmapCount, exporterVmaps, fileVars>>
   *           \/ ErrorCalls /\ pg \notin WindowPages(b) /\ Fails("DmaBufKmapAtomic", args, "EINVAL")
   *           \/ ErrorCalls /\ pg \in WindowPages(b) /\ (<<b, pg>> \in atomics[c] \/ full)
   *              /\ Fails("DmaBufKmapAtomic", args, "EBUSY")
   * }</pre>
   *
   * @param c the kernel context
   * @param b the buffer
   * @param pg the page
   * @return "ptr" with the address, EINVAL or EBUSY
   * @throws NotEnabledException as {@link #dmaBufKmap}
   */
  public Result<Long> dmaBufKmapAtomic(String c, String b, int pg) {
    try {
      return cpu.kmapAtomic(c, b, pg);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_kunmap_atomic()} calling the exporter's {@code kunmap_atomic}.
   *
   * <p>Checks: {@code c} holds the page: ok; otherwise EINVAL.
   *
   * <pre>{@code
   * DmaBufKunmapAtomic(c, b, pg) ==
   *     /\ HasKmap /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ \/ /\ <<b, pg>> \in atomics[c]
   *           /\ atomics' = [atomics EXCEPT ![c] = @ \ {<<b, pg>>}]
   *           /\ lastAction' = Call("DmaBufKunmapAtomic", <<c, b, pg>>, "ok", 0)
   *           /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, vmapCount, exporterVmaps, fileVars>>
   *        \/ ErrorCalls /\ <<b, pg>> \notin atomics[c]
   *           /\ Fails("DmaBufKunmapAtomic", <<c, b, pg>>, "EINVAL")
   * }</pre>
   *
   * @param c the kernel context
   * @param b the buffer
   * @param pg the page
   * @return ok or EINVAL
   * @throws NotEnabledException as {@link #dmaBufKmap}
   */
  public Result<Void> dmaBufKunmapAtomic(String c, String b, int pg) {
    try {
      return cpu.kunmapAtomic(c, b, pg);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_vmap()}: counted under {@code dma_buf->lock}; the exporter's {@code vmap}
   * runs only when no vmapping exists (guide: "calls down into the exporter's vmap function only
   * when no vmapping exists").
   *
   * <p>Checks, in order: the exporter has no vmap: EINVAL; no vmapping exists and the exporter's
   * vmap fails (an armed {@link FaultInjector.Point#VMAP}): ENOMEM; otherwise "addr" (ret 0; the
   * value is the address).
   *
   * <pre>{@code
   * DmaBufVmap(b) ==
   *     /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ \/ ~VmapSupported /\ Fails("DmaBufVmap", <<b>>, "EINVAL")
   *        \/ VmapSupported /\ vmapCount[b] = 0 /\ Faults /\ Fails("DmaBufVmap", <<b>>, "ENOMEM")
   *        \/ /\ VmapSupported /\ vmapCount[b] < MaxVmaps
   *           /\ vmapCount' = [vmapCount EXCEPT ![b] = @ + 1]
   *           /\ exporterVmaps' = [exporterVmaps EXCEPT ![b] =
   *                                  IF vmapCount[b] = 0 \/ Bug("VmapEveryCall") THEN @ + 1 ELSE @]
   *           /\ lastAction' = Call("DmaBufVmap", <<b>>, "addr", 0)
   *           /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, atomics, fileVars>>
   * }</pre>
   *
   * @param b the buffer
   * @return "addr" with the address, EINVAL or ENOMEM
   * @throws NotEnabledException when {@code b} is not live or no importer holds a reference on it
   */
  public Result<Long> dmaBufVmap(String b) {
    try {
      return cpu.vmap(b);
    } finally {
      returnToUser();
    }
  }

  /**
   * {@code dma_buf_vunmap()}: the exporter's {@code vunmap} runs once, on the last vunmap.
   *
   * <p>Checks: a vmapping exists: ok; otherwise EINVAL (a kernel BUG).
   *
   * <pre>{@code
   * DmaBufVunmap(b) ==
   *     /\ Live(b) /\ ImporterRefHeld(b)
   *     /\ \/ /\ vmapCount[b] > 0
   *           /\ vmapCount' = [vmapCount EXCEPT ![b] = @ - 1]
   *           /\ exporterVmaps' = [exporterVmaps EXCEPT ![b] = IF vmapCount[b] = 1 THEN @ - 1 ELSE @]
   *           /\ lastAction' = Call("DmaBufVunmap", <<b>>, "ok", 0)
   *           /\ UNCHANGED <<lifeVars, cpuWindow, kmapped, atomics, fileVars>>
   *        \/ ErrorCalls /\ vmapCount[b] = 0 /\ Fails("DmaBufVunmap", <<b>>, "EINVAL")
   * }</pre>
   *
   * @param b the buffer
   * @return ok or EINVAL
   * @throws NotEnabledException when {@code b} is not live or no importer holds a reference on it
   */
  public Result<Void> dmaBufVunmap(String b) {
    try {
      return cpu.vunmap(b);
    } finally {
      returnToUser();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // User space (DmaBufFile.tla)

  /**
   * mmap(2) on the dma-buf fd: {@code dma_buf_mmap_internal()} calling the exporter's
   * {@code mmap}; guide "Direct Userspace Access/mmap Support", "3. Implementation notes for
   * exporters" (the core rejects a mapping past the end). The mapping holds a file reference.
   *
   * <p>Checks, in order: {@code fd} not open: EBADF; {@code pgoff + len} pages past the end (also:
   * {@code len < 1} or {@code pgoff < 0}, outside the spec's domain): EINVAL; otherwise ok.
   *
   * <pre>{@code
   * DmaBufMmap(p, fd, len, pgoff) ==
   *     LET args == <<p, fd, len, pgoff>> IN
   *     \/ /\ OpenFd(p, fd) /\ mmaps[p][BufOf(p, fd)] = <<>>
   *        /\ pgoff + len <= NPages \/ Bug("MmapNoSizeCheck")
   *        /\ mmaps' = [mmaps EXCEPT ![p][BufOf(p, fd)] = <<pgoff, len>>]
   *        /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ + 1]
   *        /\ lastAction' = Call("DmaBufMmap", args, "ok", 0)
   *        /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
   *                       releases, cpuVars, name, fds, granted>>
   *     \/ /\ ErrorCalls /\ OpenFd(p, fd) /\ pgoff + len > NPages /\ ~Bug("MmapNoSizeCheck")
   *        /\ Fails("DmaBufMmap", args, "EINVAL")
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufMmap", args, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @param len pages to map
   * @param pgoff first page
   * @return ok with the mapping, EBADF or EINVAL
   * @throws NotEnabledException when {@code p} already maps the buffer (one mapping per process
   *     and buffer, as in the spec)
   */
  public Result<Mapping> dmaBufMmap(String p, int fd, int len, int pgoff) {
    try {
      return file.mmap(p, fd, len, pgoff);
    } finally {
      returnToUser();
    }
  }

  /**
   * munmap(2) of {@code p}'s mapping of {@code b}: the mapping's file reference goes (maybe the
   * last one).
   *
   * <pre>{@code
   * Munmap(p, b) ==
   *     /\ mmaps[p][b] # <<>>
   *     /\ mmaps' = [mmaps EXCEPT ![p][b] = <<>>]
   *     /\ refcount' = [refcount EXCEPT ![b] = @ - 1]
   *     /\ lastAction' = Call("Munmap", <<p, b>>, "ok", 0)
   *     /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped, releases,
   *                    cpuVars, name, fds, granted>>
   * }</pre>
   *
   * @param p the process
   * @param b the buffer
   * @return ok
   * @throws NotEnabledException when {@code p} has no mapping of {@code b}
   */
  public Result<Void> munmap(String p, String b) {
    try {
      return file.munmap(p, b);
    } finally {
      returnToUser();
    }
  }

  /**
   * llseek(2) on the dma-buf fd: {@code dma_buf_llseek()}; guide "Other Interfaces Exposed to
   * Userspace on the dma-buf FD".
   *
   * <p>Checks, in order: {@code fd} not open: EBADF; a kernel before 3.12: ESPIPE; an offset other
   * than 0 or a whence other than SEEK_SET and SEEK_END: EINVAL; otherwise ok with ret the size
   * (SEEK_END) or 0 (SEEK_SET).
   *
   * <pre>{@code
   * DmaBufLlseek(p, fd, off, whence) ==
   *     LET args == <<p, fd, off, whence>>
   *         good == off = 0 /\ (whence \in {"SEEK_SET", "SEEK_END"} \/ (Bug("LlseekAcceptsCur")))
   *     IN \/ /\ OpenFd(p, fd) /\ HasLlseek /\ good
   *           /\ Returns("DmaBufLlseek", args, "ok", IF whence = "SEEK_END" THEN Size ELSE 0)
   *        \/ ErrorCalls /\ OpenFd(p, fd) /\ HasLlseek /\ ~good /\ Fails("DmaBufLlseek", args, "EINVAL")
   *        \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasLlseek /\ Fails("DmaBufLlseek", args, "ESPIPE")
   *        \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufLlseek", args, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @param off the offset
   * @param whence SEEK_SET, SEEK_CUR or SEEK_END
   * @return ok with the new position as ret and value, EBADF, ESPIPE or EINVAL
   */
  public Result<Long> dmaBufLlseek(String p, int fd, long off, Whence whence) {
    try {
      return file.llseek(p, fd, off, whence);
    } finally {
      returnToUser();
    }
  }

  /**
   * dup(2): a new fd (lowest free slot) on the same file, without FD_CLOEXEC.
   *
   * <p>Checks, in order: {@code fd} not open: EBADF; no free slot: EMFILE; otherwise "fd".
   *
   * <pre>{@code
   * FdDup(p, fd) ==
   *     \/ /\ OpenFd(p, fd) /\ FreeSlots(p) # {}
   *        /\ LET nfd == Min(FreeSlots(p)) IN
   *           /\ fds' = [fds EXCEPT ![p][nfd] = [buf |-> BufOf(p, fd), cloexec |-> FALSE]]
   *           /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ + 1]
   *           /\ lastAction' = Call("FdDup", <<p, fd>>, "fd", nfd)
   *           /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
   *                          releases, cpuVars, name, mmaps, granted>>
   *     \/ /\ OpenFd(p, fd) /\ FreeSlots(p) = {} /\ Fails("FdDup", <<p, fd>>, "EMFILE")
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdDup", <<p, fd>>, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @return "fd" with the new fd, EBADF or EMFILE
   */
  public Result<Integer> fdDup(String p, int fd) {
    try {
      return file.dup(p, fd);
    } finally {
      returnToUser();
    }
  }

  /**
   * close(2): drops the fd's reference; the last one leads to the release.
   *
   * <p>Checks: {@code fd} not open: EBADF; otherwise ok.
   *
   * <pre>{@code
   * FdClose(p, fd) ==
   *     \/ /\ OpenFd(p, fd)
   *        /\ fds' = [fds EXCEPT ![p][fd] = NoFd]
   *        /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = @ - 1]
   *        /\ lastAction' = Call("FdClose", <<p, fd>>, "ok", 0)
   *        /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
   *                       releases, cpuVars, name, mmaps, granted>>
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdClose", <<p, fd>>, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @return ok or EBADF
   */
  public Result<Void> fdClose(String p, int fd) {
    try {
      return file.close(p, fd);
    } finally {
      returnToUser();
    }
  }

  /**
   * sendmsg(2)/recvmsg(2) with SCM_RIGHTS from {@code p} to {@code q} ("share the fd with other
   * ... processes", guide step 2): {@code q} gets a new fd on the same file, without FD_CLOEXEC;
   * {@code p} keeps its fd.
   *
   * <p>Checks, in order: {@code fd} not open in {@code p}: EBADF; no free slot in {@code q}:
   * EMFILE; otherwise "fd" with {@code q}'s new fd.
   *
   * <pre>{@code
   * FdSend(p, q, fd) ==
   *     /\ p # q
   *     /\ \/ /\ OpenFd(p, fd) /\ FreeSlots(q) # {}
   *           /\ LET nfd == Min(FreeSlots(q)) IN
   *              /\ fds' = [fds EXCEPT ![q][nfd] = [buf |-> BufOf(p, fd), cloexec |-> FALSE]]
   *              /\ refcount' = [refcount EXCEPT ![BufOf(p, fd)] = IF Bug("SendForgetsRef") THEN @ ELSE @ + 1]
   *              /\ granted' = [granted EXCEPT ![q] = @ \cup {BufOf(p, fd)}]
   *              /\ lastAction' = Call("FdSend", <<p, q, fd>>, "fd", nfd)
   *              /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
   *                             releases, cpuVars, name, mmaps>>
   *        \/ /\ OpenFd(p, fd) /\ FreeSlots(q) = {} /\ Fails("FdSend", <<p, q, fd>>, "EMFILE")
   *        \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("FdSend", <<p, q, fd>>, "EBADF")
   * }</pre>
   *
   * @param p the sender
   * @param q the receiver
   * @param fd the sender's fd
   * @return "fd" with the receiver's fd, EBADF or EMFILE
   * @throws NotEnabledException when {@code p} and {@code q} are the same process
   */
  public Result<Integer> fdSend(String p, String q, int fd) {
    try {
      return file.send(p, q, fd);
    } finally {
      returnToUser();
    }
  }

  /**
   * execve(2): the fds with FD_CLOEXEC are closed, the others kept; every mapping goes with the
   * old address space. Guide "Miscellaneous notes": a CLOEXEC fd must not leak into the new image.
   *
   * <pre>{@code
   * ProcessExec(p) ==
   *     LET closing == {fd \in FdSlots : OpenFd(p, fd) /\ fds[p][fd].cloexec /\ ~Bug("ExecKeepsCloexec")}
   *         dropped(b) == Cardinality({fd \in closing : BufOf(p, fd) = b})
   *                       + (IF mmaps[p][b] # <<>> THEN 1 ELSE 0)
   *     IN /\ fds' = [fds EXCEPT ![p] = [fd \in FdSlots |-> IF fd \in closing THEN NoFd ELSE @[fd]]]
   *        /\ mmaps' = [mmaps EXCEPT ![p] = [b \in Buffers |-> <<>>]]
   *        /\ refcount' = [b \in Buffers |-> refcount[b] - dropped(b)]
   *        /\ lastAction' = Call("ProcessExec", <<p>>, "ok", 0)
   *        /\ UNCHANGED <<bufState, drvRefs, attached, mapped, stalled, storage, everMapped,
   *                       releases, cpuVars, name, granted>>
   * }</pre>
   *
   * @param p the process
   * @return ok
   */
  public Result<Void> processExec(String p) {
    try {
      return file.exec(p);
    } finally {
      returnToUser();
    }
  }

  /**
   * ioctl(fd, DMA_BUF_IOCTL_SYNC, &amp;sync): {@code dma_buf_ioctl()}.
   *
   * <p>Checks, in order: {@code fd} not open: EBADF; a kernel without the dma-buf ioctls: ENOTTY;
   * flags without READ or WRITE, or outside RW|END: EINVAL; otherwise ok.
   *
   * <pre>{@code
   * DmaBufIoctlSync(p, fd, flags) ==
   *     LET args == <<p, fd, flags>> IN
   *     \/ OpenFd(p, fd) /\ HasIoctls /\ SyncFlagsValid(flags) /\ Returns("DmaBufIoctlSync", args, "ok", 0)
   *     \/ ErrorCalls /\ OpenFd(p, fd) /\ HasIoctls /\ ~SyncFlagsValid(flags)
   *        /\ Fails("DmaBufIoctlSync", args, "EINVAL")
   *     \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasIoctls /\ Fails("DmaBufIoctlSync", args, "ENOTTY")
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufIoctlSync", args, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @param flags {@code struct dma_buf_sync.flags}
   * @return ok, EBADF, ENOTTY or EINVAL
   */
  public Result<Void> dmaBufIoctlSync(String p, int fd, long flags) {
    try {
      return file.ioctlSync(p, fd, flags);
    } finally {
      returnToUser();
    }
  }

  /**
   * ioctl(fd, DMA_BUF_SET_NAME, name): {@code dma_buf_set_name()}.
   *
   * <p>Checks, in order: {@code fd} not open: EBADF; a kernel without the dma-buf ioctls: ENOTTY;
   * outside the spec's domain, a NULL name: EFAULT, a name of {@value DmaBufUapi#DMA_BUF_NAME_LEN}
   * bytes or more: EINVAL (strndup_user); a 5.x kernel and the buffer attached: EBUSY; otherwise
   * ok.
   *
   * <pre>{@code
   * DmaBufSetName(p, fd, n) ==
   *     LET args == <<p, fd, n>> IN
   *     \/ /\ OpenFd(p, fd) /\ HasIoctls
   *        /\ IF SetNameBusyWhenAttached /\ attached[BufOf(p, fd)] # {}
   *           THEN Fails("DmaBufSetName", args, "EBUSY")
   *           ELSE /\ name' = [name EXCEPT ![BufOf(p, fd)] = n]
   *                /\ lastAction' = Call("DmaBufSetName", args, "ok", 0)
   *                /\ UNCHANGED <<lifeVars, cpuVars, fds, mmaps, granted>>
   *     \/ ErrorCalls /\ OpenFd(p, fd) /\ ~HasIoctls /\ Fails("DmaBufSetName", args, "ENOTTY")
   *     \/ ErrorCalls /\ ~OpenFd(p, fd) /\ Fails("DmaBufSetName", args, "EBADF")
   * }</pre>
   *
   * @param p the process
   * @param fd its fd
   * @param n the name
   * @return ok, EBADF, ENOTTY, EBUSY (or EFAULT, EINVAL)
   */
  public Result<Void> dmaBufSetName(String p, int fd, String n) {
    try {
      return file.setName(p, fd, n);
    } finally {
      returnToUser();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Projection

  /**
   * The state as the spec's variables, taken atomically (every lock, in the lock order).
   */
  public Snapshot snapshot() {
    List<ReentrantLock> locks = new ArrayList<>();
    k.procs.values().forEach(p -> locks.add(p.lock));
    k.buffers.values().forEach(b -> locks.add(b.lock));
    k.contexts.values().forEach(c -> locks.add(c.lock));
    int taken = 0;
    try {
      for (ReentrantLock l : locks) {
        l.lock();
        taken++;
      }
      return project();
    } finally {
      for (int i = taken - 1; i >= 0; i--) {
        locks.get(i).unlock();
      }
    }
  }

  private Snapshot project() {
    Map<String, String> bufState = new LinkedHashMap<>();
    Map<String, Integer> refcount = new LinkedHashMap<>();
    Map<String, Map<String, Integer>> drvRefs = new LinkedHashMap<>();
    Map<String, Set<String>> attached = new LinkedHashMap<>();
    Map<String, Map<String, String>> mapped = new LinkedHashMap<>();
    Map<String, Map<String, String>> stalled = new LinkedHashMap<>();
    Map<String, String> storage = new LinkedHashMap<>();
    Map<String, Boolean> everMapped = new LinkedHashMap<>();
    Map<String, Integer> releases = new LinkedHashMap<>();
    Map<String, Snapshot.Window> cpuWindow = new LinkedHashMap<>();
    Map<String, Set<Integer>> kmapped = new LinkedHashMap<>();
    Map<String, Integer> vmapCount = new LinkedHashMap<>();
    Map<String, Integer> exporterVmaps = new LinkedHashMap<>();
    Map<String, String> name = new LinkedHashMap<>();
    for (DmaBuf buf : k.buffers.values()) {
      String b = buf.id();
      bufState.put(b, buf.stateLocked().spec());
      refcount.put(b, buf.refCount());
      drvRefs.put(b, new LinkedHashMap<>(buf.driverRefsView()));
      Set<String> att = new LinkedHashSet<>();
      Map<String, String> map = new LinkedHashMap<>();
      Map<String, String> stall = new LinkedHashMap<>();
      for (String d : k.devices.keySet()) {
        DmaBufAttachment a = buf.attachment(d);
        if (a != null) {
          att.add(d);
        }
        map.put(d, a == null || a.mappedDir() == null ? Snapshot.NONE : a.mappedDir().spec());
        stall.put(d, a == null || a.stall() == null ? Snapshot.NONE : a.stall().dir.spec());
      }
      attached.put(b, att);
      mapped.put(b, map);
      stalled.put(b, stall);
      storage.put(b, k.exporter.storage(buf).map(StorageKind::spec).orElse(Snapshot.NONE));
      everMapped.put(b, k.exporter.everMapped(buf));
      releases.put(b, buf.releases());
      DmaBuf.CpuWindow w = buf.window();
      cpuWindow.put(b, w == null ? Snapshot.Window.NONE : new Snapshot.Window(w.start(), w.len(), w.dir().spec()));
      kmapped.put(b, buf.kmapped().keySet());
      vmapCount.put(b, buf.vmapCountLocked());
      exporterVmaps.put(b, buf.exporterVmaps());
      name.put(b, buf.nameLocked());
    }
    Map<String, Set<KernelContext.AtomicKmap>> atomics = new LinkedHashMap<>();
    for (KernelContext c : k.contexts.values()) {
      atomics.put(c.name(), c.heldLocked());
    }
    Map<String, Map<Integer, Snapshot.Fd>> fds = new LinkedHashMap<>();
    Map<String, Map<String, List<Integer>>> mmaps = new LinkedHashMap<>();
    Map<String, Set<String>> granted = new LinkedHashMap<>();
    for (Process proc : k.procs.values()) {
      Map<Integer, Snapshot.Fd> table = new LinkedHashMap<>();
      for (int fd : k.config.fdSlots()) {
        FdTable.Entry e = proc.fds().get(fd);
        table.put(fd, e == null ? Snapshot.Fd.NONE : new Snapshot.Fd(e.file().id(), e.cloexec()));
      }
      fds.put(proc.name(), table);
      Map<String, List<Integer>> maps = new LinkedHashMap<>();
      for (String b : k.buffers.keySet()) {
        Mapping m = proc.mmaps().get(b);
        maps.put(b, m == null ? List.of() : m.spec());
      }
      mmaps.put(proc.name(), maps);
      granted.put(proc.name(), proc.grantedView());
    }
    return new Snapshot(bufState, refcount, drvRefs, attached, mapped, stalled, storage, everMapped,
        releases, cpuWindow, kmapped, atomics, vmapCount, exporterVmaps, name, fds, mmaps, granted);
  }

  /** The return to user space: run the releases this thread's last fputs queued. */
  private void returnToUser() {
    for (DmaBuf buf : k.takeTaskWork()) {
      lifecycle.runTaskWork(buf);
    }
  }

  @Override
  public String toString() {
    return "ReferenceKernel(" + k.config.profile().spec() + ", " + k.scheduling + ")";
  }
}
