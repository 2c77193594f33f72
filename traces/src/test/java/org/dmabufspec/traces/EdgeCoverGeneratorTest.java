package org.dmabufspec.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;
import org.junit.jupiter.api.Test;

class EdgeCoverGeneratorTest {

  /**
   * Checks everything a cover promises: each path starts at an initial state and walks real
   * edges, every edge reachable from an initial state is walked, and the report adds up.
   */
  static void assertValidCover(StateGraph g, EdgeCover cover, int maxSteps) {
    Set<StateGraph.Edge> edges = new HashSet<>(g.edges());
    Set<StateGraph.Edge> walked = new HashSet<>();
    long steps = 0;
    int longest = 0;
    for (CoverPath p : cover.paths()) {
      assertTrue(g.initial().contains(p.state(0)), "starts at an initial state: " + p);
      assertTrue(p.length() > 0, "no empty traces");
      for (int i = 0; i < p.length(); i++) {
        StateGraph.Edge e = new StateGraph.Edge(p.state(i), p.state(i + 1), p.action(i));
        assertTrue(edges.contains(e), "step " + i + " walks a real edge: " + e);
        walked.add(e);
      }
      steps += p.length();
      longest = Math.max(longest, p.length());
      assertTrue(p.length() <= maxSteps, "at most " + maxSteps + " steps: " + p.length());
    }
    Set<StateGraph.Edge> expected = reachableEdges(g);
    assertEquals(expected, walked, "every reachable edge is walked");
    CoverageReport r = cover.report();
    assertEquals(edges.size(), r.edges());
    assertEquals(expected.size(), r.coveredEdges());
    assertEquals(edges.size() - expected.size(), r.uncovered().size());
    assertEquals(cover.paths().size(), r.traces());
    assertEquals(steps, r.totalSteps());
    assertEquals(longest, r.longestTrace());
    assertTrue(r.ratio() >= 1.0, r.summary());
    assertTrue(r.totalSteps() >= r.lowerBoundSteps(), r.summary());
    assertTrue(r.lowerBoundSteps() >= r.coveredEdges(), r.summary());
  }

  /** Edges whose source some initial state reaches, by a plain search over the record. */
  static Set<StateGraph.Edge> reachableEdges(StateGraph g) {
    Map<Long, List<StateGraph.Edge>> out = new java.util.HashMap<>();
    for (StateGraph.Edge e : g.edges()) {
      out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    Set<Long> seen = new HashSet<>(g.initial());
    List<Long> todo = new ArrayList<>(g.initial());
    Set<StateGraph.Edge> result = new HashSet<>();
    while (!todo.isEmpty()) {
      long v = todo.remove(todo.size() - 1);
      for (StateGraph.Edge e : out.getOrDefault(v, List.of())) {
        result.add(e);
        if (seen.add(e.to())) {
          todo.add(e.to());
        }
      }
    }
    return result;
  }

  private static EdgeCover cover(StateGraph g, long seed) {
    EdgeCover c = new EdgeCoverGenerator(seed).generate(g);
    assertValidCover(g, c, EdgeCoverGenerator.DEFAULT_MAX_STEPS);
    System.out.println(c.report().summary());
    return c;
  }

  @Test
  void coversACycle() {
    EdgeCover c = cover(SyntheticGraphs.cycle(1000), 1);
    assertEquals(1, c.report().traces());
  }

  @Test
  void coversSelfLoopsAndParallelEdges() {
    StateGraph g = SyntheticGraphs.selfLoops(50);
    EdgeCover c = cover(g, 2);
    assertEquals(50, c.report().duplicateEdges(), "the edge listed twice counts once");
  }

  @Test
  void aDagWithManySinksNeedsManyTraces() {
    StateGraph g = SyntheticGraphs.dagWithSinks(6, 40, 3);
    EdgeCover c = cover(g, 3);
    Set<Long> hasOut = new HashSet<>();
    g.edges().forEach(e -> hasOut.add(e.from()));
    long intoSinks = reachableEdges(g).stream().filter(e -> !hasOut.contains(e.to())).count();
    assertTrue(intoSinks > 1);
    assertTrue(c.report().traces() >= intoSinks, "each edge into a sink ends its own trace");
  }

  @Test
  void coversARandomStronglyConnectedGraph() {
    StateGraph g = SyntheticGraphs.randomStronglyConnected(10_000, 100_000, 4);
    cover(g, 4);
  }

  @Test
  void coversProtocolShapedGraphs() {
    cover(SyntheticGraphs.protocolLike(2_000, 5, false), 5);
    cover(SyntheticGraphs.protocolLike(2_000, 5, true), 5);
  }

  @Test
  void respectsTheStepLimit() {
    StateGraph g = SyntheticGraphs.randomStronglyConnected(2_000, 10_000, 6);
    for (int max : new int[] {30, 100, 1000}) {
      EdgeCover c = new EdgeCoverGenerator(6, max).generate(g);
      assertValidCover(g, c, max);
      System.out.println("maxSteps " + max + ": " + c.report().summary());
    }
  }

  @Test
  void reportsEdgesUnreachableFromAnInitialState() {
    SyntheticGraphs.Builder b = new SyntheticGraphs.Builder();
    b.state(1).state(2).state(3).state(4).initial(1)
        .edge(1, 2, "A").edge(2, 1, "B").edge(3, 4, "C").edge(4, 2, "D").edge(3, 3, "E");
    StateGraph g = b.build();
    EdgeCover c = new EdgeCoverGenerator(0).generate(g);
    assertValidCover(g, c, EdgeCoverGenerator.DEFAULT_MAX_STEPS);
    assertEquals(List.of(
            new CoverageReport.UncoveredEdge(3, 3, "E",
                "its source state is unreachable from every initial state"),
            new CoverageReport.UncoveredEdge(3, 4, "C",
                "its source state is unreachable from every initial state"),
            new CoverageReport.UncoveredEdge(4, 2, "D",
                "its source state is unreachable from every initial state")),
        c.report().uncovered());
    assertTrue(!c.report().complete());
  }

  @Test
  void separateComponentsEachGetTheirTraces() {
    // two balanced cycles, each with its own initial state, and a third initial state with no edges
    SyntheticGraphs.Builder b = new SyntheticGraphs.Builder();
    for (long i = 0; i < 5; i++) {
      b.state(i).state(100 + i).edge(i, (i + 1) % 5, "A").edge(100 + i, 100 + (i + 1) % 5, "B");
    }
    b.state(200).initial(3).initial(102).initial(200);
    StateGraph g = b.build();
    EdgeCover c = new EdgeCoverGenerator(0).generate(g);
    assertValidCover(g, c, EdgeCoverGenerator.DEFAULT_MAX_STEPS);
    assertEquals(2, c.report().traces());
  }

  @Test
  void noInitialStateMeansNothingIsCovered() {
    SyntheticGraphs.Builder b = new SyntheticGraphs.Builder();
    b.state(1).state(2).edge(1, 2, "A");
    EdgeCover c = new EdgeCoverGenerator(0).generate(b.build());
    assertEquals(0, c.report().traces());
    assertEquals("the graph has no initial state", c.report().uncovered().get(0).reason());
    EdgeCover empty = new EdgeCoverGenerator(0).generate(
        new SyntheticGraphs.Builder().state(1).initial(1).build());
    assertEquals(0, empty.report().traces());
    assertEquals(1.0, empty.report().ratio());
  }

  @Test
  void rejectsEdgesToUnknownStates() {
    SyntheticGraphs.Builder b = new SyntheticGraphs.Builder();
    b.state(1).initial(1).edge(1, 9, "A");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EdgeCoverGenerator(0).generate(b.build()));
    assertTrue(e.getMessage().contains("state 9"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new EdgeCoverGenerator(0, 0));
  }

  @Test
  void sameGraphAndSeedGiveTheSameTraces() {
    StateGraph g = SyntheticGraphs.randomStronglyConnected(3_000, 20_000, 7);
    EdgeCover a = new EdgeCoverGenerator(11, 500).generate(g);
    EdgeCover b = new EdgeCoverGenerator(11, 500).generate(g);
    assertEquals(a.paths(), b.paths());
    assertEquals(a.report(), b.report());
    assertEquals(a.traces(TraceMeta.empty()), b.traces(TraceMeta.empty()));

    // the order in which the graph lists its edges does not matter
    List<StateGraph.Edge> shuffled = new ArrayList<>(g.edges());
    Collections.shuffle(shuffled, new Random(99));
    StateGraph g2 = new StateGraph(g.states(), g.initial(), shuffled);
    assertEquals(a.paths(), new EdgeCoverGenerator(11, 500).generate(g2).paths());

    // another seed gives other traces, as valid
    EdgeCover other = new EdgeCoverGenerator(12, 500).generate(g);
    assertValidCover(g, other, 500);
    assertNotEquals(a.paths(), other.paths());
  }

  @Test
  void tracesCarryTheStatesAndTheirLastActionsNameTheEdges() {
    StateGraph g = SyntheticGraphs.protocolLike(300, 8, false);
    EdgeCover c = new EdgeCoverGenerator(8, 200).generate(g);
    TraceMeta base = TraceMeta.empty().withSource("DmaBuf.tla").withProfile("modern");
    List<Trace> traces = c.traces(base);
    assertEquals(c.paths().size(), traces.size());
    for (int k = 0; k < traces.size(); k++) {
      Trace t = traces.get(k);
      CoverPath p = c.paths().get(k);
      assertEquals(List.of("id", "lastAction"), t.vars());
      assertEquals("DmaBuf.tla", t.meta().source());
      assertEquals(EdgeCoverGenerator.NAME, t.meta().generator());
      assertEquals(8L, t.meta().seed());
      assertEquals("edge-cover trace " + (k + 1) + " of " + traces.size(), t.meta().description());
      assertEquals(p.length(), t.length());
      for (Step s : t.steps()) {
        assertEquals(g.state(p.state(s.index())), s.before());
        assertEquals(g.state(p.state(s.index() + 1)), s.after());
        assertEquals(p.action(s.index()), s.call().name());
      }
      Value first = t.states().get(0).get(ActionCall.VARIABLE);
      assertEquals("Init", ActionCall.of(first).name());
    }
  }

  @Test
  void deepGraphsRunPastTheLimitRatherThanRepeatTheWayDown() {
    StateGraph g = SyntheticGraphs.cycle(3000);
    EdgeCover c = new EdgeCoverGenerator(1, 100).generate(g);
    assertValidCover(g, c, 3000);
    System.out.println("cycle 3000, maxSteps 100: " + c.report().summary());
  }

  @Test
  void exactBalancingNeverTakesMoreStepsThanGreedy() {
    StateGraph g = SyntheticGraphs.randomStronglyConnected(500, 3000, 13);
    EdgeCoverGenerator unlimited = new EdgeCoverGenerator(13, Integer.MAX_VALUE);
    EdgeCover exact = unlimited.withEffort(Integer.MAX_VALUE).generate(g);
    EdgeCover greedy = unlimited.withEffort(0).generate(g);
    assertValidCover(g, exact, Integer.MAX_VALUE);
    assertValidCover(g, greedy, Integer.MAX_VALUE);
    assertTrue(exact.report().totalSteps() <= greedy.report().totalSteps(),
        exact.report().summary() + " vs " + greedy.report().summary());
    assertThrows(IllegalArgumentException.class, () -> unlimited.withEffort(-1));
    System.out.println("exact: " + exact.report().summary());
    System.out.println("greedy: " + greedy.report().summary());
  }
}
