package org.dmabufspec.conformance.validate;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.dmabufspec.reference.Config;
import org.dmabufspec.spec.tlc.SpecResources;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.spec.tlc.TraceState;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.NdjsonLogReader;

/**
 * Checks an NDJSON log recorded from an implementation against the spec with TLC:
 * {@code spec/TraceDmaBuf.tla} over a generated {@code TraceLog.tla} ({@link TraceLogModule}).
 *
 * <p>Run 1 asks TLC for a behaviour that matches the whole log (the invariant {@code NotDone} is
 * violated: ACCEPTED). If TLC exhausts the behaviours instead, the log is REJECTED and the search
 * depth gives the first event k no behaviour matches; run 2 then matches event k on its name and
 * arguments only (TLLoose), to show what the spec's action does there; if the spec has no such
 * step at all, run 3 stops at k to show the state. Each run forks one TLC (about 1 to 2 s).
 */
public final class LogValidator {
  private final TlcRunner runner;
  private final Duration timeout;

  public LogValidator() {
    this(new TlcRunner(), Duration.ofMinutes(10));
  }

  public LogValidator(TlcRunner runner, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.timeout = timeout;
  }

  /** Validates the NDJSON log in {@code logFile} for the model {@code config}. */
  public ValidationResult validate(Path logFile, Config config) throws IOException, InterruptedException {
    return validate(NdjsonLogReader.read(logFile), config);
  }

  /** Validates {@code log} (in its order) for the model {@code config}. */
  public ValidationResult validate(List<LogEvent> log, Config config)
      throws IOException, InterruptedException {
    long start = System.nanoTime();
    Path dir = Files.createTempDirectory("trace-validate-");
    try {
      SpecResources.extract(dir);
      int n = log.size();
      // TLStop = n + 1: NotDone cannot be violated, so TLC does not print (and this JVM does
      // not parse) a counterexample of n + 1 states; a search depth of n + 1 is the acceptance.
      TlcResult r1 = run(dir, config, log, n + 1, 0);
      requireSuccess(r1);
      int k = Math.max(0, r1.searchDepth() - 1);
      if (k >= n) {
        return ValidationResult.accepted(n, since(start));
      }
      LogEvent event = log.get(k);
      TlcResult r2 = run(dir, config, log, k + 1, k + 1);
      if (isViolated(r2)) {
        List<TraceState> ce = r2.counterexample();
        Map<String, Value> before = ce.size() >= 2 ? ce.get(ce.size() - 2).vars() : null;
        ActionCall spec = ActionCall.ofState(ce.get(ce.size() - 1).vars());
        String reason = "the spec's " + spec.name() + " with these arguments gives " + outcome(spec)
            + " here, the log says " + outcome(event.call());
        return new ValidationResult(false, n, k, event, before, spec, reason, since(start));
      }
      requireSuccess(r2);
      TlcResult r3 = run(dir, config, log, k, 0);
      Map<String, Value> before = null;
      if (isViolated(r3) && !r3.counterexample().isEmpty()) {
        before = r3.counterexample().get(r3.counterexample().size() - 1).vars();
      }
      String reason = "no step of the spec's " + event.call().name() + " with arguments "
          + event.call().args().stream().map(TraceLogModule::tla).toList()
          + " is enabled here (the call is impossible in this state"
          + (known(event.call().name()) ? ")" : "; the spec has no action of that name)");
      return new ValidationResult(false, n, k, event, before, null, reason, since(start));
    } finally {
      if (!Boolean.getBoolean("dmabuf.validate.keep")) {
        deleteTree(dir);
      } else {
        System.err.println("kept " + dir);
      }
    }
  }

  private TlcResult run(Path dir, Config config, List<LogEvent> log, int stop, int loose)
      throws IOException, InterruptedException {
    TraceLogModule.write(dir, config, log, stop, loose);
    TlcOptions.Builder b = TlcOptions.builder("TraceDmaBuf").config("TraceDmaBuf.cfg").modelDir(dir)
        .workers(1).checkDeadlock(false).jvmArgs("-Xss64m", "-Xmx1g");
    if (timeout != null) {
      b.timeout(timeout);
    }
    return runner.run(b.build());
  }

  private static boolean isViolated(TlcResult r) {
    return r.outcome() == TlcOutcome.INVARIANT_VIOLATED && "NotDone".equals(r.violatedProperty());
  }

  private static void requireSuccess(TlcResult r) {
    if (r.outcome() != TlcOutcome.SUCCESS) {
      throw new IllegalStateException("TLC could not check the log: " + r.summary()
          + (r.errorMessage() == null ? "" : "\n" + r.errorMessage()));
    }
  }

  private static String outcome(ActionCall c) {
    return c.outcome() + (c.ret() == 0 ? "" : " " + c.ret());
  }

  private static final List<String> ACTIONS = List.of("DmaBufExport", "DmaBufFd", "DmaBufGet",
      "DmaBufAttach", "DmaBufMapAttachment", "DmaBufUnmapAttachment", "DmaBufDetach", "DmaBufPut",
      "DmaBufRelease", "ExporterMigrate", "DmaBufBeginCpuAccess", "DmaBufEndCpuAccess",
      "DmaBufKmap", "DmaBufKunmap", "DmaBufKmapAtomic", "DmaBufKunmapAtomic", "DmaBufVmap",
      "DmaBufVunmap", "DmaBufMmap", "Munmap", "DmaBufLlseek", "FdDup", "FdClose", "FdSend",
      "ProcessExec", "DmaBufIoctlSync", "DmaBufSetName");

  static boolean known(String action) {
    return ACTIONS.contains(action);
  }

  private static Duration since(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // best effort
    }
  }
}
