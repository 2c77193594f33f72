package org.dmabufspec.conformance.replay;

import java.util.List;
import java.util.Objects;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;

/**
 * The first place where a target did not do what the spec's trace says: the trace, the step,
 * the call, what the spec expected it to return and what it returned, and every observed
 * variable whose value differs after the call, down to the differing keys.
 *
 * @param trace the trace file (or another name of the trace)
 * @param step the step's number: 1 for the first call (the one producing state 1)
 * @param call the call as the trace records it, with the spec's outcome
 * @param expectedOutcome the spec's outcome and ret, e.g. {@code "fd (ret 3)"}
 * @param actualOutcome what the target returned, or what it threw
 * @param variables the differing variables; empty when only the outcome differs or the target
 *     threw before the state could be compared
 */
public record Mismatch(String trace, int step, ActionCall call, String expectedOutcome,
    String actualOutcome, List<VariableMismatch> variables) {

  public Mismatch {
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(call, "call");
    variables = List.copyOf(variables);
  }

  /**
   * One variable whose value differs.
   *
   * @param variable the spec's variable name
   * @param expected its value in the trace's state
   * @param found the target's value
   * @param differences where they differ, down to the keys
   */
  public record VariableMismatch(String variable, Value expected, Value found,
      List<ValueDiff.Difference> differences) {
    public VariableMismatch {
      differences = List.copyOf(differences);
    }
  }

  /** True when the target returned what the spec expected (the state differs). */
  public boolean outcomeAgrees() {
    return expectedOutcome.equals(actualOutcome);
  }

  /** A report a newcomer can read: several lines. */
  public String report() {
    StringBuilder b = new StringBuilder();
    b.append("mismatch in ").append(trace).append(" at step ").append(step).append(": ")
        .append(Calls.describe(call)).append('\n');
    b.append("  outcome: expected ").append(expectedOutcome).append(", got ").append(actualOutcome)
        .append(outcomeAgrees() ? " (agrees)" : "").append('\n');
    for (VariableMismatch v : variables) {
      b.append("  variable ").append(v.variable()).append(" differs:\n");
      b.append(ValueDiff.format(v.differences(), "    "));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return report();
  }
}
