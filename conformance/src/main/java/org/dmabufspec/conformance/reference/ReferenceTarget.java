package org.dmabufspec.conformance.reference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.DataDirection;
import org.dmabufspec.reference.Defect;
import org.dmabufspec.reference.EventSink;
import org.dmabufspec.reference.FaultInjector;
import org.dmabufspec.reference.MapCall;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Result;
import org.dmabufspec.reference.Scheduling;
import org.dmabufspec.reference.Whence;
import org.dmabufspec.spec.value.Value;

/**
 * The Java reference as a {@link Target}: a fresh {@link ReferenceKernel} in
 * {@link Scheduling#STEPPED} scheduling, so that the deferred release, the exporter's migration
 * and the return of a stalled map happen only as the trace's own steps, and every state of the
 * trace is reproduced exactly.
 *
 * <p>A map call that may stall (the reference's exporter has a migration pending for the buffer)
 * runs on a thread of its own ({@link ReferenceKernel#dmaBufMapAttachmentAsync}); a stalled call waits until the trace resumes or interrupts it, or until
 * {@link #close()} interrupts it. Faults: ENOMEM of export, begin_cpu_access and vmap through the
 * reference's {@link FaultInjector}, the EINTR of a fresh map through a pending interrupt of the
 * calling thread; an armed fault lives for the next call only.
 *
 * <p>The projection is the whole state ({@link SnapshotProjection}): the reference observes every
 * variable. Calls the spec does not enable from the current state throw the reference's
 * {@code NotEnabledException}, which the replayer reports. Not thread-safe: one trace at a time.
 */
public final class ReferenceTarget implements Target {
  private static final Map<String, Config> CONFIGS = new ConcurrentHashMap<>();
  private static final AtomicInteger THREADS = new AtomicInteger();
  /** Threads for map calls, shared by all targets; idle ones die after a minute. */
  private static final ExecutorService MAP_THREADS = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "reference-map-" + THREADS.incrementAndGet());
    t.setDaemon(true);
    return t;
  });

  private final ReferenceKernel kernel;
  private final Map<String, MapCall> pending = new LinkedHashMap<>();
  private boolean interruptNextMap;

  /** A target over a fresh reference for {@code config}. */
  public ReferenceTarget(Config config) {
    this.kernel = new ReferenceKernel(Objects.requireNonNull(config, "config"), Scheduling.STEPPED,
        EventSink.NONE);
  }

  /**
   * The reference's configuration for a model config of the spec ({@code MCDmaBufTrace.cfg}),
   * read from the spec's packaged config and {@code MCDmaBuf.tla} ({@link ModelConstants}); cached.
   */
  public static Config configFor(String modelConfig) {
    return CONFIGS.computeIfAbsent(modelConfig,
        cfg -> ModelConstants.fromClasspath(cfg).toConfig());
  }

  /** A target for a model config of the spec, e.g. {@code forModel("MCDmaBufTrace.cfg")}. */
  public static ReferenceTarget forModel(String modelConfig, Defect... defects) {
    return new ReferenceTarget(configFor(modelConfig).withDefects(defects));
  }

  /** The reference driven by this target. */
  public ReferenceKernel kernel() {
    return kernel;
  }

  @Override
  public String name() {
    return kernel.config().defects().isEmpty() ? "reference"
        : "reference with defects " + kernel.config().defects();
  }

  @Override
  public String profile() {
    return kernel.config().profile().spec();
  }

  // ---- DmaBufLifecycle ----

  @Override
  public Outcome dmaBufExport(String b) {
    return run(() -> kernel.dmaBufExport(b));
  }

  @Override
  public Outcome dmaBufFd(String p, String b, boolean cloexec) {
    return run(() -> kernel.dmaBufFd(p, b, cloexec));
  }

  @Override
  public Outcome dmaBufGet(String d, String p, int fd) {
    return run(() -> kernel.dmaBufGet(d, p, fd));
  }

  @Override
  public Outcome dmaBufAttach(String d, String b) {
    return run(() -> kernel.dmaBufAttach(d, b));
  }

  @Override
  public Outcome dmaBufMapAttachment(String d, String b, String dir) {
    DataDirection direction = DataDirection.fromSpec(dir);
    boolean interrupt = interruptNextMap;
    interruptNextMap = false;
    if (!kernel.exporter().migrationPending(kernel.buffer(b))) {
      // The reference stalls a map only while a migration is pending (and nothing else runs
      // while the replayer calls), so this call returns at once: make it on this thread.
      if (interrupt) {
        Thread.currentThread().interrupt(); // the signal that is pending when the call starts
      }
      try {
        return outcome(kernel.dmaBufMapAttachment(d, b, direction));
      } finally {
        Thread.interrupted(); // a signal the call did not take is not for the next one
        disarm();
      }
    }
    MapCall call;
    try {
      call = kernel.dmaBufMapAttachmentAsync(d, b, direction, task -> MAP_THREADS.execute(() -> {
        if (interrupt) {
          Thread.currentThread().interrupt(); // the signal that is pending when the call starts
        }
        task.run();
      }));
    } finally {
      disarm();
    }
    if (call.isDone()) {
      return outcome(call.join());
    }
    pending.put(key(d, b), call);
    return Outcome.of("stalled");
  }

  @Override
  public Outcome dmaBufMapAttachmentResume(String d, String b) {
    MapCall call = stalledCall(d, b);
    Result<?> r = kernel.dmaBufMapAttachmentResume(d, b);
    Result<?> returned = call.join();
    pending.remove(key(d, b));
    if (!returned.outcome().equals(r.outcome())) {
      throw new IllegalStateException("the stalled map of " + d + " on " + b + " returned "
          + returned + ", its resume " + r);
    }
    return done(r);
  }

  @Override
  public Outcome dmaBufMapAttachmentInterrupted(String d, String b) {
    MapCall call = stalledCall(d, b);
    call.interrupt();
    Result<?> r = call.join();
    pending.remove(key(d, b));
    return done(r);
  }

  @Override
  public Outcome dmaBufUnmapAttachment(String d, String b) {
    return run(() -> kernel.dmaBufUnmapAttachment(d, b));
  }

  @Override
  public Outcome dmaBufDetach(String d, String b) {
    return run(() -> kernel.dmaBufDetach(d, b));
  }

  @Override
  public Outcome dmaBufPut(String d, String b) {
    return run(() -> kernel.dmaBufPut(d, b));
  }

  @Override
  public Outcome dmaBufRelease(String b) {
    return run(() -> kernel.dmaBufRelease(b));
  }

  @Override
  public Outcome exporterMigrate(String b) {
    return run(() -> kernel.exporterMigrate(b));
  }

  // ---- DmaBufCpu ----

  @Override
  public Outcome dmaBufBeginCpuAccess(String b, int start, int len, String dir) {
    return run(() -> kernel.dmaBufBeginCpuAccess(b, start, len, DataDirection.fromSpec(dir)));
  }

  @Override
  public Outcome dmaBufEndCpuAccess(String b, int start, int len, String dir) {
    return run(() -> kernel.dmaBufEndCpuAccess(b, start, len, DataDirection.fromSpec(dir)));
  }

  @Override
  public Outcome dmaBufKmap(String b, int page) {
    return run(() -> kernel.dmaBufKmap(b, page));
  }

  @Override
  public Outcome dmaBufKunmap(String b, int page) {
    return run(() -> kernel.dmaBufKunmap(b, page));
  }

  @Override
  public Outcome dmaBufKmapAtomic(String c, String b, int page) {
    return run(() -> kernel.dmaBufKmapAtomic(c, b, page));
  }

  @Override
  public Outcome dmaBufKunmapAtomic(String c, String b, int page) {
    return run(() -> kernel.dmaBufKunmapAtomic(c, b, page));
  }

  @Override
  public Outcome dmaBufVmap(String b) {
    return run(() -> kernel.dmaBufVmap(b));
  }

  @Override
  public Outcome dmaBufVunmap(String b) {
    return run(() -> kernel.dmaBufVunmap(b));
  }

  // ---- DmaBufFile ----

  @Override
  public Outcome fdDup(String p, int fd) {
    return run(() -> kernel.fdDup(p, fd));
  }

  @Override
  public Outcome fdClose(String p, int fd) {
    return run(() -> kernel.fdClose(p, fd));
  }

  @Override
  public Outcome fdSend(String p, String q, int fd) {
    return run(() -> kernel.fdSend(p, q, fd));
  }

  @Override
  public Outcome processExec(String p) {
    return run(() -> kernel.processExec(p));
  }

  @Override
  public Outcome dmaBufMmap(String p, int fd, int len, int pgoff) {
    return run(() -> kernel.dmaBufMmap(p, fd, len, pgoff));
  }

  @Override
  public Outcome munmap(String p, String b) {
    return run(() -> kernel.munmap(p, b));
  }

  @Override
  public Outcome dmaBufLlseek(String p, int fd, long off, String whence) {
    return run(() -> kernel.dmaBufLlseek(p, fd, off, Whence.fromSpec(whence)));
  }

  @Override
  public Outcome dmaBufIoctlSync(String p, int fd, long flags) {
    return run(() -> kernel.dmaBufIoctlSync(p, fd, flags));
  }

  @Override
  public Outcome dmaBufSetName(String p, int fd, String name) {
    return run(() -> kernel.dmaBufSetName(p, fd, name));
  }

  @Override
  public boolean armFault(String action, String errno) {
    switch (action + "/" + errno) {
      case "DmaBufExport/ENOMEM" -> kernel.faults().failNext(FaultInjector.Point.EXPORT);
      case "DmaBufBeginCpuAccess/ENOMEM" -> kernel.faults().failNext(FaultInjector.Point.BEGIN_CPU_ACCESS);
      case "DmaBufVmap/ENOMEM" -> kernel.faults().failNext(FaultInjector.Point.VMAP);
      case "DmaBufMapAttachment/EINTR" -> interruptNextMap = true;
      default -> {
        return false;
      }
    }
    return true;
  }

  @Override
  public Map<String, Value> projection() {
    return SnapshotProjection.project(kernel.snapshot());
  }

  /** Interrupts the maps still stalled (they return EINTR), so that no thread stays blocked. */
  @Override
  public void close() {
    List<MapCall> calls = new ArrayList<>(pending.values());
    pending.clear();
    for (MapCall c : calls) {
      c.interrupt();
    }
    for (MapCall c : calls) {
      try {
        c.join();
      } catch (RuntimeException e) {
        // the call's own failure was reported when it happened
      }
    }
  }

  private MapCall stalledCall(String d, String b) {
    MapCall call = pending.get(key(d, b));
    if (call == null) {
      throw new IllegalStateException("no map of " + d + " on " + b + " is stalled in the reference");
    }
    return call;
  }

  /** Makes a call; an armed fault that the call did not consume is disarmed. */
  private Outcome run(Supplier<Result<?>> call) {
    try {
      return outcome(call.get());
    } finally {
      disarm();
    }
  }

  private Outcome done(Result<?> r) {
    disarm();
    return outcome(r);
  }

  private void disarm() {
    interruptNextMap = false;
    kernel.faults().clear();
  }

  private static Outcome outcome(Result<?> r) {
    return Outcome.of(r.outcome(), r.ret());
  }

  private static String key(String d, String b) {
    return d + "\0" + b;
  }

  @Override
  public String toString() {
    return "ReferenceTarget(" + kernel + ")";
  }
}
