package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Calls as data, over the CI model's domains (including a bad fd, an out-of-range page, a range
 * past the end, bad sync flags ...), with one {@code step} switch that makes them on a
 * {@link ReferenceKernel}. Besides the spec's actions: "Interrupt" (a signal to the thread of a
 * stalled map) and "ArmFault" (an ENOMEM armed at export, begin_cpu_access or vmap).
 */
final class Calls {
  private Calls() {}

  /** One call: the spec's action name and arguments. */
  record Op(String action, List<Object> args) {
    Op {
      args = Collections.unmodifiableList(new ArrayList<>(args));
    }

    String s(int i) {
      return (String) args.get(i);
    }

    int i(int i) {
      return (Integer) args.get(i);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder(action).append('(');
      for (int j = 0; j < args.size(); j++) {
        sb.append(j == 0 ? "" : ", ");
        Object a = args.get(j);
        sb.append(a instanceof String ? "\"" + a + "\"" : String.valueOf(a));
      }
      return sb.append(')').toString();
    }
  }

  static Op op(String action, Object... args) {
    return new Op(action, List.of(args));
  }

  static final List<String> BUFS = List.of("b1", "b2");
  static final List<String> DEVS = List.of("d1", "d2", "d3");
  static final List<String> DRIVERS = List.of("d1", "d2", "d3", "exp");
  static final List<String> PROCS = List.of("p1", "p2");
  static final List<String> CTXS = List.of("c1", "c2");
  static final List<Integer> FDS = List.of(3, 4, 5);
  static final List<Integer> PAGES = List.of(0, 1, 2);
  static final List<String> DIRS = List.of("DMA_TO_DEVICE", "DMA_FROM_DEVICE");

  static final List<Integer> STARTS = List.of(0, 1);
  static final List<Integer> LENS = List.of(1, 2);
  static final List<Boolean> BOOLS = List.of(false, true);

  /** Every action the generator makes, with its weight. */
  static final Map<String, Integer> WEIGHTS = weights();

  private static Map<String, Integer> weights() {
    Map<String, Integer> w = new LinkedHashMap<>();
    w.put("DmaBufExport", 4);
    w.put("DmaBufFd", 6);
    w.put("DmaBufGet", 8);
    w.put("DmaBufAttach", 8);
    w.put("DmaBufMapAttachment", 8);
    w.put("DmaBufMapAttachmentResume", 3);
    w.put("Interrupt", 2);
    w.put("DmaBufUnmapAttachment", 6);
    w.put("DmaBufDetach", 4);
    w.put("DmaBufPut", 5);
    w.put("DmaBufRelease", 3);
    w.put("ExporterMigrate", 3);
    w.put("DmaBufBeginCpuAccess", 3);
    w.put("DmaBufEndCpuAccess", 3);
    w.put("DmaBufKmap", 3);
    w.put("DmaBufKunmap", 2);
    w.put("DmaBufKmapAtomic", 3);
    w.put("DmaBufKunmapAtomic", 2);
    w.put("DmaBufVmap", 2);
    w.put("DmaBufVunmap", 2);
    w.put("DmaBufMmap", 3);
    w.put("Munmap", 2);
    w.put("DmaBufLlseek", 1);
    w.put("FdDup", 2);
    w.put("FdClose", 3);
    w.put("FdSend", 3);
    w.put("ProcessExec", 1);
    w.put("DmaBufIoctlSync", 1);
    w.put("DmaBufSetName", 1);
    w.put("ArmFault", 2);
    return Collections.unmodifiableMap(w);
  }

  /**
   * An intended call: an action, a hint that picks the arguments, and whether to pick among the
   * calls the current state likely enables ({@link #resolve}). Shrinking works on intents; the
   * concrete calls they became are what a failure reports.
   */
  static Gen<Op> ops() {
    List<Pair<Integer, Gen<String>>> actions = new ArrayList<>();
    WEIGHTS.forEach((a, w) -> actions.add(Pair.of(w, Generate.constant(a))));
    Gen<Boolean> guided = Generate.frequency(List.of(
        Pair.of(3, Generate.constant(true)), Pair.of(1, Generate.constant(false))));
    return Generate.frequency(actions).zip(Generate.range(0, 1 << 20), guided,
        (a, hint, g) -> op("Intent", a, hint, g));
  }

  /** The concrete call an intent becomes in {@code k}'s current state. */
  static Op resolve(ReferenceKernel k, Op intent) {
    if (!intent.action().equals("Intent")) {
      return intent;
    }
    String action = intent.s(0);
    int hint = intent.i(1);
    if (!(Boolean) intent.args().get(2)) {
      List<Op> all = all(action);
      return all.get(hint % all.size());
    }
    // Guided: the intended action if the state likely enables it, else another one that is,
    // chosen by the hint with the actions' weights.
    Snapshot s = k.snapshot();
    Config cfg = k.config();
    List<Op> wanted = all(action).stream().filter(o -> likely(cfg, s, o)).toList();
    if (!wanted.isEmpty()) {
      return wanted.get(hint % wanted.size());
    }
    List<Op> weighted = new ArrayList<>();
    WEIGHTS.forEach((a, w) -> {
      List<Op> c = all(a).stream().filter(o -> likely(cfg, s, o)).toList();
      if (!c.isEmpty()) {
        for (int i = 0; i < w; i++) {
          weighted.add(c.get((hint / 7 + i) % c.size()));
        }
      }
    });
    return weighted.get(hint % weighted.size());
  }

  /** Every call of {@code action} over the model's domains (and a few values outside them). */
  static List<Op> all(String action) {
    return switch (action) {
      case "DmaBufExport", "DmaBufRelease", "ExporterMigrate", "DmaBufVmap", "DmaBufVunmap" ->
          cross(action, BUFS);
      case "DmaBufFd" -> cross(action, PROCS, BUFS, BOOLS);
      case "DmaBufGet" -> cross(action, DEVS, PROCS, FDS);
      case "DmaBufAttach", "DmaBufMapAttachmentResume", "Interrupt", "DmaBufUnmapAttachment",
          "DmaBufDetach" -> cross(action, DEVS, BUFS);
      case "DmaBufMapAttachment" -> cross(action, DEVS, BUFS, DIRS);
      case "DmaBufPut" -> cross(action, DRIVERS, BUFS);
      case "DmaBufBeginCpuAccess", "DmaBufEndCpuAccess" -> cross(action, BUFS, STARTS, LENS, DIRS);
      case "DmaBufKmap", "DmaBufKunmap" -> cross(action, BUFS, PAGES);
      case "DmaBufKmapAtomic", "DmaBufKunmapAtomic" -> cross(action, CTXS, BUFS, PAGES);
      case "DmaBufMmap" -> cross(action, PROCS, FDS, List.of(1, 2, 3), List.of(0, 1));
      case "Munmap" -> cross(action, PROCS, BUFS);
      case "DmaBufLlseek" -> cross(action, PROCS, FDS, List.of(0L, 1L),
          List.of("SEEK_SET", "SEEK_CUR", "SEEK_END"));
      case "FdDup", "FdClose" -> cross(action, PROCS, FDS);
      case "FdSend" -> cross(action, PROCS, PROCS, FDS);
      case "ProcessExec" -> cross(action, PROCS);
      case "DmaBufIoctlSync" -> cross(action, PROCS, FDS, List.of(3L, 7L, 0L, 8L));
      case "DmaBufSetName" -> cross(action, PROCS, FDS, List.of("cam"));
      case "ArmFault" -> cross(action, List.of("EXPORT", "BEGIN_CPU_ACCESS", "VMAP"));
      default -> throw new IllegalArgumentException(action);
    };
  }

  private static List<Op> cross(String action, List<?>... domains) {
    List<List<Object>> acc = new ArrayList<>();
    acc.add(List.of());
    for (List<?> dom : domains) {
      List<List<Object>> next = new ArrayList<>();
      for (List<Object> prefix : acc) {
        for (Object v : dom) {
          List<Object> l = new ArrayList<>(prefix);
          l.add(v);
          next.add(l);
        }
      }
      acc = next;
    }
    return acc.stream().map(a -> new Op(action, a)).toList();
  }

  /**
   * A heuristic, not an oracle: would {@code o} likely take the path that gets somewhere in state
   * {@code s}? Only used to steer generation.
   */
  static boolean likely(Config cfg, Snapshot s, Op o) {
    List<Object> a = o.args();
    return switch (o.action()) {
      case "DmaBufExport" -> "unexported".equals(s.bufState().get(o.s(0)));
      case "DmaBufFd" -> live(s, o.s(1)) && s.drvRefs().get(o.s(1)).get("exp") > 0
          && s.fds().get(o.s(0)).values().contains(Snapshot.Fd.NONE);
      // guided calls keep the buffers alive: dropping a last reference is left to unguided ones
      case "FdClose" -> open(s, o.s(0), o.i(1))
          && s.refcount().get(s.fds().get(o.s(0)).get(o.i(1)).buf()) > 1;
      case "DmaBufGet", "DmaBufLlseek", "FdDup", "DmaBufIoctlSync", "DmaBufSetName" ->
          open(s, o.s(o.action().equals("DmaBufGet") ? 1 : 0), (Integer) a.get(o.action().equals("DmaBufGet") ? 2 : 1));
      case "DmaBufAttach" -> live(s, o.s(1)) && s.drvRefs().get(o.s(1)).get(o.s(0)) > 0
          && !s.attached().get(o.s(1)).contains(o.s(0));
      case "DmaBufMapAttachment" -> live(s, o.s(1)) && s.attached().get(o.s(1)).contains(o.s(0))
          && none(s.mapped().get(o.s(1)).get(o.s(0))) && none(s.stalled().get(o.s(1)).get(o.s(0)));
      case "DmaBufMapAttachmentResume", "Interrupt" -> !none(s.stalled().get(o.s(1)).get(o.s(0)));
      case "DmaBufUnmapAttachment" -> !none(s.mapped().get(o.s(1)).get(o.s(0)));
      case "DmaBufDetach" -> s.attached().get(o.s(1)).contains(o.s(0))
          && none(s.mapped().get(o.s(1)).get(o.s(0))) && none(s.stalled().get(o.s(1)).get(o.s(0)));
      case "DmaBufPut" -> live(s, o.s(1)) && s.drvRefs().get(o.s(1)).get(o.s(0)) > 0
          && s.refcount().get(o.s(1)) > 1;
      case "DmaBufRelease" -> live(s, o.s(0)) && s.refcount().get(o.s(0)) == 0;
      case "ExporterMigrate" -> live(s, o.s(0)) && !none(s.storage().get(o.s(0)));
      case "DmaBufBeginCpuAccess" -> importer(s, o.s(0))
          && Snapshot.Window.NONE.equals(s.cpuWindow().get(o.s(0)))
          && o.i(1) + o.i(2) <= cfg.nPages();
      case "DmaBufEndCpuAccess" -> importer(s, o.s(0))
          && s.cpuWindow().get(o.s(0)).equals(new Snapshot.Window(o.i(1), o.i(2), o.s(3)));
      case "DmaBufKmap" -> importer(s, o.s(0)) && inWindow(s, o.s(0), o.i(1));
      case "DmaBufKunmap" -> importer(s, o.s(0)) && s.kmapped().get(o.s(0)).contains(o.i(1));
      case "DmaBufKmapAtomic" -> importer(s, o.s(1)) && inWindow(s, o.s(1), o.i(2));
      case "DmaBufKunmapAtomic" -> importer(s, o.s(1))
          && s.atomics().get(o.s(0)).contains(new KernelContext.AtomicKmap(o.s(1), o.i(2)));
      case "DmaBufVmap" -> importer(s, o.s(0));
      case "DmaBufVunmap" -> importer(s, o.s(0)) && s.vmapCount().get(o.s(0)) > 0;
      case "DmaBufMmap" -> open(s, o.s(0), o.i(1)) && o.i(2) + o.i(3) <= cfg.nPages()
          && s.mmaps().get(o.s(0)).get(s.fds().get(o.s(0)).get(o.i(1)).buf()).isEmpty();
      case "Munmap" -> !s.mmaps().get(o.s(0)).get(o.s(1)).isEmpty() && s.refcount().get(o.s(1)) > 1;
      case "FdSend" -> !o.s(0).equals(o.s(1)) && open(s, o.s(0), o.i(2));
      case "ProcessExec" -> s.fds().get(o.s(0)).values().stream().anyMatch(Snapshot.Fd::cloexec)
          || s.mmaps().get(o.s(0)).values().stream().anyMatch(m -> !m.isEmpty());
      default -> true;
    };
  }

  private static boolean live(Snapshot s, String b) {
    return "live".equals(s.bufState().get(b));
  }

  private static boolean none(String v) {
    return Snapshot.NONE.equals(v);
  }

  private static boolean open(Snapshot s, String p, int fd) {
    Snapshot.Fd e = s.fds().get(p).get(fd);
    return e != null && !none(e.buf());
  }

  private static boolean importer(Snapshot s, String b) {
    return live(s, b) && DEVS.stream().anyMatch(d -> s.drvRefs().get(b).get(d) > 0);
  }

  private static boolean inWindow(Snapshot s, String b, int pg) {
    Snapshot.Window w = s.cpuWindow().get(b);
    return !Snapshot.Window.NONE.equals(w) && w.start() <= pg && pg < w.start() + w.len();
  }

  /** A random call from {@code rnd}, without weights (for the stress test). */
  static Op random(Random rnd) {
    String b = pick(rnd, BUFS);
    String d = pick(rnd, DEVS);
    String p = pick(rnd, PROCS);
    int fd = pick(rnd, FDS);
    String dir = pick(rnd, DIRS);
    return switch (rnd.nextInt(24)) {
      case 0 -> op("DmaBufExport", b);
      case 1, 2 -> op("DmaBufFd", p, b, rnd.nextBoolean());
      case 3, 4 -> op("DmaBufGet", d, p, fd);
      case 5, 6 -> op("DmaBufAttach", d, b);
      case 7, 8 -> op("DmaBufMapAttachment", d, b, dir);
      case 9, 10 -> op("DmaBufUnmapAttachment", d, b);
      case 11 -> op("DmaBufDetach", d, b);
      case 12 -> op("DmaBufPut", pick(rnd, DRIVERS), b);
      case 13 -> op("DmaBufBeginCpuAccess", b, rnd.nextInt(2), 1 + rnd.nextInt(2), dir);
      case 14 -> op("DmaBufEndCpuAccess", b, rnd.nextInt(2), 1 + rnd.nextInt(2), dir);
      case 15 -> op("DmaBufKmapAtomic", pick(rnd, CTXS), b, rnd.nextInt(2));
      case 16 -> op("DmaBufKunmapAtomic", pick(rnd, CTXS), b, rnd.nextInt(2));
      case 17 -> op(rnd.nextBoolean() ? "DmaBufVmap" : "DmaBufVunmap", b);
      case 18 -> op("DmaBufMmap", p, fd, 1 + rnd.nextInt(2), rnd.nextInt(2));
      case 19 -> op("Munmap", p, b);
      case 20 -> op("FdDup", p, fd);
      case 21 -> op("FdClose", p, fd);
      case 22 -> op("FdSend", p, pick(rnd, PROCS), fd);
      default -> op("ProcessExec", p);
    };
  }

  private static <T> T pick(Random rnd, List<T> xs) {
    return xs.get(rnd.nextInt(xs.size()));
  }

  /**
   * Makes every call but the map-related ones, which need a {@link MapCall}: those return null.
   *
   * @throws NotEnabledException when the spec has no step for the call
   */
  static Result<?> step(ReferenceKernel k, Op op) {
    return switch (op.action()) {
      case "DmaBufExport" -> k.dmaBufExport(op.s(0));
      case "DmaBufFd" -> k.dmaBufFd(op.s(0), op.s(1), (Boolean) op.args().get(2));
      case "DmaBufGet" -> k.dmaBufGet(op.s(0), op.s(1), op.i(2));
      case "DmaBufAttach" -> k.dmaBufAttach(op.s(0), op.s(1));
      case "DmaBufMapAttachment" -> k.dmaBufMapAttachment(op.s(0), op.s(1), DataDirection.fromSpec(op.s(2)));
      case "DmaBufMapAttachmentResume" -> k.dmaBufMapAttachmentResume(op.s(0), op.s(1));
      case "DmaBufUnmapAttachment" -> k.dmaBufUnmapAttachment(op.s(0), op.s(1));
      case "DmaBufDetach" -> k.dmaBufDetach(op.s(0), op.s(1));
      case "DmaBufPut" -> k.dmaBufPut(op.s(0), op.s(1));
      case "DmaBufRelease" -> k.dmaBufRelease(op.s(0));
      case "ExporterMigrate" -> k.exporterMigrate(op.s(0));
      case "DmaBufBeginCpuAccess" -> k.dmaBufBeginCpuAccess(op.s(0), op.i(1), op.i(2), DataDirection.fromSpec(op.s(3)));
      case "DmaBufEndCpuAccess" -> k.dmaBufEndCpuAccess(op.s(0), op.i(1), op.i(2), DataDirection.fromSpec(op.s(3)));
      case "DmaBufKmap" -> k.dmaBufKmap(op.s(0), op.i(1));
      case "DmaBufKunmap" -> k.dmaBufKunmap(op.s(0), op.i(1));
      case "DmaBufKmapAtomic" -> k.dmaBufKmapAtomic(op.s(0), op.s(1), op.i(2));
      case "DmaBufKunmapAtomic" -> k.dmaBufKunmapAtomic(op.s(0), op.s(1), op.i(2));
      case "DmaBufVmap" -> k.dmaBufVmap(op.s(0));
      case "DmaBufVunmap" -> k.dmaBufVunmap(op.s(0));
      case "DmaBufMmap" -> k.dmaBufMmap(op.s(0), op.i(1), op.i(2), op.i(3));
      case "Munmap" -> k.munmap(op.s(0), op.s(1));
      case "DmaBufLlseek" -> k.dmaBufLlseek(op.s(0), op.i(1), (Long) op.args().get(2), Whence.fromSpec(op.s(3)));
      case "FdDup" -> k.fdDup(op.s(0), op.i(1));
      case "FdClose" -> k.fdClose(op.s(0), op.i(1));
      case "FdSend" -> k.fdSend(op.s(0), op.s(1), op.i(2));
      case "ProcessExec" -> k.processExec(op.s(0));
      case "DmaBufIoctlSync" -> k.dmaBufIoctlSync(op.s(0), op.i(1), (Long) op.args().get(2));
      case "DmaBufSetName" -> k.dmaBufSetName(op.s(0), op.i(1), op.s(2));
      case "ArmFault" -> {
        k.faults().failNext(FaultInjector.Point.valueOf(op.s(0)));
        yield null;
      }
      default -> throw new IllegalArgumentException("no call " + op);
    };
  }
}
