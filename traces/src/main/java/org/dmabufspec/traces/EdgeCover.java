package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;

/** The result of {@link EdgeCoverGenerator#generate}: the walks and the coverage they reach. */
public final class EdgeCover {
  private final StateGraph graph;
  private final long seed;
  private final List<CoverPath> paths;
  private final CoverageReport report;

  EdgeCover(StateGraph graph, long seed, List<CoverPath> paths, CoverageReport report) {
    this.graph = graph;
    this.seed = seed;
    this.paths = List.copyOf(paths);
    this.report = report;
  }

  /** The walks, each from an initial state; together they walk every reachable edge. */
  public List<CoverPath> paths() {
    return paths;
  }

  public CoverageReport report() {
    return report;
  }

  /**
   * The walks as traces of full states. Each trace's metadata is {@code base} with the generator,
   * the seed and a description ("trace k of n") filled in; variables are listed alphabetically.
   */
  public List<Trace> traces(TraceMeta base) {
    List<Trace> out = new ArrayList<>(paths.size());
    for (int k = 0; k < paths.size(); k++) {
      out.add(trace(k, base));
    }
    return out;
  }

  /** Walk {@code k} as a trace (see {@link #traces}). */
  public Trace trace(int k, TraceMeta base) {
    CoverPath p = paths.get(k);
    List<Map<String, Value>> states = new ArrayList<>(p.length() + 1);
    for (int i = 0; i <= p.length(); i++) {
      states.add(graph.state(p.state(i)));
    }
    String what = "edge-cover trace " + (k + 1) + " of " + paths.size();
    TraceMeta meta = base.withGenerator(EdgeCoverGenerator.NAME).withSeed(seed)
        .withDescription(base.description() == null ? what : base.description() + ": " + what);
    List<String> vars = new ArrayList<>(states.get(0).keySet());
    vars.sort(null);
    return new Trace(meta, vars, states);
  }
}
