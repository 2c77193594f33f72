package org.dmabufspec.traces;

import java.util.List;

/**
 * How well a set of traces covers the edges of a state graph.
 *
 * @param edges distinct edges {@code (from, to, action)} of the graph
 * @param coveredEdges edges walked by at least one trace
 * @param traces number of traces
 * @param totalSteps steps of all traces together
 * @param lowerBoundSteps a proven lower bound on {@code totalSteps} for any traces from the
 *     initial states that cover the same edges: every covered edge once, plus, for each
 *     non-initial state with {@code k} more out-edges than in-edges, {@code k} repeated entries
 * @param longestTrace steps of the longest trace
 * @param duplicateEdges edges of the input that repeated an earlier {@code (from, to, action)}
 *     and were counted once
 * @param uncovered the edges no trace walks, with the reason
 */
public record CoverageReport(
    long edges,
    long coveredEdges,
    int traces,
    long totalSteps,
    long lowerBoundSteps,
    int longestTrace,
    long duplicateEdges,
    List<UncoveredEdge> uncovered) {

  public CoverageReport {
    uncovered = List.copyOf(uncovered);
  }

  /** An edge left out, e.g. because no initial state reaches its source. */
  public record UncoveredEdge(long from, long to, String action, String reason) {}

  /** Total steps per covered edge: 1.0 is the floor, reached when no edge is walked twice. */
  public double ratio() {
    return coveredEdges == 0 ? 1.0 : (double) totalSteps / coveredEdges;
  }

  /** The best ratio any traces could reach, from {@link #lowerBoundSteps}. */
  public double lowerBoundRatio() {
    return coveredEdges == 0 ? 1.0 : (double) lowerBoundSteps / coveredEdges;
  }

  /** True when every edge is covered. */
  public boolean complete() {
    return coveredEdges == edges;
  }

  /** One line for logs and the command line. */
  public String summary() {
    return String.format(java.util.Locale.ROOT,
        "%d/%d edges covered by %d traces, %d steps, ratio %.3f (lower bound %.3f), longest %d%s",
        coveredEdges, edges, traces, totalSteps, ratio(), lowerBoundRatio(), longestTrace,
        uncovered.isEmpty() ? "" : ", " + uncovered.size() + " uncovered");
  }
}
