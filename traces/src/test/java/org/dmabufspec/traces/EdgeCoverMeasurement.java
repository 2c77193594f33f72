package org.dmabufspec.traces;

import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.dmabufspec.spec.tlc.StateGraph;

/**
 * Prints generation time and coverage ratios of {@link EdgeCoverGenerator} on synthetic graphs of
 * about a million edges (the {@link SyntheticGraphs} shapes, scaled up). Not a benchmark harness:
 * wall-clock and CPU time of a few runs after one warm-up.
 * Run with {@code -Xmx4g}; arguments: runs per graph (default 3).
 */
public final class EdgeCoverMeasurement {
  /** CPU time of the measuring thread: less disturbed than wall time on a shared machine. */
  private static final java.lang.management.ThreadMXBean CPU =
      java.lang.management.ManagementFactory.getThreadMXBean();

  private EdgeCoverMeasurement() {}

  public static void main(String[] args) {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    measure("cycle 1M", () -> SyntheticGraphs.cycle(1_000_000), runs);
    measure("random strongly connected 200k/1M", () ->
        SyntheticGraphs.randomStronglyConnected(200_000, 1_000_000, 1), runs);
    measure("protocol-like, errors as twin states", () ->
        SyntheticGraphs.protocolLike(60_000, 1, false), runs);
    measure("protocol-like, errors as self-loops", () ->
        SyntheticGraphs.protocolLike(105_000, 1, true), runs);
    measure("resource protocol r=5 k=2, errors as twin states", () ->
        SyntheticGraphs.resourceProtocol(5, 2, true), runs);
    measure("resource protocol r=5 k=2, errors as self-loops", () ->
        SyntheticGraphs.resourceProtocol(5, 2, false), runs);
  }

  static void measure(String name, Supplier<StateGraph> graph, int runs) {
    StateGraph g = graph.get();
    System.out.printf(Locale.ROOT, "%s: %d states, %d edges%n", name, g.states().size(),
        g.edges().size());
    EdgeCover c = null;
    for (int i = 0; i <= runs; i++) {
      System.gc();
      long t0 = System.nanoTime();
      long c0 = CPU.getCurrentThreadCpuTime();
      c = new EdgeCoverGenerator(42).generate(g);
      long c1 = CPU.getCurrentThreadCpuTime();
      long t1 = System.nanoTime();
      System.out.printf(Locale.ROOT, "  %s %.2f s wall, %.2f s cpu%n",
          i == 0 ? "warm-up" : "run " + i, (t1 - t0) / 1e9, (c1 - c0) / 1e9);
    }
    long t0 = System.nanoTime();
    List<Trace> traces = c.traces(TraceMeta.empty());
    long t1 = System.nanoTime();
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.out.printf(Locale.ROOT, "  %s%n  traces(): %d traces in %.2f s; heap in use %d MB%n",
        c.report().summary(), traces.size(), (t1 - t0) / 1e9,
        (rt.totalMemory() - rt.freeMemory()) >> 20);
  }
}
