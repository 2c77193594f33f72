package org.dmabufspec.traces;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;

/**
 * A total order on {@link Value}s, consistent with their structural equality, used to write sets
 * and function domains in the same order every time (a {@code Set.copyOf} iterates in an order
 * that changes from one JVM run to the next).
 *
 * <p>Values of different kinds order by kind (Bool, Int, Str, ModelValue, Tuple, Record, Fun,
 * SetV); integers numerically; strings and model-value names by {@link String#compareTo};
 * tuples lexicographically; records, functions and sets by their sorted entries.
 */
public final class ValueOrder implements Comparator<Value> {

  /** The one instance. */
  public static final ValueOrder INSTANCE = new ValueOrder();

  private static final Comparator<Map.Entry<Value, Value>> BY_KEY =
      (a, b) -> INSTANCE.compare(a.getKey(), b.getKey());

  private ValueOrder() {}

  /** A new list of the values in this order. */
  public static List<Value> sorted(Collection<Value> values) {
    List<Value> l = new ArrayList<>(values);
    l.sort(INSTANCE);
    return l;
  }

  /** The entries of a function, sorted by key. */
  public static List<Map.Entry<Value, Value>> sortedEntries(Value.Fun f) {
    List<Map.Entry<Value, Value>> l = new ArrayList<>(f.mapping().entrySet());
    l.sort(BY_KEY);
    return l;
  }

  @Override
  public int compare(Value a, Value b) {
    int k = Integer.compare(rank(a), rank(b));
    if (k != 0) {
      return k;
    }
    if (a instanceof Value.Bool x) {
      return Boolean.compare(x.value(), ((Value.Bool) b).value());
    }
    if (a instanceof Value.Int x) {
      BigInteger y = ((Value.Int) b).value();
      return x.value().compareTo(y);
    }
    if (a instanceof Value.Str x) {
      return x.value().compareTo(((Value.Str) b).value());
    }
    if (a instanceof Value.ModelValue x) {
      return x.name().compareTo(((Value.ModelValue) b).name());
    }
    if (a instanceof Value.Tuple x) {
      return lexicographic(x.elements(), ((Value.Tuple) b).elements());
    }
    if (a instanceof Value.SetV x) {
      return lexicographic(sorted(x.elements()), sorted(((Value.SetV) b).elements()));
    }
    if (a instanceof Value.Record x) {
      return compareRecords(x, (Value.Record) b);
    }
    return compareFunctions((Value.Fun) a, (Value.Fun) b);
  }

  private static int rank(Value v) {
    if (v instanceof Value.Bool) {
      return 0;
    } else if (v instanceof Value.Int) {
      return 1;
    } else if (v instanceof Value.Str) {
      return 2;
    } else if (v instanceof Value.ModelValue) {
      return 3;
    } else if (v instanceof Value.Tuple) {
      return 4;
    } else if (v instanceof Value.Record) {
      return 5;
    } else if (v instanceof Value.Fun) {
      return 6;
    }
    return 7;
  }

  private int lexicographic(List<Value> a, List<Value> b) {
    int n = Math.min(a.size(), b.size());
    for (int i = 0; i < n; i++) {
      int c = compare(a.get(i), b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private int compareRecords(Value.Record a, Value.Record b) {
    List<String> ka = a.fields().keySet().stream().sorted().toList();
    List<String> kb = b.fields().keySet().stream().sorted().toList();
    int n = Math.min(ka.size(), kb.size());
    for (int i = 0; i < n; i++) {
      int c = ka.get(i).compareTo(kb.get(i));
      if (c == 0) {
        c = compare(a.fields().get(ka.get(i)), b.fields().get(kb.get(i)));
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ka.size(), kb.size());
  }

  private int compareFunctions(Value.Fun a, Value.Fun b) {
    List<Map.Entry<Value, Value>> ea = sortedEntries(a);
    List<Map.Entry<Value, Value>> eb = sortedEntries(b);
    int n = Math.min(ea.size(), eb.size());
    for (int i = 0; i < n; i++) {
      int c = compare(ea.get(i).getKey(), eb.get(i).getKey());
      if (c == 0) {
        c = compare(ea.get(i).getValue(), eb.get(i).getValue());
      }
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(ea.size(), eb.size());
  }
}
