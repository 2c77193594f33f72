package org.dmabufspec.spec.value;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable TLA+ value, as TLC prints it and as ITF traces carry it.
 *
 * <p>This is the one value model shared by the TLC runner (parsed from TLC's output), the trace
 * formats (ITF {@code #set}, {@code #map}, {@code #tup}, {@code #bigint}) and the conformance
 * projection. Equality is structural; sets and function domains compare without regard to order.
 */
public sealed interface Value
    permits Value.Bool, Value.Int, Value.Str, Value.ModelValue, Value.SetV, Value.Tuple,
        Value.Record, Value.Fun {

  /** TRUE / FALSE. */
  record Bool(boolean value) implements Value {
    @Override public String toString() { return value ? "TRUE" : "FALSE"; }
  }

  /** An integer (TLC's ints are 32-bit; ITF may carry {@code #bigint}). */
  record Int(BigInteger value) implements Value {
    public Int { Objects.requireNonNull(value); }
    public static Int of(long v) { return new Int(BigInteger.valueOf(v)); }
    public long longValue() { return value.longValueExact(); }
    @Override public String toString() { return value.toString(); }
  }

  /** A string. */
  record Str(String value) implements Value {
    public Str { Objects.requireNonNull(value); }
    @Override public String toString() { return '"' + value + '"'; }
  }

  /** A model value (an uninterpreted constant such as {@code b1}). */
  record ModelValue(String name) implements Value {
    @Override public String toString() { return name; }
  }

  /** A finite set; element order is irrelevant for equality. */
  record SetV(java.util.Set<Value> elements) implements Value {
    public SetV { elements = java.util.Set.copyOf(elements); }
    @Override public String toString() { return Values.format(this); }
  }

  /** A sequence or tuple {@code <<a, b>>}. */
  record Tuple(List<Value> elements) implements Value {
    public Tuple { elements = List.copyOf(elements); }
    @Override public String toString() { return Values.format(this); }
  }

  /** A record {@code [f |-> v, ...]}; field order is irrelevant for equality. */
  record Record(Map<String, Value> fields) implements Value {
    public Record { fields = Values.orderedCopy(fields); }
    public Value get(String field) {
      Value v = fields.get(field);
      if (v == null) {
        throw new IllegalArgumentException("record has no field '" + field + "': " + this);
      }
      return v;
    }
    @Override public String toString() { return Values.format(this); }
  }

  /** A function {@code (k :> v @@ ...)} with a finite domain; order is irrelevant for equality. */
  record Fun(Map<Value, Value> mapping) implements Value {
    public Fun { mapping = Values.orderedCopy(mapping); }
    public Value apply(Value arg) {
      Value v = mapping.get(arg);
      if (v == null) {
        throw new IllegalArgumentException(arg + " is not in the domain of " + this);
      }
      return v;
    }
    @Override public String toString() { return Values.format(this); }
  }
}
