package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One call as the spec's {@code lastAction} records it, and the thread that made it.
 *
 * @param action the spec's action name, e.g. {@code "DmaBufMapAttachment"}
 * @param args the arguments in the spec's order, spelled as in the spec (strings, integers,
 *     booleans; directions and whences by their C names; null only for a NULL pointer)
 * @param outcome {@code "ok"}, {@code "fd"}, {@code "sg_table"}, {@code "stalled"},
 *     {@code "attachment"}, {@code "ptr"}, {@code "addr"} or an errno name
 * @param ret the spec's {@code ret}
 * @param thread the name of the thread the call belongs to
 */
public record CallEvent(String action, List<Object> args, String outcome, long ret, String thread) {
  public CallEvent {
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    args = Collections.unmodifiableList(new ArrayList<>(args));
  }

  @Override
  public String toString() {
    StringBuilder s = new StringBuilder(action).append('(');
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        s.append(", ");
      }
      Object a = args.get(i);
      s.append(a instanceof String ? "\"" + a + "\"" : String.valueOf(a));
    }
    return s.append(") -> ").append(outcome).append(ret != 0 ? " " + ret : "").toString();
  }
}
