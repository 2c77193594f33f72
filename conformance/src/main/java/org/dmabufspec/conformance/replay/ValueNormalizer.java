package org.dmabufspec.conformance.replay;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/**
 * Brings a {@link Value} to one canonical form, so that two values the spec cannot tell apart
 * compare equal whichever way they were printed or built. TLC prints a function whose domain is
 * a set of strings as a record and one whose domain is {@code 1..n} as a tuple, and prints the
 * function with an empty domain as {@code <<>>}; an ITF reader, a projection or a hand-written
 * trace may use the other form. Canonical forms:
 * <ul>
 *   <li>a model value becomes the string of its name (the trace models name their buffers,
 *       processes and contexts with strings; the checking models with model values of the same
 *       names);</li>
 *   <li>a function, record or tuple with an empty domain becomes the empty {@link Value.Tuple};</li>
 *   <li>a function whose domain is a set of strings becomes a {@link Value.Record};</li>
 *   <li>a function whose domain is {@code 1..n} becomes a {@link Value.Tuple};</li>
 *   <li>everything else keeps its form, with its parts normalized.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ValueNormalizer {
  private ValueNormalizer() {}

  /** The canonical form of {@code v}. */
  public static Value normalize(Value v) {
    if (v instanceof Value.ModelValue m) {
      return new Value.Str(m.name());
    }
    if (v instanceof Value.Bool || v instanceof Value.Int || v instanceof Value.Str) {
      return v;
    }
    if (v instanceof Value.SetV s) {
      Set<Value> out = new HashSet<>();
      for (Value e : s.elements()) {
        out.add(normalize(e));
      }
      return new Value.SetV(out);
    }
    if (v instanceof Value.Tuple t) {
      List<Value> out = new ArrayList<>(t.elements().size());
      for (Value e : t.elements()) {
        out.add(normalize(e));
      }
      return new Value.Tuple(out);
    }
    if (v instanceof Value.Record r) {
      if (r.fields().isEmpty()) {
        return new Value.Tuple(List.of());
      }
      Map<String, Value> out = new LinkedHashMap<>();
      r.fields().forEach((k, x) -> out.put(k, normalize(x)));
      return new Value.Record(out);
    }
    Value.Fun f = (Value.Fun) v;
    if (f.mapping().isEmpty()) {
      return new Value.Tuple(List.of());
    }
    Map<Value, Value> m = new LinkedHashMap<>();
    f.mapping().forEach((k, x) -> m.put(normalize(k), normalize(x)));
    if (m.keySet().stream().allMatch(k -> k instanceof Value.Str)) {
      Map<String, Value> fields = new LinkedHashMap<>();
      m.forEach((k, x) -> fields.put(((Value.Str) k).value(), x));
      return new Value.Record(fields);
    }
    if (isOneToN(m.keySet())) {
      List<Value> out = new ArrayList<>(m.size());
      for (int i = 1; i <= m.size(); i++) {
        out.add(m.get(Value.Int.of(i)));
      }
      return new Value.Tuple(out);
    }
    return new Value.Fun(m);
  }

  /** True when {@code a} and {@code b} are the same TLA+ value (see the class comment). */
  public static boolean equivalent(Value a, Value b) {
    return a.equals(b) || normalize(a).equals(normalize(b));
  }

  /**
   * The value at {@code key} of a function, record or tuple {@code v} (normalized), or null when
   * {@code key} is not in its domain or {@code v} is no function.
   */
  public static Value apply(Value v, Value key) {
    Value n = normalize(v);
    Value k = normalize(key);
    if (n instanceof Value.Record r && k instanceof Value.Str s) {
      return r.fields().get(s.value());
    }
    if (n instanceof Value.Tuple t && k instanceof Value.Int i) {
      BigInteger idx = i.value();
      if (idx.signum() > 0 && idx.compareTo(BigInteger.valueOf(t.elements().size())) <= 0) {
        return t.elements().get(idx.intValueExact() - 1);
      }
      return null;
    }
    if (n instanceof Value.Fun f) {
      return f.mapping().get(k);
    }
    return null;
  }

  /** {@link #apply} with string keys, e.g. {@code at(stalled, "b1", "d1")}. */
  public static Value at(Value v, String... keys) {
    Value cur = v;
    for (String k : keys) {
      if (cur == null) {
        return null;
      }
      cur = apply(cur, Values.str(k));
    }
    return cur;
  }

  private static boolean isOneToN(Set<Value> keys) {
    for (Value k : keys) {
      if (!(k instanceof Value.Int i) || i.value().signum() <= 0
          || i.value().compareTo(BigInteger.valueOf(keys.size())) > 0) {
        return false;
      }
    }
    return true;
  }
}
