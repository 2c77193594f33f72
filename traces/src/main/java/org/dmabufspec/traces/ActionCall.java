package org.dmabufspec.traces;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;

/**
 * One call of a protocol operation with its result: the spec's {@code lastAction} record
 * {@code [name |-> "DmaBufGet", args |-> <<"d1", "p1", 3>>, outcome |-> "ok", ret |-> 0]}.
 *
 * <p>The same four fields are an NDJSON log event's {@code action}, {@code args}, {@code outcome}
 * and {@code ret}, so a call reads the same in both directions (ARCHITECTURE.md, One name
 * everywhere).
 *
 * @param name the TLA+ action name, e.g. {@code "DmaBufGet"}; {@code "Init"} for an initial state
 * @param args the arguments (strings, integers, booleans, in the action's parameter order)
 * @param outcome {@code "ok"}, {@code "fd"}, {@code "sg_table"}, {@code "stalled"}, or an errno
 *     name such as {@code "EBADF"}
 * @param ret the returned integer (fd number, llseek result), 0 when the call returns none
 */
public record ActionCall(String name, List<Value> args, String outcome, long ret) {

  /** The spec variable every state carries. */
  public static final String VARIABLE = "lastAction";

  public ActionCall {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(outcome, "outcome");
    args = List.copyOf(args);
  }

  /** The call recorded in a state's {@code lastAction} variable. */
  public static ActionCall ofState(Map<String, Value> state) {
    Value v = state.get(VARIABLE);
    if (v == null) {
      throw new IllegalArgumentException("state has no variable '" + VARIABLE + "': " + state.keySet());
    }
    return of(v);
  }

  /**
   * Reads a {@code lastAction} record.
   *
   * @throws IllegalArgumentException naming the field when the record does not have the shape
   */
  public static ActionCall of(Value lastAction) {
    if (!(lastAction instanceof Value.Record r)) {
      throw new IllegalArgumentException(VARIABLE + " is not a record: " + lastAction);
    }
    return new ActionCall(str(r, "name"), args(r), str(r, "outcome"), integer(r, "ret"));
  }

  /** This call as the spec's {@code lastAction} record. */
  public Value.Record toValue() {
    return Values.record("name", Values.str(name), "args", new Value.Tuple(args),
        "outcome", Values.str(outcome), "ret", Values.num(ret));
  }

  private static String str(Value.Record r, String field) {
    if (r.get(field) instanceof Value.Str s) {
      return s.value();
    }
    throw new IllegalArgumentException(VARIABLE + "." + field + " is not a string: " + r);
  }

  private static long integer(Value.Record r, String field) {
    if (r.get(field) instanceof Value.Int i && i.value().bitLength() < 64) {
      return i.value().longValue();
    }
    throw new IllegalArgumentException(VARIABLE + "." + field + " is not a 64-bit integer: " + r);
  }

  private static List<Value> args(Value.Record r) {
    Value a = r.get("args");
    if (a instanceof Value.Tuple t) {
      return t.elements();
    }
    // TLC prints the empty sequence <<>>, which a parser may read as the empty function.
    if (a instanceof Value.Fun f && f.mapping().isEmpty()) {
      return List.of();
    }
    throw new IllegalArgumentException(VARIABLE + ".args is not a tuple: " + r);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(name).append('(');
    for (int i = 0; i < args.size(); i++) {
      b.append(i == 0 ? "" : ", ").append(Values.format(args.get(i)));
    }
    b.append(") -> ").append(outcome);
    return ret == 0 ? b.toString() : b.append(' ').append(ret).toString();
  }
}
