package org.dmabufspec.conformance.validate;

import java.time.Duration;
import java.util.Map;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;

/**
 * The verdict of {@link LogValidator} on one log.
 *
 * @param accepted whether some behaviour of the spec produces the whole log
 * @param events the number of events in the log
 * @param index for a rejected log, the 0-based index of the first event no behaviour matches
 *     (every behaviour matches the events before it); -1 when accepted
 * @param event that event, or null
 * @param stateBefore the spec's variables in a state reached by the events before it, or null
 * @param specCall what the spec's action does with the same name and arguments in that state
 *     (its lastAction), or null when the spec has no such step at all
 * @param reason a readable explanation, or null
 * @param time wall-clock time of the validation (every TLC run included)
 */
public record ValidationResult(boolean accepted, int events, int index, LogEvent event,
    Map<String, Value> stateBefore, ActionCall specCall, String reason, Duration time) {

  static ValidationResult accepted(int events, Duration time) {
    return new ValidationResult(true, events, -1, null, null, null, null, time);
  }

  /** A multi-line report: ACCEPTED, or REJECTED at event k with the event, reason and state. */
  public String report() {
    if (accepted) {
      return "ACCEPTED: all " + events + " events match a behaviour of the spec (" + time.toMillis()
          + " ms)";
    }
    StringBuilder b = new StringBuilder("REJECTED at event ").append(index)
        .append(" (seq ").append(event.seq()).append(event.thread() == null ? "" : ", thread " + event.thread())
        .append("): ").append(event.call()).append('\n');
    b.append("  reason: ").append(reason).append('\n');
    if (stateBefore != null) {
      b.append("  spec state before it:\n");
      stateBefore.entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> b.append("    ").append(e.getKey()).append(" = ")
              .append(Values.format(e.getValue())).append('\n'));
    }
    return b.append("  (").append(time.toMillis()).append(" ms)").toString();
  }
}
