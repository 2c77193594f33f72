package org.dmabufspec.spec.tlc;

import static org.dmabufspec.spec.value.Values.bool;
import static org.dmabufspec.spec.value.Values.num;
import static org.dmabufspec.spec.value.Values.record;
import static org.dmabufspec.spec.value.Values.set;
import static org.dmabufspec.spec.value.Values.str;
import static org.dmabufspec.spec.value.Values.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class TlaValueParserTest {

  private static Value parse(String s) {
    return TlaValueParser.parseValue(s);
  }

  private static Value.ModelValue mv(String name) {
    return new Value.ModelValue(name);
  }

  private static Value.Fun fun(Value... keysAndValues) {
    Map<Value, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Value.Fun(m);
  }

  @Test
  void integers() {
    assertEquals(num(0), parse("0"));
    assertEquals(num(42), parse("42"));
    assertEquals(num(-5), parse("-5"));
    assertEquals(num(-2147483648L), parse("-2147483648"));
    assertEquals(new Value.Int(new BigInteger("123456789012345678901234567890")),
        parse("123456789012345678901234567890"));
    assertEquals(num(7), parse("  7 \n"));
  }

  @Test
  void booleans() {
    assertEquals(bool(true), parse("TRUE"));
    assertEquals(bool(false), parse("FALSE"));
  }

  @Test
  void modelValues() {
    assertEquals(mv("p1"), parse("p1"));
    assertEquals(mv("b_2"), parse("b_2"));
    assertEquals(mv("NoBuffer"), parse("NoBuffer"));
  }

  @Test
  void strings() {
    assertEquals(str(""), parse("\"\""));
    assertEquals(str("ok"), parse("\"ok\""));
    assertEquals(str("héllo wörld"), parse("\"héllo wörld\""));
  }

  @Test
  void escapedStrings() {
    // As TLC prints "a\"b\\c" and a string holding a line break, a tab, CR and form feed.
    assertEquals(str("a\"b\\c"), parse("\"a\\\"b\\\\c\""));
    assertEquals(str("line1\nline2\ttab\rcr\fff"), parse("\"line1\\nline2\\ttab\\rcr\\fff\""));
    assertEquals(str("\\n"), parse("\"\\\\n\""), "an escaped backslash followed by n");
    assertEquals(str("/\\ x = 1, }>>"), parse("\"/\\\\ x = 1, }>>\""));
  }

  @Test
  void sets() {
    assertEquals(set(), parse("{}"));
    assertEquals(set(num(1), num(2), num(3)), parse("{1, 2, 3}"));
    assertEquals(set(num(3), num(1)), parse("{ 1 ,3 }"), "order does not matter");
    assertEquals(set(set(), set(num(1)), set(num(2)), set(num(1), num(2))),
        parse("{{}, {1}, {2}, {1, 2}}"));
    assertEquals(set(bool(false), bool(true)), parse("{FALSE, TRUE}"));
  }

  @Test
  void intervals() {
    assertEquals(set(num(1), num(2), num(3)), parse("1..3"));
    assertEquals(set(num(-1), num(0)), parse("-1..0"));
    assertEquals(set(), parse("1..0"));
    assertEquals(set(set(num(0), num(1)), num(5)), parse("{0..1, 5}"));
  }

  @Test
  void tuples() {
    assertEquals(tuple(), parse("<<>>"));
    assertEquals(tuple(), parse("<< >>"), "TLC prints an empty-domain function as << >>");
    assertEquals(tuple(num(1), str("x"), mv("p1")), parse("<<1, \"x\", p1>>"));
    assertEquals(tuple(num(-2), num(-4), num(-6)), parse("<<-2, -4, -6>>"));
    assertEquals(tuple(tuple(num(2))), parse("<<<<2>>>>"));
    assertEquals(tuple(tuple(), tuple(tuple())), parse("<<<<>>, <<<<>>>>>>"));
  }

  @Test
  void records() {
    assertEquals(record("a", num(1), "b", str("x")), parse("[a |-> 1, b |-> \"x\"]"));
    assertEquals(record("b", str("x"), "a", num(1)), parse("[b |-> \"x\", a |-> 1]"),
        "field order does not matter");
    assertEquals(record("name", str("DmaBufGet"), "args", tuple(mv("d1"), mv("p1"), num(3)),
        "outcome", str("ok"), "ret", num(0)),
        parse("[name |-> \"DmaBufGet\", args |-> <<d1, p1, 3>>, outcome |-> \"ok\", ret |-> 0]"));
  }

  @Test
  void functions() {
    assertEquals(fun(mv("p1"), set(), mv("p2"), set()), parse("(p1 :> {} @@ p2 :> {})"));
    assertEquals(fun(num(0), str("z"), num(2), str("z")), parse("(0 :> \"z\" @@ 2 :> \"z\")"));
    assertEquals(fun(num(-1), num(1)), parse("(-1 :> 1)"));
    assertEquals(fun(str("k"), fun(num(1), num(2))), parse("(\"k\" :> (1 :> 2))"),
        "nested function as a value");
    assertEquals(fun(tuple(mv("p1"), num(3)), mv("b1")), parse("(<<p1, 3>> :> b1)"),
        "tuple keys");
  }

  @Test
  void nestedValues() {
    String text = "( p1 :> [cnt |-> 1, fds |-> {-5}, name |-> \"line1\\nline2\"] @@\n"
        + "  p2 :> [cnt |-> 0, fds |-> {}, name |-> \"\"] )";
    Value expected = fun(
        mv("p1"), record("cnt", num(1), "fds", set(num(-5)), "name", str("line1\nline2")),
        mv("p2"), record("cnt", num(0), "fds", set(), "name", str("")));
    assertEquals(expected, parse(text));

    Value deep = parse("<<[a |-> 1], {<<1, -2>>}, <<2>>, {[q |-> p1, r |-> <<>>]}>>");
    assertEquals(tuple(record("a", num(1)), set(tuple(num(1), num(-2))), tuple(num(2)),
        set(record("q", mv("p1"), "r", tuple()))), deep);
  }

  @Test
  void formattedValuesParseBack() {
    // Values.format does not escape quotes or backslashes in strings, so none are used here.
    Value v = tuple(
        record("fds", fun(num(3), mv("b1"), num(4), mv("b2")), "name", str("dmabuf name")),
        set(num(-1), num(0), str("s")), bool(true));
    assertEquals(v, parse(Values.format(v)));
  }

  @Test
  void stateWithConjuncts() {
    String state = "/\\ last = [name |-> \"Init\", s |-> \"a\\\"b\\\\c\"]\n/\\ x = 0\n/\\ y = -1\n";
    Map<String, Value> vars = TlaValueParser.parseState(state);
    assertEquals(List.of("last", "x", "y"), List.copyOf(vars.keySet()), "printed order is kept");
    assertEquals(record("name", str("Init"), "s", str("a\"b\\c")), vars.get("last"));
    assertEquals(num(0), vars.get("x"));
    assertEquals(num(-1), vars.get("y"));
  }

  @Test
  void stateWithValuesSpanningLines() {
    String state = "/\\ f = (0 :> <<p1, 0, {}>>)\n"
        + "/\\ big = ( p1 :> [cnt |-> 0, fds |-> {}] @@\n"
        + "  p2 :> [cnt |-> 1, fds |-> {-4}] )\n"
        + "/\\ act = \"inc\"";
    Map<String, Value> vars = TlaValueParser.parseState(state);
    assertEquals(3, vars.size());
    assertEquals(fun(mv("p2"), record("cnt", num(1), "fds", set(num(-4))),
        mv("p1"), record("cnt", num(0), "fds", set())), vars.get("big"));
    assertEquals(str("inc"), vars.get("act"));
  }

  @Test
  void stateOfOneVariableHasNoConjunction() {
    assertEquals(Map.of("x", num(3)), TlaValueParser.parseState("x = 3\n"));
    assertEquals(Map.of(), TlaValueParser.parseState("  \n"));
  }

  @Test
  void stateTlcPrintedWithEveryForm() {
    // Copied from TLC 2.18's report of an initial state (module Vals of the experiments).
    String state = String.join("\n",
        "/\\ a = 1..3",
        "/\\ b = {{}, {1}, {2}, {1, 2}}",
        "/\\ c = [v |-> -1, u |-> -1]",
        "/\\ d = <<-2, -4, -6>>",
        "/\\ e = {[q |-> p1, r |-> <<>>], [q |-> p2, r |-> <<>>]}",
        "/\\ f = \"h\u00e9llo\\\\ \\\"q\\\" \\r x\"",
        "/\\ g = (p1 :> {} @@ p2 :> {})",
        "/\\ h = {FALSE, TRUE}",
        "/\\ i = (0 :> \"z\" @@ 2 :> \"z\")",
        "/\\ j = <<[a |-> 1], {<<1, -2>>}, <<2>>>>",
        "/\\ k = [a |-> << >>]");
    Map<String, Value> vars = TlaValueParser.parseState(state);
    assertEquals(11, vars.size());
    assertEquals(str("h\u00e9llo\\ \"q\" \r x"), vars.get("f"));
    assertEquals(record("a", tuple()), vars.get("k"));
    assertEquals(record("u", num(-1), "v", num(-1)), vars.get("c"));
  }

  @Test
  void errorsNameThePosition() {
    TlaParseException e = assertThrows(TlaParseException.class, () -> parse("{1, 2"));
    assertEquals(5, e.offset());
    assertTrue(e.getMessage().contains("line 1, column 6"), e.getMessage());

    e = assertThrows(TlaParseException.class, () -> parse("<<1,\n  @>>"));
    assertEquals(2, e.line());
    assertEquals(3, e.column());

    e = assertThrows(TlaParseException.class, () -> parse("\"abc"));
    assertTrue(e.getMessage().contains("unterminated string"), e.getMessage());

    e = assertThrows(TlaParseException.class, () -> parse("\"a\\qb\""));
    assertTrue(e.getMessage().contains("unknown escape"), e.getMessage());

    assertThrows(TlaParseException.class, () -> parse("1 2"));
    assertThrows(TlaParseException.class, () -> parse("[a |-> 1, a |-> 2]"));
    assertThrows(TlaParseException.class, () -> parse("(1 :> 2 @@ 1 :> 3)"));
    assertThrows(TlaParseException.class, () -> parse("(1 :> 2"));
    assertThrows(TlaParseException.class, () -> parse("[a = 1]"));
    assertThrows(TlaParseException.class, () -> parse("-"));
    assertThrows(TlaParseException.class, () -> parse("12ab"));
    assertThrows(TlaParseException.class, () -> parse(""));
    assertThrows(TlaParseException.class, () -> parse("SUBSET {1}"));
    assertThrows(TlaParseException.class, () -> parse("0..100000000"));
  }

  @Test
  void stateErrors() {
    TlaParseException e = assertThrows(TlaParseException.class,
        () -> TlaValueParser.parseState("/\\ x = 1\n/\\ y = {1,\n/\\ z = 2"));
    assertEquals(3, e.line());
    assertThrows(TlaParseException.class, () -> TlaValueParser.parseState("/\\ x = 1\n/\\ x = 2"));
    assertThrows(TlaParseException.class, () -> TlaValueParser.parseState("/\\ = 1"));
    assertThrows(TlaParseException.class, () -> TlaValueParser.parseState("/\\ x 1"));
  }
}
