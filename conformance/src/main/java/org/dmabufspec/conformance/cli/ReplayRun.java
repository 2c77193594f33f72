package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntFunction;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.conformance.replay.Replayer;
import org.dmabufspec.conformance.replay.ReplaySummary;
import org.dmabufspec.traces.Trace;

/** Replays numbered traces against the reference, printing a counter every few seconds. */
final class ReplayRun {
  private ReplayRun() {}

  /** The replayer against the reference, each trace on a fresh one built from its model config. */
  static Replayer onReference() {
    return new Replayer(t -> {
      String cfg = t.meta().modelConfig();
      if (cfg == null) {
        throw new IllegalArgumentException("the trace's #meta names no model-config: the reference "
            + "cannot know which world (buffers, devices, profile) to build");
      }
      return ReferenceTarget.forModel(cfg);
    });
  }

  /**
   * Replays traces {@code 0..n-1}.
   *
   * @param what for the progress lines, e.g. the model's name
   * @param names the name of trace k in reports
   * @param traces trace k, loaded when needed
   */
  static ReplaySummary replay(String what, int n, IntFunction<String> names,
      IntFunction<Trace> traces, PrintWriter out) {
    Replayer replayer = onReference();
    ReplaySummary s = new ReplaySummary();
    long t0 = System.nanoTime();
    long lastPrint = t0;
    for (int k = 0; k < n; k++) {
      String name = names.apply(k);
      Trace trace;
      try {
        trace = traces.apply(k);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("cannot read " + name + ": " + e.getMessage(), e);
      }
      s.add(replayer.replay(name, trace));
      long now = System.nanoTime();
      if (now - lastPrint > 5_000_000_000L || k == n - 1) {
        lastPrint = now;
        out.printf(Locale.ROOT, "    replay %s: %,d/%,d traces, %,d steps, %d mismatching, %.0f steps/s%n",
            what, k + 1, n, s.replayed(), s.mismatches(), s.steps() / ((now - t0) / 1e9));
        out.flush();
      }
    }
    return s;
  }
}
