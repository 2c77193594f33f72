package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.spec.tlc.StateGraph;

/**
 * Generates traces that together walk every edge of TLC's state graph reachable from an initial
 * state, in few total steps (ARCHITECTURE.md, Traces).
 *
 * <p>The algorithm is an approximate directed rural Chinese postman with free restarts:
 * <ol>
 *   <li>{@link CompactGraph}: the graph in primitive arrays, edges in a canonical order, each
 *       state's out-edges shuffled by the seed;</li>
 *   <li>{@link Reach}: breadth-first search from the initial states; edges from unreachable
 *       states are reported, not covered;</li>
 *   <li>{@link Balancer}: chooses edges to walk again so that every state is entered as often as
 *       it is left, except where traces start (initial states) and end (greedy nearest-supplier
 *       matching by simultaneous breadth-first search);</li>
 *   <li>{@link EulerTrails}: Hierholzer's algorithm splits the walks into trails from initial
 *       states;</li>
 *   <li>{@link TraceSplitter}: trails longer than {@code maxSteps} are cut where the state is
 *       close to an initial state; the next trace walks a shortest path back there.</li>
 * </ol>
 * Time and memory are linear in the graph per balancing round (a few rounds in practice). Output
 * depends only on the graph's content and the seed.
 */
public final class EdgeCoverGenerator {

  /** The generator's name in trace metadata. */
  public static final String NAME = "EdgeCoverGenerator";

  /** Default limit on the steps of one trace. */
  public static final int DEFAULT_MAX_STEPS = 5000;

  private final long seed;
  private final int maxSteps;

  public EdgeCoverGenerator(long seed) {
    this(seed, DEFAULT_MAX_STEPS);
  }

  /**
   * @param maxSteps the most steps a trace takes; exceeded only by a trace whose first new edge is
   *     farther than that from every initial state
   */
  public EdgeCoverGenerator(long seed, int maxSteps) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be at least 1, was " + maxSteps);
    }
    this.seed = seed;
    this.maxSteps = maxSteps;
  }

  /**
   * Covers every edge of {@code graph} reachable from an initial state.
   *
   * @throws IllegalArgumentException when an edge or initial state names an unknown state
   */
  public EdgeCover generate(StateGraph graph) {
    CompactGraph g = CompactGraph.of(graph, seed);
    Reach reach = new Reach(g);
    Balancer.Augmentation aug = Balancer.augment(g, reach);
    EulerTrails.Trails trails = EulerTrails.build(g, reach, aug.extra());
    List<CoverPath> paths = TraceSplitter.split(g, reach, trails, maxSteps);
    return new EdgeCover(graph, seed, paths, report(g, reach, aug, paths));
  }

  private static CoverageReport report(CompactGraph g, Reach reach, Balancer.Augmentation aug,
      List<CoverPath> paths) {
    List<CoverageReport.UncoveredEdge> uncovered = new ArrayList<>();
    String why = g.initial.length == 0 ? "the graph has no initial state"
        : "its source state is unreachable from every initial state";
    for (int e = 0; e < g.edges(); e++) {
      if (!reach.reachable(g.src[e])) {
        uncovered.add(new CoverageReport.UncoveredEdge(g.ids[g.src[e]], g.ids[g.dst[e]],
            g.labels[g.lab[e]], why));
      }
    }
    uncovered.sort(java.util.Comparator.comparingLong(CoverageReport.UncoveredEdge::from)
        .thenComparingLong(CoverageReport.UncoveredEdge::to)
        .thenComparing(CoverageReport.UncoveredEdge::action));
    long covered = g.edges() - uncovered.size();
    long steps = 0;
    int longest = 0;
    for (CoverPath p : paths) {
      steps += p.length();
      longest = Math.max(longest, p.length());
    }
    return new CoverageReport(g.edges(), covered, paths.size(), steps,
        covered + aug.demand(), longest, g.duplicates, uncovered);
  }
}
