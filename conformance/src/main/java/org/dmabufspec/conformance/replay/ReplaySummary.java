package org.dmabufspec.conformance.replay;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The totals of a replay of many traces: traces, steps replayed, steps skipped by reason, and the
 * mismatches (every one counted, the first {@value #KEPT} kept for the report). Not thread-safe.
 */
public final class ReplaySummary {
  /** How many mismatches are kept for the report. */
  public static final int KEPT = 20;

  private long traces;
  private long steps;
  private long replayed;
  private long mismatches;
  private final Map<String, Long> skipped = new TreeMap<>();
  private final List<Mismatch> kept = new ArrayList<>();

  /** Adds one trace's result. */
  public synchronized void add(TraceResult r) {
    traces++;
    steps += r.steps();
    replayed += r.replayed();
    r.skipped().forEach((why, n) -> skipped.merge(why, (long) n, Long::sum));
    if (r.mismatch() != null) {
      mismatches++;
      if (kept.size() < KEPT) {
        kept.add(r.mismatch());
      }
    }
  }

  /** Adds another summary's totals. */
  public synchronized void addAll(ReplaySummary o) {
    traces += o.traces;
    steps += o.steps;
    replayed += o.replayed;
    mismatches += o.mismatches;
    o.skipped.forEach((why, n) -> skipped.merge(why, n, Long::sum));
    for (Mismatch m : o.kept) {
      if (kept.size() < KEPT) {
        kept.add(m);
      }
    }
  }

  public synchronized long traces() {
    return traces;
  }

  /** Steps of all traces. */
  public synchronized long steps() {
    return steps;
  }

  /** Steps performed and compared, all agreeing. */
  public synchronized long replayed() {
    return replayed;
  }

  /** Traces with a mismatch. */
  public synchronized long mismatches() {
    return mismatches;
  }

  /** Skipped steps by reason. */
  public synchronized Map<String, Long> skipped() {
    return Collections.unmodifiableMap(new TreeMap<>(skipped));
  }

  /** Skipped steps, all reasons together. */
  public synchronized long skippedSteps() {
    return skipped.values().stream().mapToLong(Long::longValue).sum();
  }

  /** The first mismatches. */
  public synchronized List<Mismatch> firstMismatches() {
    return List.copyOf(kept);
  }

  /** True when no trace mismatched. */
  public synchronized boolean agrees() {
    return mismatches == 0;
  }

  /** A few lines: the totals, the skip reasons, and the first mismatch in full. */
  public synchronized String report() {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT,
        "%d traces, %d steps: %d replayed, %d skipped, %d mismatching trace%s%n", traces, steps,
        replayed, skippedSteps(), mismatches, mismatches == 1 ? "" : "s"));
    skipped.forEach((why, n) -> b.append("  skipped ").append(n).append(": ").append(why).append('\n'));
    if (!kept.isEmpty()) {
      b.append(kept.get(0).report());
      if (mismatches > 1) {
        b.append("  (and ").append(mismatches - 1).append(" more mismatching traces)\n");
      }
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return report();
  }
}
