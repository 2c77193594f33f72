package org.dmabufspec.conformance.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.Trace;
import org.dmabufspec.traces.TraceMeta;

/**
 * Picks a small corpus of short traces from a state graph that together make every call the
 * model makes with every outcome it returns (every pair action/outcome of the graph's edges). Each
 * trace starts in an initial state and walks, by shortest paths, to the nearest edge whose pair
 * no trace has made yet, and again from there, until it is {@code maxSteps} long (or nothing new
 * is reachable from where it stands); then the next trace starts. Deterministic for a graph.
 */
public final class CorpusSelector {
  private CorpusSelector() {}

  /** The longest corpus trace, unless one path to a new pair is longer on its own. */
  public static final int DEFAULT_MAX_STEPS = 10;

  /** The corpus of {@code graph}; each trace's metadata is {@code meta} with a description. */
  public static List<Trace> select(StateGraph graph, TraceMeta meta) {
    return select(graph, meta, DEFAULT_MAX_STEPS);
  }

  /** As {@link #select(StateGraph, TraceMeta)}, with another length limit. */
  public static List<Trace> select(StateGraph graph, TraceMeta meta, int maxSteps) {
    Map<Long, List<StateGraph.Edge>> out = new HashMap<>();
    for (StateGraph.Edge e : graph.edges()) {
      out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    Comparator<StateGraph.Edge> order = Comparator.comparing((StateGraph.Edge e) ->
        pair(graph.state(e.to()))).thenComparingLong(StateGraph.Edge::to);
    out.values().forEach(l -> l.sort(order));
    List<Long> initial = new ArrayList<>(new TreeSet<>(graph.initial()));
    Set<String> uncovered = new TreeSet<>();
    for (long s : reachable(initial, out)) {
      out.getOrDefault(s, List.of()).forEach(e -> uncovered.add(pair(graph.state(e.to()))));
    }
    List<Trace> corpus = new ArrayList<>();
    while (!uncovered.isEmpty()) {
      List<Long> path = new ArrayList<>(List.of(initial.get(0)));
      Set<String> made = new TreeSet<>();
      while (!uncovered.isEmpty()) {
        List<Long> next = pathToNew(path.get(path.size() - 1), out, graph, uncovered);
        if (next == null || (path.size() > 1 && path.size() - 1 + next.size() > maxSteps)) {
          break;
        }
        for (long s : next) {
          path.add(s);
          String p = pair(graph.state(s));
          if (uncovered.remove(p)) {
            made.add(p);
          }
        }
      }
      if (made.isEmpty()) {
        throw new IllegalStateException("no initial state reaches " + uncovered);
      }
      List<Map<String, Value>> states = new ArrayList<>();
      path.forEach(s -> states.add(graph.state(s)));
      List<String> vars = new ArrayList<>(states.get(0).keySet());
      vars.sort(null);
      corpus.add(new Trace(meta.withDescription("corpus trace " + (corpus.size() + 1)
          + ", first to make " + String.join(" ", made)), vars, states));
    }
    return corpus;
  }

  /** The states after {@code from} on a shortest path to an edge making an uncovered pair. */
  private static List<Long> pathToNew(long from, Map<Long, List<StateGraph.Edge>> out,
      StateGraph graph, Set<String> uncovered) {
    Map<Long, Long> parent = new HashMap<>();
    parent.put(from, null);
    ArrayDeque<Long> queue = new ArrayDeque<>(List.of(from));
    while (!queue.isEmpty()) {
      long s = queue.poll();
      for (StateGraph.Edge e : out.getOrDefault(s, List.of())) {
        if (uncovered.contains(pair(graph.state(e.to())))) {
          List<Long> path = new ArrayList<>();
          path.add(e.to());
          for (long x = s; x != from; x = parent.get(x)) {
            path.add(0, x);
          }
          return path;
        }
        if (!parent.containsKey(e.to())) {
          parent.put(e.to(), s);
          queue.add(e.to());
        }
      }
    }
    return null;
  }

  private static Set<Long> reachable(List<Long> initial, Map<Long, List<StateGraph.Edge>> out) {
    Set<Long> seen = new HashSet<>(initial);
    ArrayDeque<Long> queue = new ArrayDeque<>(initial);
    while (!queue.isEmpty()) {
      for (StateGraph.Edge e : out.getOrDefault(queue.poll(), List.of())) {
        if (seen.add(e.to())) {
          queue.add(e.to());
        }
      }
    }
    return seen;
  }

  /** {@code Action/outcome} of the call that produced a state. */
  static String pair(Map<String, Value> state) {
    ActionCall c = ActionCall.ofState(state);
    return c.name() + "/" + c.outcome();
  }
}
