package org.dmabufspec.traces;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.spec.tlc.StateGraph;

/**
 * Generates traces that together walk every edge of TLC's state graph reachable from an initial
 * state, in few total steps (ARCHITECTURE.md, Traces).
 *
 * <p>The algorithm is a directed rural Chinese postman with free restarts at initial states:
 * <ol>
 *   <li>{@link CompactGraph}: the graph in primitive arrays, edges in a canonical order, each
 *       state's out-edges shuffled by the seed;</li>
 *   <li>{@link Reach}: breadth-first search from the initial states; edges from unreachable
 *       states are reported, not covered;</li>
 *   <li>{@link Balancer}: chooses the fewest extra edge traversals after which every state is
 *       entered as often as it is left, except where traces start (initial states) and end: a
 *       min-cost flow from states with surplus entries (or initial states) to states with surplus
 *       exits, exact within a work budget, greedy ({@link NearestSupplier}) beyond it;</li>
 *   <li>{@link EulerTrails}: Hierholzer's algorithm splits the walks into trails from initial
 *       states;</li>
 *   <li>{@link TraceSplitter}: trails longer than {@code maxSteps} are cut where the state is
 *       close to an initial state; the next trace walks a shortest path back there.</li>
 * </ol>
 * Total steps are the covered edges, plus the flow's cost, plus the paths back after cuts. Time
 * and memory are linear in the graph apart from the bounded balancing work. Output depends only
 * on the graph's content, the seed and the settings.
 */
public final class EdgeCoverGenerator {

  /** The generator's name in trace metadata. */
  public static final String NAME = "EdgeCoverGenerator";

  /** Default limit on the steps of one trace. */
  public static final int DEFAULT_MAX_STEPS = 5000;

  /** Default work budget of the exact balancing, in arc examinations per state and edge. */
  public static final int DEFAULT_EFFORT = 40;

  private final long seed;
  private final int maxSteps;
  private final int effort;

  public EdgeCoverGenerator(long seed) {
    this(seed, DEFAULT_MAX_STEPS);
  }

  /**
   * @param maxSteps the most steps a trace takes, unless at that length the walk is more than
   *     {@code maxSteps / 4} steps from every initial state: then the trace runs on until it comes
   *     that close (see {@link TraceSplitter}); in graphs as deep as a long cycle no limit can hold
   */
  public EdgeCoverGenerator(long seed, int maxSteps) {
    this(seed, maxSteps, DEFAULT_EFFORT);
  }

  private EdgeCoverGenerator(long seed, int maxSteps, int effort) {
    if (maxSteps < 1) {
      throw new IllegalArgumentException("maxSteps must be at least 1, was " + maxSteps);
    }
    this.seed = seed;
    this.maxSteps = maxSteps;
    this.effort = effort;
  }

  /**
   * A generator that lets the exact balancing examine up to {@code effort} arcs per state and edge
   * of the graph before it hands the remaining demand to the greedy step: 0 is greedy only,
   * {@link Integer#MAX_VALUE} always exact (minimal total steps before cuts at the step limit, but
   * tens of seconds on a million edges). The default, {@link #DEFAULT_EFFORT}, keeps a million
   * edges to a few seconds.
   */
  public EdgeCoverGenerator withEffort(int effort) {
    if (effort < 0) {
      throw new IllegalArgumentException("effort must not be negative, was " + effort);
    }
    return new EdgeCoverGenerator(seed, maxSteps, effort);
  }

  /**
   * Covers every edge of {@code graph} reachable from an initial state.
   *
   * @throws IllegalArgumentException when an edge or initial state names an unknown state
   */
  public EdgeCover generate(StateGraph graph) {
    CompactGraph g = CompactGraph.of(graph, seed);
    Reach reach = new Reach(g);
    Balancer.Augmentation aug = Balancer.augment(g, reach, effort);
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
