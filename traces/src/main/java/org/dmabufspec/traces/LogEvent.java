package org.dmabufspec.traces;

import java.util.Objects;

/**
 * One line of an NDJSON log recorded from an implementation (Java reference or kernel adapter):
 * {@code {"seq": 7, "action": "DmaBufGet", "args": ["d1", "p1", 3], "outcome": "ok", "ret": 0,
 * "thread": "worker-1"}}.
 *
 * @param seq the event's position in the log's total order, as the recorder assigned it
 * @param call the action, its arguments, outcome and returned integer
 * @param thread the name of the thread that made the call, or null when not recorded
 */
public record LogEvent(long seq, ActionCall call, String thread) {
  public LogEvent {
    Objects.requireNonNull(call, "call");
  }
}
