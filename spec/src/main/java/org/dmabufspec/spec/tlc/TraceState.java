package org.dmabufspec.spec.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.dmabufspec.spec.value.Value;

/**
 * One state of a TLC counterexample.
 *
 * @param index TLC's 1-based state number in the behavior
 * @param action the action label as TLC prints it, e.g. {@code <Initial predicate>} or
 *     {@code <IncX line 7, col 9 to line 7, col 84 of module Counter>}
 * @param vars variable name to value, in the order TLC printed them
 */
public record TraceState(int index, String action, Map<String, Value> vars) {

  public TraceState {
    Objects.requireNonNull(action);
    vars = Collections.unmodifiableMap(new LinkedHashMap<>(vars));
  }

  /**
   * The action's name without the angle brackets and TLC's source location: {@code IncX} for
   * {@code <IncX line 7, col 9 to line 7, col 84 of module Counter>}, and {@code Initial predicate}
   * for the first state.
   */
  public String actionName() {
    return TraceState.nameOf(action);
  }

  /** The value of one variable. */
  public Value get(String var) {
    Value v = vars.get(var);
    if (v == null) {
      throw new IllegalArgumentException("state " + index + " has no variable '" + var + "'");
    }
    return v;
  }

  static String nameOf(String label) {
    String s = label.strip();
    if (s.startsWith("<") && s.endsWith(">")) {
      s = s.substring(1, s.length() - 1);
    }
    int loc = s.indexOf(" line ");
    return loc >= 0 ? s.substring(0, loc) : s;
  }
}
