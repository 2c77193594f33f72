package org.dmabufspec.conformance.review;

import java.util.List;
import java.util.Objects;
import org.dmabufspec.spec.tlc.StateGraph;

/**
 * A property and the behavior that breaks it, ready to print or to draw. Reusable for any TLC
 * failure (review, check, replay, validate).
 *
 * @param property the violated invariant or property, e.g. {@code MappedConstraintsInv}
 * @param description what the property states, or empty
 * @param steps the calls, first first
 * @param loopBack for a lasso (temporal property), the step the behavior returns to after the
 *     last one (0 = the initial state), or -1 if none
 * @param stuttering whether the behavior ends by doing nothing forever
 * @param graph the model's state graph, drawn when small; may be null
 */
public record Counterexample(String property, String description, List<Step> steps, int loopBack,
    boolean stuttering, StateGraph graph) {

  public Counterexample {
    Objects.requireNonNull(property);
    description = description == null ? "" : description;
    steps = List.copyOf(steps);
  }

  /** A safety counterexample without a state graph. */
  public static Counterexample of(String property, List<Step> steps) {
    return new Counterexample(property, "", steps, -1, false, null);
  }

  /** The numbered calls, one per line, with the lasso or stuttering remark at the end. */
  public String text(String indent) {
    StringBuilder sb = new StringBuilder();
    for (Step s : steps) {
      sb.append(indent).append(s.line()).append('\n');
    }
    String tail = tail();
    if (!tail.isEmpty()) {
      sb.append(indent).append(tail).append('\n');
    }
    return sb.toString();
  }

  /** How the behavior goes on after the last step, for temporal properties. */
  public String tail() {
    if (loopBack >= 0) {
      return loopBack == 0 ? "... then back to the initial state, forever"
          : "... then back to the state after step " + loopBack + ", forever";
    }
    if (stuttering) {
      return "... then nothing more happens, forever";
    }
    return "";
  }
}
