package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.replay.ReplaySummary;
import org.dmabufspec.conformance.replay.TraceFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dmabuf replay DIR|FILE...}: replays ITF traces against a target. */
@Command(name = "replay", mixinStandardHelpOptions = true,
    description = {"Replay ITF traces (files, or directories searched for *.itf.json and",
        "*.itf.json.gz) against a target, comparing every call's outcome and the state after it",
        "with the trace. Exit code: 0 all agree, 1 a mismatch, 2 the traces cannot be read."})
public class ReplayCommand implements Callable<Integer> {

  @Option(names = "--target", paramLabel = "NAME", defaultValue = "reference",
      description = "what to replay against: reference (the Java reference; default)")
  String target;

  @Parameters(paramLabel = "DIR|FILE", arity = "1..*", description = "traces to replay")
  List<Path> paths;

  @picocli.CommandLine.Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!target.equals("reference")) {
      err.println("dmabuf replay: unknown target '" + target + "'. This command replays against "
          + "the Java reference; the kernel target runs inside the VM (see conformance/vm).");
      return 2;
    }
    List<Path> files = TraceFiles.list(paths);
    if (files.isEmpty()) {
      err.println("dmabuf replay: no *.itf.json or *.itf.json.gz under " + paths);
      return 2;
    }
    long t0 = System.nanoTime();
    ReplaySummary s;
    try {
      s = ReplayRun.replay("files", files.size(), k -> files.get(k).toString(), k -> {
        try {
          return TraceFiles.read(files.get(k));
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }, out);
    } catch (IllegalArgumentException e) {
      err.println("dmabuf replay: " + e.getMessage());
      return 2;
    }
    out.printf(Locale.ROOT, "replayed against the %s in %.1f s%n", target, (System.nanoTime() - t0) / 1e9);
    out.print(s.report());
    out.flush();
    if (!s.agrees()) {
      err.println("dmabuf replay: the " + target + " disagrees with the spec on " + s.mismatches()
          + " trace(s); the first mismatch is printed above (step, call, expected and actual "
          + "outcome, and each variable that differs).");
      return 1;
    }
    return 0;
  }
}
