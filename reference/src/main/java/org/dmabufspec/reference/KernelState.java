package org.dmabufspec.reference;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the three parts of the reference share: the configuration's entities by name, the
 * exporter, the fault injector, the event sink and the per-thread task work (the deferred
 * releases of {@link Scheduling#AUTOMATIC}).
 *
 * <p>Lock order (outermost first; a thread may skip levels but never go back up):
 * <ol>
 *   <li>{@link Process#lock}: at most two, in {@link Config#procs()} order (fdSend);
 *   <li>{@link DmaBuf#lock} ({@code dma_buf->lock}): at most one at a time;
 *   <li>{@link KernelContext#lock}: at most one at a time.
 * </ol>
 * Only {@link ReferenceKernel#snapshot()} holds more: all of them, in that order. A stalled map
 * waits on its buffer's condition holding no other lock. Exporter callbacks and the event sink
 * run under these locks and never call back. Deferred releases run with no lock held. The file
 * reference counts are atomic; each one changes under the lock that guards the holder it counts
 * (the fd table's process, or the buffer for kernel references), so a snapshot sees both
 * together.
 */
final class KernelState {
  final Config config;
  final Scheduling scheduling;
  final EventSink sink;
  final boolean tracing;
  final FaultInjector faults;
  final Exporter exporter;
  final Map<String, DmaBuf> buffers = new LinkedHashMap<>();
  final Map<String, Device> devices = new LinkedHashMap<>();
  final Map<String, Process> procs = new LinkedHashMap<>();
  final Map<String, KernelContext> contexts = new LinkedHashMap<>();

  /** Releases queued by this thread's last fput, run on its return to user space. */
  private final ThreadLocal<ArrayDeque<DmaBuf>> taskWork = ThreadLocal.withInitial(ArrayDeque::new);
  /** Set by {@link MapCall}: told when this thread's map call stalls. */
  final ThreadLocal<Runnable> onStall = new ThreadLocal<>();

  KernelState(Config config, Scheduling scheduling, EventSink sink, FaultInjector faults) {
    this.config = config;
    this.scheduling = scheduling;
    this.sink = sink;
    this.tracing = sink != EventSink.NONE;
    this.faults = faults;
    this.exporter = Exporter.forPolicy(config.policy(), config.storages(), faults);
    List<String> drivers = config.drivers();
    for (String b : config.buffers()) {
      buffers.put(b, new DmaBuf(b, config.nPages(), config.pageSize(), drivers));
    }
    for (Device d : config.devices()) {
      devices.put(d.name(), d);
    }
    for (String p : config.procs()) {
      procs.put(p, new Process(p, config.maxFds()));
    }
    for (String c : config.contexts()) {
      contexts.put(c, new KernelContext(c));
    }
  }

  DmaBuf buffer(String id) {
    return lookup(buffers, id, "buffer");
  }

  Device device(String name) {
    return lookup(devices, name, "device");
  }

  Process process(String name) {
    return lookup(procs, name, "process");
  }

  KernelContext context(String name) {
    return lookup(contexts, name, "context");
  }

  /** A driver: a device or the exporter. */
  String driver(String name) {
    if (!devices.containsKey(name) && !config.exporter().equals(name)) {
      throw new IllegalArgumentException("unknown driver '" + name + "': not a device of the "
          + "configuration nor its exporter '" + config.exporter() + "'");
    }
    return name;
  }

  boolean isDevice(String name) {
    return devices.containsKey(name);
  }

  /** Records a completed call made by the current thread. Call only when {@link #tracing}. */
  void trace(String action, Result<?> result, Object... args) {
    sink.accept(new CallEvent(action, spec(args), result.outcome(), result.ret(),
        Thread.currentThread().getName()));
  }

  /** Records a completed call made by {@code thread}. Call only when {@link #tracing}. */
  void trace(String action, String outcome, long ret, String thread, Object... args) {
    sink.accept(new CallEvent(action, spec(args), outcome, ret, thread));
  }

  NotEnabledException notEnabled(String action, String reason, Object... args) {
    return new NotEnabledException(action, spec(args), reason);
  }

  /** The last reference of {@code buf}'s file went: queue its release like fput's task_work. */
  void lastReferenceDropped(DmaBuf buf) {
    if (scheduling == Scheduling.AUTOMATIC) {
      taskWork.get().add(buf);
    }
  }

  /** Takes the releases this thread queued. */
  List<DmaBuf> takeTaskWork() {
    ArrayDeque<DmaBuf> q = taskWork.get();
    if (q.isEmpty()) {
      return Collections.emptyList();
    }
    List<DmaBuf> out = new ArrayList<>(q);
    q.clear();
    return out;
  }

  /** The arguments as the spec spells them: enums by their spec names. */
  static List<Object> spec(Object... args) {
    List<Object> out = new ArrayList<>(args.length);
    for (Object a : args) {
      if (a instanceof DataDirection d) {
        out.add(d.spec());
      } else if (a instanceof Whence w) {
        out.add(w.spec());
      } else {
        out.add(a);
      }
    }
    return out;
  }

  private static <V> V lookup(Map<String, V> m, String name, String what) {
    V v = m.get(name);
    if (v == null) {
      throw new IllegalArgumentException("unknown " + what + " '" + name + "': the configuration has "
          + m.keySet());
    }
    return v;
  }
}
