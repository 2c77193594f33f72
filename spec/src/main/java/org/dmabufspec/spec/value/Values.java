package org.dmabufspec.spec.value;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Constructors and the TLA+ printer for {@link Value}. */
public final class Values {
  private Values() {}

  public static Value.Str str(String s) { return new Value.Str(s); }

  public static Value.Int num(long n) { return Value.Int.of(n); }

  public static Value.Bool bool(boolean b) { return new Value.Bool(b); }

  public static Value.Tuple tuple(Value... vs) { return new Value.Tuple(List.of(vs)); }

  public static Value.SetV set(Value... vs) { return new Value.SetV(java.util.Set.of(vs)); }

  /** A record from alternating field names and values. */
  public static Value.Record record(Object... fieldsAndValues) {
    if (fieldsAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("record needs name/value pairs");
    }
    Map<String, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < fieldsAndValues.length; i += 2) {
      m.put((String) fieldsAndValues[i], (Value) fieldsAndValues[i + 1]);
    }
    return new Value.Record(m);
  }

  /** A copy that keeps insertion order for printing but is unmodifiable. */
  static <K, V> Map<K, V> orderedCopy(Map<K, V> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }

  /** Prints a value in TLA+ syntax, with sets and domains sorted so output is deterministic. */
  public static String format(Value v) {
    if (v instanceof Value.SetV s) {
      return s.elements().stream().map(Values::format).sorted()
          .collect(Collectors.joining(", ", "{", "}"));
    }
    if (v instanceof Value.Tuple t) {
      return t.elements().stream().map(Values::format)
          .collect(Collectors.joining(", ", "<<", ">>"));
    }
    if (v instanceof Value.Record r) {
      List<String> parts = new ArrayList<>();
      r.fields().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> parts.add(e.getKey() + " |-> " + format(e.getValue())));
      return "[" + String.join(", ", parts) + "]";
    }
    if (v instanceof Value.Fun f) {
      if (f.mapping().isEmpty()) {
        return "<<>>";
      }
      return f.mapping().entrySet().stream()
          .map(e -> format(e.getKey()) + " :> " + format(e.getValue())).sorted()
          .collect(Collectors.joining(" @@ ", "(", ")"));
    }
    return v.toString();
  }
}
