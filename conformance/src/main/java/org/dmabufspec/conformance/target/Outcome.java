package org.dmabufspec.conformance.target;

import java.util.Objects;

/**
 * What one call returned, in the spec's vocabulary: the outcome string of {@code lastAction}
 * ("ok", "fd", "sg_table", "stalled", "attachment", "ptr", "addr", or an errno name such as
 * "EBADF") and its {@code ret} (an fd number, an llseek result, 0 otherwise).
 *
 * <p>A target that cannot perform a call at all (a kernel action with no user-space entry
 * point, a fault it cannot inject) answers {@link #unsupported(String)}: the replayer counts the
 * step as skipped, with the reason, instead of comparing it.
 */
public record Outcome(String outcome, long ret, String unsupportedReason) {

  public Outcome {
    Objects.requireNonNull(outcome);
  }

  public static Outcome of(String outcome, long ret) {
    return new Outcome(outcome, ret, null);
  }

  public static Outcome of(String outcome) {
    return new Outcome(outcome, 0, null);
  }

  public static Outcome unsupported(String reason) {
    return new Outcome("unsupported", 0, Objects.requireNonNull(reason));
  }

  public boolean isUnsupported() {
    return unsupportedReason != null;
  }

  @Override
  public String toString() {
    if (isUnsupported()) {
      return "unsupported (" + unsupportedReason + ")";
    }
    return ret == 0 ? outcome : outcome + " (ret " + ret + ")";
  }
}
