package org.dmabufspec.spec.tlc;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one TLC run found, parsed from its {@code -tool} output.
 *
 * @param outcome the verdict
 * @param violatedProperty the invariant or property TLC names as violated ({@code RefcountInv}),
 *     the location of a false {@code ASSUME}, or {@code null} (success, deadlock, error). TLC does
 *     not name the violated temporal property; for a temporal violation this is the model's
 *     {@code PROPERTY} when the config lists exactly one, else {@code null}
 * @param counterexample the behavior TLC printed (empty if none), first state first
 * @param loopBackIndex for a lasso counterexample of a temporal property, the
 *     {@link TraceState#index()} the last state loops back to ("Back to state"); {@code -1} if none
 * @param stuttering for a temporal counterexample, whether it ends by stuttering forever in its
 *     last state
 * @param distinctStates distinct states found
 * @param statesGenerated states generated (successors computed, duplicates included)
 * @param initialStates initial states generated
 * @param edges transitions: the number of distinct edges of the dumped state graph (stuttering
 *     self-loops TLC adds for liveness checking excluded) when the graph was dumped, else
 *     {@code statesGenerated - initialStates}
 * @param searchDepth depth of the breadth-first search (0 if TLC did not report it)
 * @param wallTime wall-clock time of the forked TLC process
 * @param exitCode the exit code of the TLC process (-1 if it was killed on timeout)
 * @param errorMessage for {@link TlcOutcome#ERROR}, what went wrong (TLC's error messages and, for
 *     a parse error, SANY's report); otherwise {@code null}
 * @param warnings TLC's warning messages, in order
 * @param stateGraph the parsed state graph if it was dumped and TLC got far enough, else
 *     {@code null}
 * @param rawOutput everything TLC printed (stdout, then stderr), for error reports
 */
public record TlcResult(
    TlcOutcome outcome,
    String violatedProperty,
    List<TraceState> counterexample,
    int loopBackIndex,
    boolean stuttering,
    long distinctStates,
    long statesGenerated,
    long initialStates,
    long edges,
    int searchDepth,
    Duration wallTime,
    int exitCode,
    String errorMessage,
    List<String> warnings,
    StateGraph stateGraph,
    String rawOutput) {

  public TlcResult {
    Objects.requireNonNull(outcome);
    counterexample = List.copyOf(counterexample);
    warnings = List.copyOf(warnings);
    Objects.requireNonNull(wallTime);
    Objects.requireNonNull(rawOutput);
  }

  /** Whether the run found no error. */
  public boolean isSuccess() {
    return outcome == TlcOutcome.SUCCESS;
  }

  /** Whether the counterexample is a lasso (its last state loops back to an earlier one). */
  public boolean isLasso() {
    return loopBackIndex > 0;
  }

  /** A one-line summary for logs and command-line output. */
  public String summary() {
    StringBuilder sb = new StringBuilder(outcome.name());
    if (violatedProperty != null) {
      sb.append(' ').append(violatedProperty);
    }
    if (!counterexample.isEmpty()) {
      sb.append(", counterexample of ").append(counterexample.size()).append(" states");
      if (isLasso()) {
        sb.append(" looping back to state ").append(loopBackIndex);
      } else if (stuttering) {
        sb.append(" then stuttering");
      }
    }
    sb.append(": ").append(distinctStates).append(" distinct states, ")
        .append(statesGenerated).append(" generated, ").append(edges).append(" edges, depth ")
        .append(searchDepth).append(", ").append(wallTime.toMillis()).append(" ms");
    if (errorMessage != null) {
      String first = errorMessage.strip().lines().findFirst().orElse("");
      sb.append(" (").append(first).append(')');
    }
    return sb.toString();
  }
}
