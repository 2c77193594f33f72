package org.dmabufspec.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Defect;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.Trace;
import org.dmabufspec.traces.TraceMeta;
import org.junit.jupiter.api.Test;

class ReplayerTest {

  private static final Config SEED = ReferenceTarget.configFor("MCDmaBufTrace.cfg");

  /**
   * A trace recorded from the reference itself: export, an fd with FD_CLOEXEC, llseek to the
   * end, exec (closes the fd: the last reference), the release, Done.
   */
  private static Trace recorded() {
    List<ActionCall> calls = List.of(
        call("DmaBufExport", "ok", 0, Values.str("b1")),
        call("DmaBufFd", "fd", 3, Values.str("p1"), Values.str("b1"), Values.bool(true)),
        call("DmaBufLlseek", "ok", 4096, Values.str("p1"), Values.num(3), Values.num(0), Values.str("SEEK_END")),
        call("ProcessExec", "ok", 0, Values.str("p1")),
        call("DmaBufRelease", "ok", 0, Values.str("b1")),
        call("Done", "ok", 0));
    List<Map<String, Value>> states = new ArrayList<>();
    try (ReferenceTarget t = new ReferenceTarget(SEED)) {
      states.add(state(t, call("Init", "ok", 0)));
      for (ActionCall c : calls) {
        Outcome o = Replayer.perform(t, c, states.get(states.size() - 1));
        assertEquals(c.outcome(), o.outcome(), c::toString);
        states.add(state(t, c));
      }
    }
    return trace(states);
  }

  private static Trace trace(List<Map<String, Value>> states) {
    return new Trace(TraceMeta.empty().withModelConfig("MCDmaBufTrace.cfg"),
        new ArrayList<>(states.get(0).keySet()), states);
  }

  private static ActionCall call(String name, String outcome, long ret, Value... args) {
    return new ActionCall(name, List.of(args), outcome, ret);
  }

  private static Map<String, Value> state(Target t, ActionCall last) {
    Map<String, Value> s = new LinkedHashMap<>(t.projection());
    s.put("lastAction", last.toValue());
    return s;
  }

  /** A copy of {@code trace} with state {@code i} changed by {@code edit}. */
  private static Trace edited(Trace trace, int i, String var, Value v) {
    List<Map<String, Value>> states = new ArrayList<>(trace.states());
    Map<String, Value> s = new LinkedHashMap<>(states.get(i));
    s.put(var, v);
    states.set(i, s);
    return trace(states);
  }

  private static Replayer onReference(Defect... defects) {
    return new Replayer(t -> new ReferenceTarget(SEED.withDefects(defects)));
  }

  @Test
  void aTraceOfTheReferenceReplaysOnIt() {
    TraceResult r = onReference().replay("recorded", recorded());
    assertTrue(r.agrees(), r::toString);
    assertEquals(6, r.replayed());
    assertEquals(0, r.skippedSteps());
  }

  @Test
  void aWrongRetIsAMismatchOfTheOutcome() {
    Trace t = recorded();
    Trace bad = edited(t, 3, "lastAction", call("DmaBufLlseek", "ok", 8192, Values.str("p1"),
        Values.num(3), Values.num(0), Values.str("SEEK_END")).toValue());
    Mismatch m = onReference().replay("bad.itf.json", bad).mismatch();
    assertNotNull(m);
    assertEquals(3, m.step());
    assertEquals("ok 8192", m.expectedOutcome());
    assertEquals("ok 4096", m.actualOutcome());
    assertTrue(m.variables().isEmpty(), m::report);
    assertTrue(m.report().contains("bad.itf.json at step 3: DmaBufLlseek(p1, 3, 0, SEEK_END) -> ok 8192"),
        m::report);
  }

  @Test
  void aDefectShowsAsTheVariablesThatDiffer() {
    Mismatch m = onReference(Defect.EXEC_KEEPS_CLOEXEC).replay("t", recorded()).mismatch();
    assertNotNull(m);
    assertEquals(4, m.step());
    assertTrue(m.outcomeAgrees());
    assertEquals(Set.of("refcount", "fds"), Set.copyOf(m.variables().stream()
        .map(Mismatch.VariableMismatch::variable).toList()), m::report);
    String report = m.report();
    assertTrue(report.contains("fds[\"p1\"][3][\"buf\"]: expected \"none\", found \"b1\""), report);
    assertTrue(report.contains("refcount[\"b1\"]: expected 0, found 1"), report);
  }

  @Test
  void aCallTheTargetRefusesIsAMismatch() {
    // a trace that releases the buffer while the fd still holds it
    Trace t = recorded();
    List<Map<String, Value>> states = new ArrayList<>(t.states().subList(0, 3));
    states.add(t.states().get(5));
    Mismatch m = onReference().replay("t", trace(states)).mismatch();
    assertNotNull(m);
    assertEquals(3, m.step());
    assertTrue(m.actualOutcome().startsWith("the target threw NotEnabledException"), m::report);
  }

  /** The reference, except that the named calls are unsupported. */
  private static Target without(Target real, String... methods) {
    Set<String> unsupported = Set.of(methods);
    return (Target) Proxy.newProxyInstance(Target.class.getClassLoader(),
        new Class<?>[] {Target.class}, (proxy, m, args) -> {
          if (unsupported.contains(m.getName())) {
            return Outcome.unsupported("no " + m.getName() + " here");
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void anUnsupportedStepIsSkippedAndTheTraceGoesOnWhileTheStateAgrees() {
    Replayer r = new Replayer(t -> without(new ReferenceTarget(SEED), "dmaBufLlseek"));
    TraceResult res = r.replay("t", recorded());
    assertNull(res.mismatch(), res::toString);
    assertEquals(5, res.replayed());
    assertEquals(Map.of("no dmaBufLlseek here", 1), res.skipped());
  }

  @Test
  void afterAnUnsupportedStepThatChangesTheStateTheRestIsSkipped() {
    Replayer r = new Replayer(t -> without(new ReferenceTarget(SEED), "processExec"));
    TraceResult res = r.replay("t", recorded());
    assertNull(res.mismatch(), res::toString);
    assertEquals(3, res.replayed());
    assertEquals(Map.of("no processExec here", 1, Replayer.DIVERGED, 2), res.skipped());
  }

  @Test
  void aFaultTheTargetCannotInjectIsSkipped() {
    List<Map<String, Value>> states = new ArrayList<>(recorded().states().subList(0, 1));
    Map<String, Value> failed = new LinkedHashMap<>(states.get(0));
    failed.put("lastAction", call("DmaBufExport", "ENOMEM", 0, Values.str("b1")).toValue());
    states.add(failed);
    TraceResult res2 = new Replayer(t -> refusingFaults()).replay("t", trace(states));
    assertEquals(Map.of("cannot inject ENOMEM into DmaBufExport", 1), res2.skipped());
    assertEquals(0, res2.replayed());
  }

  private static Target refusingFaults() {
    Target real = new ReferenceTarget(SEED);
    return (Target) Proxy.newProxyInstance(Target.class.getClassLoader(),
        new Class<?>[] {Target.class}, (proxy, m, args) -> {
          if (m.getName().equals("armFault")) {
            return false;
          }
          try {
            return m.invoke(real, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void theSummaryCountsTracesStepsSkipsAndMismatches() {
    ReplaySummary s = new ReplaySummary();
    s.add(onReference().replay("good", recorded()));
    s.add(onReference(Defect.EXEC_KEEPS_CLOEXEC).replay("bad", recorded()));
    assertEquals(2, s.traces());
    assertEquals(12, s.steps());
    assertEquals(6 + 3, s.replayed());
    assertEquals(1, s.mismatches());
    assertTrue(s.report().contains("mismatch in bad at step 4"), s::report);
  }
}
