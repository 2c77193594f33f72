package org.dmabufspec.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.tlc.TlaValueParser;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class ValueNormalizerTest {

  private static Value tla(String text) {
    return TlaValueParser.parseValue(text);
  }

  private static Value.Fun fun(Object... kv) {
    Map<Value, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((Value) kv[i], (Value) kv[i + 1]);
    }
    return new Value.Fun(m);
  }

  @Test
  void aFunctionOverStringsIsTheRecordTlcPrints() {
    Value record = tla("[b1 |-> \"live\", b2 |-> \"released\"]");
    Value function = fun(Values.str("b2"), Values.str("released"), Values.str("b1"), Values.str("live"));
    assertFalse(record.equals(function));
    assertTrue(ValueNormalizer.equivalent(record, function));
    assertEquals(record, ValueNormalizer.normalize(function));
  }

  @Test
  void theEmptyFunctionTupleAndRecordAreOneValue() {
    Value empty = tla("<<>>");
    assertTrue(ValueNormalizer.equivalent(empty, new Value.Fun(Map.of())));
    assertTrue(ValueNormalizer.equivalent(new Value.Record(Map.of()), new Value.Fun(Map.of())));
    assertFalse(ValueNormalizer.equivalent(empty, tla("{}")), "the empty set is no function");
  }

  @Test
  void aFunctionOverOneToNIsATupleAndOtherIntegerDomainsStayFunctions() {
    assertTrue(ValueNormalizer.equivalent(tla("<<0, 1>>"),
        fun(Values.num(2), Values.num(1), Values.num(1), Values.num(0))));
    Value fdTable = tla("(3 :> [buf |-> \"b1\", cloexec |-> FALSE])");
    assertTrue(ValueNormalizer.normalize(fdTable) instanceof Value.Fun);
    assertFalse(ValueNormalizer.equivalent(fdTable, tla("<<[buf |-> \"b1\", cloexec |-> FALSE]>>")));
  }

  @Test
  void modelValuesAreTheirNamesNestedToo() {
    Value tlc = tla("(b1 :> {<<b1, 0>>} @@ b2 :> {})");
    Value reference = tla("[b1 |-> {<<\"b1\", 0>>}, b2 |-> {}]");
    assertTrue(ValueNormalizer.equivalent(tlc, reference));
  }

  @Test
  void differentValuesStayDifferent() {
    assertFalse(ValueNormalizer.equivalent(tla("[b1 |-> 1]"), tla("[b1 |-> 2]")));
    assertFalse(ValueNormalizer.equivalent(tla("[b1 |-> 1]"), tla("[b2 |-> 1]")));
    assertFalse(ValueNormalizer.equivalent(tla("\"1\""), tla("1")));
  }

  @Test
  void applyLooksThroughEitherForm() {
    Value stalled = fun(Values.str("b1"), tla("[d1 |-> \"none\", d2 |-> \"DMA_TO_DEVICE\"]"));
    assertEquals(Values.str("DMA_TO_DEVICE"), ValueNormalizer.at(stalled, "b1", "d2"));
    assertNull(ValueNormalizer.at(stalled, "b2", "d2"));
    assertEquals(Values.num(1), ValueNormalizer.apply(tla("<<0, 1>>"), Values.num(2)));
    assertNull(ValueNormalizer.apply(tla("<<0, 1>>"), Values.num(3)));
  }

  @Test
  void theDiffNamesTheDifferingKeysOnly() {
    Value expected = tla("[b1 |-> [d1 |-> \"none\", d2 |-> \"DMA_BIDIRECTIONAL\"], b2 |-> [d1 |-> \"none\", d2 |-> \"none\"]]");
    Value found = fun(Values.str("b1"), tla("[d1 |-> \"none\", d2 |-> \"none\"]"),
        Values.str("b2"), tla("[d1 |-> \"none\", d2 |-> \"none\"]"));
    List<ValueDiff.Difference> d = ValueDiff.diff("mapped", expected, found);
    assertEquals(1, d.size(), d::toString);
    assertEquals("mapped[\"b1\"][\"d2\"]: expected \"DMA_BIDIRECTIONAL\", found \"none\"",
        d.get(0).toString());
    assertTrue(ValueDiff.diff("x", tla("<<>>"), new Value.Fun(Map.of())).isEmpty());
  }

  @Test
  void theDiffOfSetsSaysWhatIsMissingAndExtra() {
    List<ValueDiff.Difference> d = ValueDiff.diff("attached", tla("[b1 |-> {\"d1\", \"d2\"}]"),
        tla("[b1 |-> {\"d1\", \"d3\"}]"));
    assertEquals(1, d.size());
    assertEquals("missing {\"d2\"}, extra {\"d3\"}", ValueDiff.setDelta(d.get(0).expected(), d.get(0).found()));
    assertTrue(ValueDiff.format(d, "").contains("attached[\"b1\"]"));
  }
}
