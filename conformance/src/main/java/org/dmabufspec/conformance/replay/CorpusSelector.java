package org.dmabufspec.conformance.replay;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.Trace;
import org.dmabufspec.traces.TraceMeta;

/**
 * Picks a small corpus of short traces from a state graph: for every pair (action, outcome) the
 * graph has, a shortest trace from an initial state that ends with a call of that action
 * returning that outcome; pairs already reached by a trace chosen before (the deepest pairs first)
 * get none of their own. The result covers every action/outcome pair of the model in a few traces
 * of a few steps each: a representative sample a reader can follow, and a fast regression check.
 */
public final class CorpusSelector {
  private CorpusSelector() {}

  /** The corpus of {@code graph}; each trace's metadata is {@code meta} with a description. */
  public static List<Trace> select(StateGraph graph, TraceMeta meta) {
    Map<Long, List<StateGraph.Edge>> out = new HashMap<>();
    for (StateGraph.Edge e : graph.edges()) {
      out.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e);
    }
    // breadth-first from the initial states, in a deterministic order
    Map<Long, Long> parent = new HashMap<>();
    Map<Long, Integer> depth = new HashMap<>();
    ArrayDeque<Long> queue = new ArrayDeque<>();
    graph.initial().stream().sorted().forEach(s -> {
      depth.put(s, 0);
      queue.add(s);
    });
    Map<String, StateGraph.Edge> best = new LinkedHashMap<>();
    while (!queue.isEmpty()) {
      long s = queue.poll();
      List<StateGraph.Edge> es = out.getOrDefault(s, List.of());
      es.sort(Comparator.comparingLong(StateGraph.Edge::to));
      for (StateGraph.Edge e : es) {
        best.putIfAbsent(pair(graph.state(e.to())), e);
        if (!depth.containsKey(e.to())) {
          depth.put(e.to(), depth.get(s) + 1);
          parent.put(e.to(), s);
          queue.add(e.to());
        }
      }
    }
    List<Map.Entry<String, StateGraph.Edge>> pairs = new ArrayList<>(best.entrySet());
    pairs.sort(Comparator.comparing((Map.Entry<String, StateGraph.Edge> x) ->
        -depth.get(x.getValue().from())).thenComparing(Map.Entry::getKey));
    Set<String> covered = new HashSet<>();
    List<Trace> corpus = new ArrayList<>();
    for (Map.Entry<String, StateGraph.Edge> p : pairs) {
      if (covered.contains(p.getKey())) {
        continue;
      }
      List<Long> path = new ArrayList<>();
      path.add(p.getValue().to());
      for (Long s = p.getValue().from(); s != null; s = parent.get(s)) {
        path.add(0, s);
      }
      List<Map<String, Value>> states = new ArrayList<>();
      for (long s : path) {
        states.add(graph.state(s));
        covered.add(pair(graph.state(s)));
      }
      List<String> vars = new ArrayList<>(states.get(0).keySet());
      vars.sort(null);
      corpus.add(new Trace(meta.withDescription("shortest trace ending in " + p.getKey()), vars,
          states));
    }
    return corpus;
  }

  /** {@code Action/outcome} of the call that produced a state. */
  static String pair(Map<String, Value> state) {
    ActionCall c = ActionCall.ofState(state);
    return c.name() + "/" + c.outcome();
  }
}
