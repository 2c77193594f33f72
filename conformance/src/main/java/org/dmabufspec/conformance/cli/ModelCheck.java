package org.dmabufspec.conformance.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.dmabufspec.conformance.replay.Calls;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.spec.tlc.TraceState;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;

/** Model-checks one config and prints the verdict, with a counterexample as numbered calls. */
final class ModelCheck {
  private ModelCheck() {}

  /** The root module of a config: the bug models ({@code MCDmaBuf_*_bug.cfg}) have their own. */
  static String moduleOf(String cfg) {
    return cfg.matches("MCDmaBuf_.*_bug\\.cfg") ? "MCDmaBufBug" : "MCDmaBuf";
  }

  /** Runs TLC on {@code cfg}, printing progress lines and then the verdict. */
  static TlcResult run(String cfg, String module, Path specDir, int workers, Duration timeout,
      PrintWriter out) throws IOException, InterruptedException {
    TlcOptions.Builder o = TlcOptions.builder(module == null ? moduleOf(cfg) : module).config(cfg)
        .workers(workers);
    if (specDir != null) {
      o.modelDir(specDir);
    }
    if (timeout != null) {
      o.timeout(timeout);
    }
    out.println("model checking " + cfg + " ...");
    out.flush();
    TlcResult r = new TlcRunner().run(o.build(), Progress.tlcLines(out));
    print(cfg, r, out);
    return r;
  }

  static void print(String cfg, TlcResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "%s: %s. %,d distinct states, %,d edges, depth %d, %.1f s%n", cfg,
        verdict(r), r.distinctStates(), r.edges(), r.searchDepth(), r.wallTime().toMillis() / 1000.0);
    if (r.errorMessage() != null && !r.isSuccess()) {
      out.println("  " + r.errorMessage().strip().replace("\n", "\n  "));
    }
    if (!r.counterexample().isEmpty()) {
      out.println("counterexample (" + r.counterexample().size() + " states), as the calls that "
          + "lead there:");
      out.print(counterexample(r));
    }
    out.flush();
  }

  static String verdict(TlcResult r) {
    return switch (r.outcome()) {
      case SUCCESS -> "every property holds";
      case INVARIANT_VIOLATED -> "invariant " + r.violatedProperty() + " is VIOLATED";
      case PROPERTY_VIOLATED -> "property " + (r.violatedProperty() == null ? "(unnamed)"
          : r.violatedProperty()) + " is VIOLATED";
      case DEADLOCK -> "DEADLOCK: a reachable state has no next step";
      case ASSUMPTION_FAILED -> "an ASSUME of the spec is false for this model's constants";
      case ERROR -> "TLC could not check the model";
    };
  }

  /** {@code   3. dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE) -> sg_table}, one per step. */
  static String counterexample(TlcResult r) {
    StringBuilder b = new StringBuilder();
    int n = 0;
    for (TraceState s : r.counterexample()) {
      Value last = s.vars().get(ActionCall.VARIABLE);
      String line;
      try {
        ActionCall c = ActionCall.of(last);
        line = c.name().equals("Init") ? "(initial state)" : Calls.describeKernel(c);
      } catch (IllegalArgumentException e) {
        line = s.action() == null ? "(state without lastAction)" : s.action();
      }
      b.append(String.format(Locale.ROOT, "  %2d. %s", n, line));
      if (r.isLasso() && s.index() == r.loopBackIndex()) {
        b.append("   <- the behaviour loops back here forever");
      }
      b.append('\n');
      n++;
    }
    if (r.stuttering()) {
      b.append("      ... and then nothing happens any more (stuttering forever)\n");
    }
    return b.toString();
  }
}
