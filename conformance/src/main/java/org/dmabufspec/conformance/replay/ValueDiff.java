package org.dmabufspec.conformance.replay;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/**
 * Where two values differ, down to the keys: {@code mapped["b1"]["d2"]: expected
 * "DMA_BIDIRECTIONAL", found "none"}. Both values are {@linkplain ValueNormalizer normalized}
 * first, so printing differences ({@code <<>>} against an empty function) are no differences.
 */
public final class ValueDiff {
  private ValueDiff() {}

  /**
   * One differing place.
   *
   * @param path the variable and the keys leading there, e.g. {@code fds["p1"][3].cloexec}
   * @param expected the spec's value there, null when the key is absent on the spec's side
   * @param found the target's value there, null when absent on the target's side
   */
  public record Difference(String path, Value expected, Value found) {
    @Override
    public String toString() {
      return path + ": expected " + show(expected) + ", found " + show(found);
    }
  }

  /** The differences of {@code found} from {@code expected}, both at {@code path}. */
  public static List<Difference> diff(String path, Value expected, Value found) {
    List<Difference> out = new ArrayList<>();
    walk(path, expected == null ? null : ValueNormalizer.normalize(expected),
        found == null ? null : ValueNormalizer.normalize(found), out);
    return out;
  }

  private static void walk(String path, Value e, Value f, List<Difference> out) {
    if (Objects.equals(e, f)) {
      return;
    }
    if (e instanceof Value.Record re && f instanceof Value.Record rf) {
      Set<String> keys = new TreeSet<>(re.fields().keySet());
      keys.addAll(rf.fields().keySet());
      for (String k : keys) {
        walk(path + "[" + Values.format(Values.str(k)) + "]", re.fields().get(k), rf.fields().get(k), out);
      }
      return;
    }
    if (e instanceof Value.Fun fe && f instanceof Value.Fun ff) {
      Set<Value> keys = new LinkedHashSet<>(fe.mapping().keySet());
      keys.addAll(ff.mapping().keySet());
      keys.stream().sorted((a, b) -> Values.format(a).compareTo(Values.format(b))).forEach(k ->
          walk(path + "[" + Values.format(k) + "]", fe.mapping().get(k), ff.mapping().get(k), out));
      return;
    }
    if (e instanceof Value.Tuple te && f instanceof Value.Tuple tf
        && te.elements().size() == tf.elements().size() && !te.elements().isEmpty()) {
      for (int i = 0; i < te.elements().size(); i++) {
        walk(path + "[" + (i + 1) + "]", te.elements().get(i), tf.elements().get(i), out);
      }
      return;
    }
    out.add(new Difference(path, e, f));
  }

  /** A value for a report; sets say which elements are missing or extra when that is shorter. */
  static String show(Value v) {
    return v == null ? "(absent)" : Values.format(v);
  }

  /**
   * For two sets, the elements only in {@code expected} and only in {@code found}, formatted;
   * empty when they are not both sets.
   */
  public static String setDelta(Value expected, Value found) {
    if (!(expected instanceof Value.SetV se) || !(found instanceof Value.SetV sf)) {
      return "";
    }
    Set<Value> missing = new HashSet<>(se.elements());
    missing.removeAll(sf.elements());
    Set<Value> extra = new HashSet<>(sf.elements());
    extra.removeAll(se.elements());
    StringBuilder b = new StringBuilder();
    if (!missing.isEmpty()) {
      b.append("missing ").append(Values.format(new Value.SetV(missing)));
    }
    if (!extra.isEmpty()) {
      b.append(b.length() == 0 ? "" : ", ").append("extra ").append(Values.format(new Value.SetV(extra)));
    }
    return b.toString();
  }

  /** Formats differences one per line, indented. */
  static String format(List<Difference> ds, String indent) {
    StringBuilder b = new StringBuilder();
    for (Difference d : ds) {
      b.append(indent).append(d);
      String delta = setDelta(d.expected(), d.found());
      if (!delta.isEmpty()) {
        b.append(" (").append(delta).append(')');
      }
      b.append('\n');
    }
    return b.toString();
  }
}
