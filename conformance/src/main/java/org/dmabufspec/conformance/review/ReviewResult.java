package org.dmabufspec.conformance.review;

import java.time.Duration;
import java.util.List;

/**
 * The verdict of a review: each property that holds, each that fails with its shortest
 * counterexample.
 *
 * @param policy the reviewed design
 * @param model a one-line description of the model's bounds
 * @param holding the properties that hold, in the spec's order
 * @param failures the properties that fail, in the order TLC found them
 * @param distinctStates distinct states of the last (complete) run
 * @param runs how many TLC runs the review took
 * @param wallTime total time
 */
public record ReviewResult(Policy policy, String model, List<String> holding,
    List<Counterexample> failures, long distinctStates, int runs, Duration wallTime) {

  public ReviewResult {
    holding = List.copyOf(holding);
    failures = List.copyOf(failures);
  }

  public boolean allHold() {
    return failures.isEmpty();
  }

  /** The report as plain text. */
  public String text() {
    StringBuilder sb = new StringBuilder();
    sb.append("policy ").append(policy.name()).append(": ").append(policy.summary()).append('\n');
    if (!policy.description().isEmpty()) {
      sb.append("  ").append(policy.description()).append('\n');
    }
    sb.append("model: ").append(model).append('\n');
    sb.append('\n');
    for (String p : holding) {
      sb.append(String.format("holds  %-28s %s%n", p, Review.describe(p)));
    }
    for (Counterexample c : failures) {
      sb.append(String.format("FAILS  %-28s %s%n", c.property(), c.description()));
      sb.append("  shortest counterexample:\n").append(c.text("    "));
    }
    sb.append('\n').append(holding.size()).append(" of ").append(holding.size() + failures.size())
        .append(" properties hold");
    if (!failures.isEmpty()) {
      sb.append("; fails: ").append(String.join(", ", failures.stream().map(Counterexample::property).toList()));
    }
    sb.append(String.format(" (%d TLC run%s, %d distinct states, %.1f s)%n", runs,
        runs == 1 ? "" : "s", distinctStates, wallTime.toMillis() / 1000.0));
    return sb.toString();
  }
}
