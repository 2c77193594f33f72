package org.dmabufspec.traces;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A corpus of traces as one folder holds it: the traces in order and, when a generator wrote
 * them, the coverage they reach.
 *
 * @param traces the traces, in file order
 * @param coverage the coverage report written with them, if any
 */
public record TraceSet(List<Trace> traces, Optional<CoverageReport> coverage) {
  public TraceSet {
    traces = List.copyOf(traces);
    Objects.requireNonNull(coverage, "coverage");
  }

  /** The traces of a generated cover, with its report. */
  public static TraceSet of(EdgeCover cover, TraceMeta base) {
    return new TraceSet(cover.traces(base), Optional.of(cover.report()));
  }

  /** Steps of all traces together. */
  public long totalSteps() {
    long n = 0;
    for (Trace t : traces) {
      n += t.length();
    }
    return n;
  }
}
