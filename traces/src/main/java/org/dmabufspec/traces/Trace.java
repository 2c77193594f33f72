package org.dmabufspec.traces;

import java.util.AbstractList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dmabufspec.spec.value.Value;

/**
 * A finite behaviour of the spec: a sequence of states, each assigning a value to every variable.
 *
 * <p>This is the in-memory form of one ITF file. The state maps are not copied (a trace of a large
 * graph shares them with the graph); pass unmodifiable maps, as {@code StateGraph} and
 * {@link ItfReader} do.
 *
 * @param meta where the trace came from
 * @param vars the state variables, in the order files list them
 * @param states at least one state; each has exactly the variables {@code vars}
 */
public record Trace(TraceMeta meta, List<String> vars, List<Map<String, Value>> states) {

  public Trace {
    Objects.requireNonNull(meta, "meta");
    vars = List.copyOf(vars);
    states = List.copyOf(states);
    if (states.isEmpty()) {
      throw new IllegalArgumentException("a trace has at least one state");
    }
    Set<String> names = new HashSet<>(vars);
    if (names.size() != vars.size()) {
      throw new IllegalArgumentException("variables repeat: " + vars);
    }
    for (int i = 0; i < states.size(); i++) {
      Map<String, Value> s = states.get(i);
      if (s.size() != names.size() || !names.containsAll(s.keySet())) {
        throw new IllegalArgumentException(
            "state " + i + " has variables " + s.keySet() + ", the trace declares " + vars);
      }
    }
  }

  /** The number of steps: one less than the number of states. */
  public int length() {
    return states.size() - 1;
  }

  /** The call recorded in the initial state (by the spec's convention, named {@code Init}). */
  public ActionCall initialCall() {
    return ActionCall.ofState(states.get(0));
  }

  /**
   * The steps, each read from its target state's {@code lastAction} when first asked for.
   *
   * @throws IllegalArgumentException (from the list's {@code get}) when a state has no well-formed
   *     {@code lastAction}
   */
  public List<Step> steps() {
    return new AbstractList<>() {
      @Override public Step get(int i) {
        Objects.checkIndex(i, size());
        Map<String, Value> after = states.get(i + 1);
        try {
          return new Step(i, ActionCall.ofState(after), states.get(i), after);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("state " + (i + 1) + ": " + e.getMessage(), e);
        }
      }

      @Override public int size() {
        return states.size() - 1;
      }
    };
  }

  /** The same states under other metadata. */
  public Trace withMeta(TraceMeta m) {
    return new Trace(m, vars, states);
  }
}
