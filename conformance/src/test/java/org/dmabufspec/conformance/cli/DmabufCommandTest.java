package org.dmabufspec.conformance.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.ItfWriter;
import org.dmabufspec.traces.Trace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DmabufCommandTest {

  /** The committed corpus, from the conformance module's directory. */
  static final Path CORPUS = Path.of("..", "traces", "corpus");

  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = DmabufCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheSubcommands() {
    Run r = run("--help");
    assertEquals(0, r.exit(), r::err);
    for (String sub : List.of("check", "traces", "replay", "corpus", "review")) {
      assertTrue(r.out().contains(sub), () -> sub + " missing from\n" + r.out());
    }
    assertTrue(run("replay", "--help").out().contains("--target"));
  }

  @Test
  void replayingTheCorpusAgrees() {
    Run r = run("replay", CORPUS.toString());
    assertEquals(0, r.exit(), () -> r.out() + r.err());
    assertTrue(r.out().contains(" 0 mismatching traces"), r::out);
  }

  @Test
  void aTamperedTraceFailsWithTheStepAndTheDifference(@TempDir Path dir) throws Exception {
    Path original;
    try (var s = Files.list(CORPUS.resolve("seed"))) {
      original = s.filter(p -> p.toString().endsWith(".itf.json")).sorted().findFirst().orElseThrow();
    }
    Trace t = ItfReader.read(original);
    // the exporter's release never ran: bufState stays "live" in the last state
    List<Map<String, Value>> states = new ArrayList<>(t.states());
    int last = states.size() - 1;
    Map<String, Value> s = new LinkedHashMap<>(states.get(last));
    s.put("refcount", new Value.Record(Map.of("b1", Value.Int.of(41))));
    states.set(last, s);
    Path bad = dir.resolve("tampered.itf.json");
    ItfWriter.write(new Trace(t.meta(), t.vars(), states), bad);
    Run r = run("replay", bad.toString());
    assertEquals(1, r.exit(), () -> r.out() + r.err());
    ActionCall lastCall = ActionCall.ofState(states.get(last));
    assertTrue(r.out().contains("mismatch in " + bad + " at step " + last + ": " + lastCall.name()),
        r::out);
    assertTrue(r.out().contains("refcount[\"b1\"]: expected 41, found"), r::out);
    assertTrue(r.err().contains("disagrees with the spec"), r::err);
  }

  @Test
  void replayingNothingOrAnUnknownTargetIsAnError(@TempDir Path dir) {
    assertEquals(2, run("replay", dir.resolve("none").toString()).exit());
    assertEquals(2, run("replay", dir.toString()).exit());
    Run r = run("replay", "--target", "kernel", CORPUS.toString());
    assertEquals(2, r.exit());
    assertTrue(r.err().contains("conformance/vm"), r::err);
  }

  @Test
  void checkPrintsTheCounterexampleAsNumberedKernelCalls() {
    Run r = run("check", "--config", "MCDmaBuf_ExecClosesCloexecInv_bug.cfg");
    assertEquals(1, r.exit(), () -> r.out() + r.err());
    assertTrue(r.out().contains("invariant ExecClosesCloexecInv is VIOLATED"), r::out);
    assertTrue(r.out().contains(" 0. (initial state)"), r::out);
    assertTrue(r.out().contains(". dma_buf_export(b1) -> ok"), r::out);
    assertTrue(r.out().matches("(?s).*\\d\\. dma_buf_fd\\(p\\d, b1, TRUE\\) -> fd 3.*"), r::out);
    assertTrue(r.out().matches("(?s).*\\d\\. execve\\(p\\d\\) -> ok\\s*$"), r::out);
  }

  @Test
  void theSummaryTableHasAColumnPerFigure() {
    String t = DmabufCommand.table(List.of(
        new DmabufCommand.Row("MCDmaBuf.cfg", "check", "holds", 10, 20, -1, -1, 0, -1, -1, 1.5),
        new DmabufCommand.Row("MCDmaBufTrace.cfg", "seed traces", "agrees", 5, 8, 2, 10, 1.25, 10, 0, 2)),
        3.5);
    assertTrue(t.lines().findFirst().orElseThrow().matches(
        "model\\s+what\\s+verdict\\s+states\\s+edges\\s+traces\\s+steps\\s+st/edge\\s+replayed\\s+mismatches\\s+time"), t);
    assertTrue(t.contains("1.250"), t);
    assertTrue(t.contains("total time 3.5 s"), t);
  }
}
