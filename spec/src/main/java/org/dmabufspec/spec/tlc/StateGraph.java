package org.dmabufspec.spec.tlc;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * The reachable state graph of a model, as TLC explored it.
 *
 * <p>Each state of DmaBuf.tla records in its variable {@code lastAction} the action that produced
 * it ({@code [name |-> "DmaBufGet", args |-> <<...>>, outcome |-> "ok", ret |-> 0]}), so the edge
 * {@code from -> to} is labelled, with its arguments, by the target state's {@code lastAction};
 * {@link Edge#action()} carries TLC's own label (the action's operator name) as a cross-check.
 *
 * @param states every distinct state by TLC's node id, variable name to value
 * @param initial the ids of the initial states
 * @param edges every distinct transition (self-loops included)
 */
public record StateGraph(Map<Long, Map<String, Value>> states, Set<Long> initial, List<Edge> edges) {

  public StateGraph {
    states = Map.copyOf(states);
    initial = Set.copyOf(initial);
    edges = List.copyOf(edges);
  }

  /** One transition of the graph. */
  public record Edge(long from, long to, String action) {}

  public Map<String, Value> state(long id) {
    Map<String, Value> s = states.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no state with id " + id);
    }
    return s;
  }
}
