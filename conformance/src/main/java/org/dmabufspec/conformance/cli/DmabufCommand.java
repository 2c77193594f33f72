package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.replay.ReplaySummary;
import org.dmabufspec.conformance.replay.TraceGeneration;
import org.dmabufspec.conformance.review.ReviewCommand;
import org.dmabufspec.conformance.validate.ValidateCommand;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.traces.CoverageReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code dmabuf} command line. Without a subcommand it runs the main job: model-check the
 * spec's checking models, generate the traces of both trace models and replay them against the
 * Java reference, then print a summary table. Exit code 0 when every property holds and every
 * trace agrees, 1 otherwise, 2 when something could not run.
 */
@Command(name = "dmabuf", mixinStandardHelpOptions = true, version = "dmabuf-spec 0.1.0",
    subcommands = {CheckCommand.class, TracesCommand.class, ReplayCommand.class,
        CorpusCommand.class, ReviewCommand.class, ValidateCommand.class,
        CommandLine.HelpCommand.class},
    description = {
        "A model-checked TLA+ specification of Linux dma-buf, a Java reference, and the harness",
        "that proves they agree.",
        "",
        "Without a subcommand: model-check spec/MCDmaBuf.cfg, MCDmaBufRefuse.cfg and",
        "MCDmaBufLive.cfg; generate the traces of the trace models MCDmaBufTrace.cfg (seed-era",
        "kernel) and MCDmaBufTraceModern.cfg (6.x kernel), which cover every edge of their state",
        "graphs; replay each against the Java reference; print a summary. Takes several minutes.",
        ""})
public class DmabufCommand implements Callable<Integer> {

  /** The checking models the main job model-checks. */
  static final List<String> CHECK_MODELS =
      List.of("MCDmaBuf.cfg", "MCDmaBufRefuse.cfg", "MCDmaBufLive.cfg");

  @Mixin
  CheckCommand.Common common;

  /** One line of the summary table. */
  record Row(String model, String what, String verdict, long states, long edges, long traces,
      long steps, double ratio, long replayed, long mismatches, double seconds) {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line (for tests: the same as {@code main}). */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new DmabufCommand());
    cl.setUsageHelpWidth(100);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      cmd.getErr().println("dmabuf " + cmd.getCommandName() + ": " + e);
      cmd.getErr().flush();
      return 2;
    });
    return cl;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.out();
    long start = System.nanoTime();
    List<Row> rows = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    boolean error = false;

    out.println("== 1. model checking the spec ==");
    for (String cfg : CHECK_MODELS) {
      TlcResult r = ModelCheck.run(cfg, null, common.specDir(), common.workers, null, out);
      rows.add(new Row(cfg, "check", r.isSuccess() ? "holds" : r.outcome().name(), r.distinctStates(),
          r.edges(), -1, -1, 0, -1, -1, r.wallTime().toMillis() / 1000.0));
      if (r.outcome() == TlcOutcome.ERROR) {
        error = true;
        problems.add("TLC could not check " + cfg + " (its error is printed above).");
      } else if (!r.isSuccess()) {
        problems.add(cfg + ": " + ModelCheck.verdict(r) + ". The spec allows a behaviour its "
            + "properties forbid: the numbered calls above show it; fix the spec or the model.");
      }
    }

    out.println();
    out.println("== 2. traces from the trace models, replayed against the Java reference ==");
    TraceGeneration gen = new TraceGeneration(new TlcRunner(), common.specDir(),
        TraceGeneration.DEFAULT_SEED, common.workers, common.cache);
    for (String cfg : TraceGeneration.TRACE_MODELS) {
      long t0 = System.nanoTime();
      TraceGeneration.Generated g;
      try {
        g = gen.generate(cfg, Progress.pipeline(out));
      } catch (IllegalStateException e) {
        error = true;
        problems.add(e.getMessage());
        out.println("  " + e.getMessage());
        continue;
      }
      ReplaySummary s = ReplayRun.replay(cfg, g.traces(), g::fileName, g::trace, out);
      double secs = (System.nanoTime() - t0) / 1e9;
      CoverageReport c = g.cover().report();
      rows.add(new Row(cfg, g.profile() + " traces", s.agrees() ? "agrees" : "MISMATCH",
          g.graph().states().size(), c.edges(), c.traces(), c.totalSteps(), c.ratio(), s.replayed(),
          s.mismatches(), secs));
      if (!c.complete()) {
        problems.add(cfg + ": " + (c.edges() - c.coveredEdges()) + " edges are not covered by "
            + "any trace: " + c.uncovered().get(0));
      }
      if (!s.agrees()) {
        out.print(s.report());
        problems.add(cfg + ": the Java reference disagrees with the spec on " + s.mismatches()
            + " trace(s). The first mismatch is printed above: the step, the call, what the spec "
            + "expected and what the reference did, and each variable that differs. Either "
            + "reference/ implements that call wrongly, or the spec does not say what was meant.");
      }
    }

    out.println();
    out.print(table(rows, (System.nanoTime() - start) / 1e9));
    if (problems.isEmpty()) {
      out.println("OK: every property holds and the Java reference agrees with every trace.");
      out.flush();
      return 0;
    }
    out.flush();
    PrintWriter err = common.err();
    err.println("FAILED:");
    problems.forEach(p -> err.println("  - " + p));
    err.flush();
    return error ? 2 : 1;
  }

  static String table(List<Row> rows, double totalSeconds) {
    StringBuilder b = new StringBuilder();
    String head = "%-26s %-14s %-9s %10s %11s %8s %11s %7s %11s %10s %8s%n";
    b.append(String.format(Locale.ROOT, head, "model", "what", "verdict", "states", "edges",
        "traces", "steps", "st/edge", "replayed", "mismatches", "time"));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%-26s %-14s %-9s %,10d %,11d %8s %11s %7s %11s %10s %7.1fs%n",
          r.model(), r.what(), r.verdict(), r.states(), r.edges(), num(r.traces()), num(r.steps()),
          r.traces() < 0 ? "-" : String.format(Locale.ROOT, "%.3f", r.ratio()),
          num(r.replayed()), num(r.mismatches()), r.seconds()));
    }
    b.append(String.format(Locale.ROOT, "total time %.1f s%n", totalSeconds));
    return b.toString();
  }

  private static String num(long n) {
    return n < 0 ? "-" : String.format(Locale.ROOT, "%,d", n);
  }
}
