package org.dmabufspec.conformance.replay;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.DataDirection;
import org.dmabufspec.reference.EventSink;
import org.dmabufspec.reference.FaultInjector;
import org.dmabufspec.reference.MapCall;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Scheduling;
import org.dmabufspec.reference.Whence;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.Step;
import org.dmabufspec.traces.Trace;

/**
 * Measures replay throughput against the reference, in steps per second, and compares it with
 * the same calls made on {@link ReferenceKernel} directly, without projection or comparison. Not a
 * test: a measurement, run with
 *
 * <pre>
 * mvn -q -B install -DskipTests
 * mvn -q -B -pl conformance test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.dmabufspec.conformance.replay.ReplayThroughput [-Dexec.args="3000 5"]
 * </pre>
 *
 * Arguments: how many traces of {@code MCDmaBufTrace.cfg} to use (default 3000, the first ones of
 * the edge cover) and rounds (default 5). The traces are built in memory first; each round times
 * the full replay ({@link Replayer}: call, projection, normalized comparison of every variable)
 * and the direct calls (each step's call read from the trace as the replayer reads it, made on a fresh
 * {@code ReferenceKernel} in STEPPED scheduling, the same faults armed, the same stalled maps
 * resumed or interrupted), alternately; it prints each round and the best of each.
 */
public final class ReplayThroughput {
  private ReplayThroughput() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 3000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String cfg = "MCDmaBufTrace.cfg";
    TraceGeneration.Generated g = GeneratedTraces.of(cfg);
    List<Trace> traces = new ArrayList<>();
    long steps = 0;
    for (int k = 0; k < Math.min(n, g.traces()); k++) {
      Trace t = g.trace(k);
      traces.add(t);
      steps += t.length();
    }
    Config config = ReferenceTarget.configFor(cfg);
    System.out.printf(Locale.ROOT, "%s: %d traces, %d steps%n", cfg, traces.size(), steps);
    double bestReplay = 0;
    double bestDirect = 0;
    for (int round = 1; round <= rounds; round++) {
      long t0 = System.nanoTime();
      Replayer replayer = new Replayer(t -> new ReferenceTarget(config));
      long agreed = 0;
      for (Trace t : traces) {
        agreed += replayer.replay("t", t).replayed();
      }
      long t1 = System.nanoTime();
      long made = 0;
      for (Trace t : traces) {
        made += Direct.run(config, t);
      }
      long t2 = System.nanoTime();
      if (agreed != steps || made != steps) {
        throw new IllegalStateException("replayed " + agreed + ", made " + made + " of " + steps);
      }
      double replay = steps / ((t1 - t0) / 1e9);
      double direct = steps / ((t2 - t1) / 1e9);
      bestReplay = Math.max(bestReplay, replay);
      bestDirect = Math.max(bestDirect, direct);
      System.out.printf(Locale.ROOT, "round %d: replay %,.0f steps/s, direct calls %,.0f steps/s, "
          + "ratio %.2f%n", round, replay, direct, replay / direct);
    }
    System.out.printf(Locale.ROOT, "best: replay %,.0f steps/s, direct calls %,.0f steps/s; replay "
        + "runs at %.2f of the direct calls' speed (checking costs %.1fx)%n", bestReplay,
        bestDirect, bestReplay / bestDirect, bestDirect / bestReplay);
    System.exit(0);
  }

  /** The trace's calls made on a fresh ReferenceKernel, unchecked. */
  static final class Direct {
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "direct-map");
      t.setDaemon(true);
      return t;
    });

    static long run(Config config, Trace trace) {
      ReferenceKernel k = new ReferenceKernel(config, Scheduling.STEPPED, EventSink.NONE);
      Map<String, MapCall> stalled = new HashMap<>();
      long n = 0;
      for (Step s : trace.steps()) {
        call(k, s.call(), stalled);
        n++;
      }
      stalled.values().forEach(MapCall::interrupt);
      stalled.values().forEach(MapCall::join);
      return n;
    }

    private static void call(ReferenceKernel k, ActionCall c, Map<String, MapCall> stalled) {
      List<Value> a = c.args();
      String o = c.outcome();
      switch (c.name()) {
        case "Done" -> { }
        case "DmaBufExport" -> {
          if (o.equals("ENOMEM")) {
            k.faults().failNext(FaultInjector.Point.EXPORT);
          }
          k.dmaBufExport(s(a, 0));
        }
        case "DmaBufFd" -> k.dmaBufFd(s(a, 0), s(a, 1), ((Value.Bool) a.get(2)).value());
        case "DmaBufGet" -> k.dmaBufGet(s(a, 0), s(a, 1), i(a, 2));
        case "DmaBufAttach" -> k.dmaBufAttach(s(a, 0), s(a, 1));
        case "DmaBufMapAttachment" -> {
          String key = s(a, 0) + s(a, 1);
          MapCall waiting = stalled.remove(key);
          if (waiting != null && o.equals("sg_table")) {
            k.dmaBufMapAttachmentResume(s(a, 0), s(a, 1));
            waiting.join();
          } else if (waiting != null) {
            waiting.interrupt();
            waiting.join();
          } else if (o.equals("stalled")) {
            stalled.put(key, k.dmaBufMapAttachmentAsync(s(a, 0), s(a, 1),
                DataDirection.fromSpec(s(a, 2)), THREADS));
          } else {
            if (o.equals("EINTR")) {
              Thread.currentThread().interrupt();
            }
            k.dmaBufMapAttachment(s(a, 0), s(a, 1), DataDirection.fromSpec(s(a, 2)));
            Thread.interrupted();
          }
        }
        case "DmaBufUnmapAttachment" -> k.dmaBufUnmapAttachment(s(a, 0), s(a, 1));
        case "DmaBufDetach" -> k.dmaBufDetach(s(a, 0), s(a, 1));
        case "DmaBufPut" -> k.dmaBufPut(s(a, 0), s(a, 1));
        case "DmaBufRelease" -> k.dmaBufRelease(s(a, 0));
        case "ExporterMigrate" -> k.exporterMigrate(s(a, 0));
        case "DmaBufBeginCpuAccess" -> {
          if (o.equals("ENOMEM")) {
            k.faults().failNext(FaultInjector.Point.BEGIN_CPU_ACCESS);
          }
          k.dmaBufBeginCpuAccess(s(a, 0), i(a, 1), i(a, 2), DataDirection.fromSpec(s(a, 3)));
        }
        case "DmaBufEndCpuAccess" ->
            k.dmaBufEndCpuAccess(s(a, 0), i(a, 1), i(a, 2), DataDirection.fromSpec(s(a, 3)));
        case "DmaBufKmap" -> k.dmaBufKmap(s(a, 0), i(a, 1));
        case "DmaBufKunmap" -> k.dmaBufKunmap(s(a, 0), i(a, 1));
        case "DmaBufKmapAtomic" -> k.dmaBufKmapAtomic(s(a, 0), s(a, 1), i(a, 2));
        case "DmaBufKunmapAtomic" -> k.dmaBufKunmapAtomic(s(a, 0), s(a, 1), i(a, 2));
        case "DmaBufVmap" -> {
          if (o.equals("ENOMEM")) {
            k.faults().failNext(FaultInjector.Point.VMAP);
          }
          k.dmaBufVmap(s(a, 0));
        }
        case "DmaBufVunmap" -> k.dmaBufVunmap(s(a, 0));
        case "FdDup" -> k.fdDup(s(a, 0), i(a, 1));
        case "FdClose" -> k.fdClose(s(a, 0), i(a, 1));
        case "FdSend" -> k.fdSend(s(a, 0), s(a, 1), i(a, 2));
        case "ProcessExec" -> k.processExec(s(a, 0));
        case "DmaBufMmap" -> k.dmaBufMmap(s(a, 0), i(a, 1), i(a, 2), i(a, 3));
        case "Munmap" -> k.munmap(s(a, 0), s(a, 1));
        case "DmaBufLlseek" -> k.dmaBufLlseek(s(a, 0), i(a, 1), i(a, 2), Whence.fromSpec(s(a, 3)));
        case "DmaBufIoctlSync" -> k.dmaBufIoctlSync(s(a, 0), i(a, 1), i(a, 2));
        case "DmaBufSetName" -> k.dmaBufSetName(s(a, 0), i(a, 1), s(a, 2));
        default -> throw new IllegalArgumentException(c.name());
      }
    }

    private static String s(List<Value> a, int i) {
      return ((Value.Str) a.get(i)).value();
    }

    private static int i(List<Value> a, int i) {
      return Math.toIntExact(((Value.Int) a.get(i)).longValue());
    }
  }
}
