package org.dmabufspec.traces;

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
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ItfTest {

  private static final BigInteger TWO_53 = BigInteger.ONE.shiftLeft(53);

  private static Value fun(Value... keysAndValues) {
    Map<Value, Value> m = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      m.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return new Value.Fun(m);
  }

  private static Value big(BigInteger b) {
    return new Value.Int(b);
  }

  /** One variable per value form, including the edge cases of each. */
  static Map<String, Value> everyForm() {
    Map<String, Value> s = new LinkedHashMap<>();
    s.put("lastAction", new ActionCall("DmaBufGet", List.of(str("d1"), str("p1"), num(3)),
        "ok", 0).toValue());
    s.put("str", str("quote \" backslash \\ newline \n unicode \u00e9\u4e2d"));
    s.put("emptyStr", str(""));
    s.put("t", bool(true));
    s.put("f", bool(false));
    s.put("small", num(-17));
    s.put("maxSafe", big(TWO_53.subtract(BigInteger.ONE)));
    s.put("minSafe", big(TWO_53.subtract(BigInteger.ONE).negate()));
    s.put("twoTo53", big(TWO_53));
    s.put("minusTwoTo53", big(TWO_53.negate()));
    s.put("huge", big(new BigInteger("-123456789012345678901234567890")));
    s.put("set", set(num(3), num(1), num(2)));
    s.put("emptySet", set());
    s.put("setOfSets", set(set(str("a")), set(), set(str("a"), str("b"))));
    s.put("tuple", tuple(str("p1"), num(3), bool(true), tuple()));
    s.put("emptyTuple", tuple());
    s.put("record", record("size", num(4096), "name", str("buf"), "attached", set(str("d1"))));
    s.put("fun", fun(tuple(str("p1"), num(3)), new Value.ModelValue("b1"),
        tuple(str("p2"), num(0)), new Value.ModelValue("b2")));
    s.put("emptyFun", fun());
    s.put("funOfSets", fun(set(num(1)), record("x", num(1)), set(), record("x", num(2))));
    s.put("modelValue", new Value.ModelValue("b1"));
    return s;
  }

  private static Trace traceOf(List<Map<String, Value>> states) {
    TraceMeta meta = TraceMeta.empty().withSource("DmaBuf.tla").withModelConfig("MCDmaBuf.cfg")
        .withGenerator("test").withSeed(7L).withProfile("modern").withDescription("every form")
        .withExtra("note", "free form");
    return new Trace(meta, List.copyOf(states.get(0).keySet()), states);
  }

  @Test
  void everyValueFormRoundTrips(@TempDir Path dir) throws Exception {
    Map<String, Value> s0 = everyForm();
    Map<String, Value> s1 = new LinkedHashMap<>(s0);
    s1.put("small", num(0));
    Trace t = traceOf(List.of(s0, s1));
    Path file = dir.resolve("t.itf.json");
    ItfWriter.write(t, file);
    Trace back = ItfReader.read(file);
    assertEquals(t, back);
    for (String var : s0.keySet()) {
      assertEquals(s0.get(var), back.states().get(0).get(var), var);
    }
  }

  @Test
  void integersBeyondTwoTo53AreBigints() throws Exception {
    String json = ItfWriter.toJson(traceOf(List.of(everyForm())));
    assertTrue(json.contains("\"maxSafe\":9007199254740991"), json);
    assertTrue(json.contains("\"minSafe\":-9007199254740991"), json);
    assertTrue(json.contains("\"twoTo53\":{\"#bigint\":\"9007199254740992\"}"), json);
    assertTrue(json.contains("\"minusTwoTo53\":{\"#bigint\":\"-9007199254740992\"}"), json);
    assertTrue(json.contains("\"emptyFun\":{\"#map\":[]}"), json);
    assertTrue(json.contains("\"modelValue\":{\"#unserializable\":\"b1\"}"), json);
    assertTrue(json.contains("\"set\":{\"#set\":[1,2,3]}"), json);
    assertTrue(json.contains("\"emptyTuple\":{\"#tup\":[]}"), json);
  }

  @Test
  void outputIsDeterministicWhateverTheInsertionOrder() throws Exception {
    Map<String, Value> a = everyForm();
    Map<String, Value> b = new LinkedHashMap<>();
    b.put("record", record("attached", set(str("d1")), "name", str("buf"), "size", num(4096)));
    b.put("fun", fun(tuple(str("p2"), num(0)), new Value.ModelValue("b2"),
        tuple(str("p1"), num(3)), new Value.ModelValue("b1")));
    Map<String, Value> a2 = new LinkedHashMap<>(a);
    a2.putAll(b);
    assertEquals(a, a2);
    String ja = ItfWriter.toJson(traceOf(List.of(a)));
    assertEquals(ja, ItfWriter.toJson(traceOf(List.of(a2))));
    // one line per state, a fixed top-level layout
    assertTrue(ja.startsWith("{\n  \"#meta\": {\"format\":\"ITF\","), ja);
    assertTrue(ja.contains("\n  \"states\": [\n    {\"#meta\":{\"index\":0},"), ja);
    assertTrue(ja.endsWith("}\n  ]\n}\n"), ja);
  }

  @Test
  void readsTheHandWrittenFile() throws Exception {
    Trace t = ItfReader.read(resource("itf/handwritten.itf.json"));
    assertEquals("DmaBuf.tla", t.meta().source());
    assertEquals("MCDmaBuf.cfg", t.meta().modelConfig());
    assertEquals(42L, t.meta().seed());
    assertEquals("modern", t.meta().profile());
    assertEquals("{\"count\":\"Int\"}", t.meta().extra().get("varTypes"));
    assertEquals(List.of("lastAction", "count", "fds", "holders"), t.vars());
    assertEquals(3, t.states().size());
    assertEquals(num(0), t.states().get(0).get("count"));
    assertEquals(num(1), t.states().get(1).get("count"));
    assertEquals(big(new BigInteger("123456789012345678901234567890")),
        t.states().get(2).get("count"));
    assertEquals(fun(), t.states().get(0).get("fds"));
    assertEquals(fun(tuple(str("p1"), num(3)), new Value.ModelValue("b1")),
        t.states().get(1).get("fds"));
    assertEquals(set(str("d1"), str("p1")), t.states().get(2).get("holders"));

    assertEquals(new ActionCall("Init", List.of(), "ok", 0), t.initialCall());
    List<Step> steps = t.steps();
    assertEquals(2, steps.size());
    assertEquals(new ActionCall("DmaBufFd", List.of(str("p1"), str("b1"), bool(true)), "fd", 3),
        steps.get(0).call());
    // a plain JSON array reads as a sequence
    assertEquals(new ActionCall("DmaBufGet", List.of(str("d1"), str("p1"), num(9)), "EBADF", 0),
        steps.get(1).call());
    assertEquals(t.states().get(1), steps.get(1).before());
    assertEquals(t.states().get(2), steps.get(1).after());
  }

  @Test
  void plainNumbersOfAnySizeAreIntegers() throws Exception {
    Trace t = ItfReader.parse("{\"vars\":[\"x\"],\"states\":[{\"x\":123456789012345678901234567890}]}",
        "inline");
    assertEquals(big(new BigInteger("123456789012345678901234567890")), t.states().get(0).get("x"));
  }

  @Test
  void errorsNameTheFileTheStateAndThePath() {
    String json = "{\"vars\":[\"x\",\"y\"],\"states\":[\n"
        + "{\"x\":1,\"y\":2},\n"
        + "{\"x\":{\"#set\":[1,{\"#tup\":[1, 2.5]}]},\"y\":2}]}";
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> ItfReader.parse(json, "bad.itf.json"));
    assertEquals("bad.itf.json", e.source());
    assertTrue(e.getMessage().startsWith("bad.itf.json: state 1, at /states/1/x/#set/1/#tup/1"),
        e.getMessage());
    assertTrue(e.getMessage().contains("non-integer"), e.getMessage());
    assertTrue(e.getMessage().contains("line 3"), e.getMessage());
  }

  @Test
  void rejectsMalformedTraces() {
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":1},{\"y\":1}]}", "state 1",
        "missing [x]");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#bigint\":\"12a\"}}]}",
        "state 0, at /states/0/x/#bigint", "not a decimal integer");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#set\":[1,1]}}]}",
        "state 0", "twice");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#set\":[1],\"y\":2}}]}",
        "state 0", "no other field");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#frob\":1}}]}",
        "state 0", "unknown ITF tag");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#map\":[[1]]}}]}",
        "state 0", "[key, value] pair");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":null}]}", "state 0, at /states/0/x",
        "found null");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"#meta\":{\"index\":1},\"x\":1}]}",
        "state 0", "in order");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[]}", "/states", "at least one state");
    assertFormatError("{\"states\":[{\"x\":1}]}", "top level", "\"vars\"");
    assertFormatError("{\"vars\":[\"x\"],\"states\":[{\"x\":1}", "", "end-of-input");
  }

  private static void assertFormatError(String json, String where, String what) {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> ItfReader.parse(json, "f.json"), json);
    assertTrue(e.getMessage().startsWith("f.json: "), e.getMessage());
    assertTrue(e.location().contains(where), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  @Test
  void writerRejectsStatesThatDoNotMatchTheVariables() {
    assertThrows(IllegalArgumentException.class,
        () -> new Trace(TraceMeta.empty(), List.of("x"), List.of(Map.of("y", num(1)))));
    assertThrows(IllegalArgumentException.class,
        () -> ItfWriter.toJson(new Trace(TraceMeta.empty(), List.of("x"),
            List.of(Map.of("x", record("#set", num(1)))))));
  }

  @Test
  void valueOrderIsTotalAndConsistentWithEquals() {
    List<Value> vs = List.copyOf(everyForm().values());
    for (Value a : vs) {
      for (Value b : vs) {
        int ab = ValueOrder.INSTANCE.compare(a, b);
        assertEquals(-Integer.signum(ValueOrder.INSTANCE.compare(b, a)), Integer.signum(ab));
        assertEquals(a.equals(b), ab == 0, a + " vs " + b);
      }
    }
  }

  @Test
  void seedsBeyondTwoTo53AreWrittenAsStrings() throws Exception {
    Trace t = new Trace(TraceMeta.empty().withSeed(Long.MIN_VALUE), List.of("x"),
        List.of(Map.of("x", num(1))));
    String json = ItfWriter.toJson(t);
    assertTrue(json.contains("\"seed\":\"-9223372036854775808\""), json);
    assertEquals(t, ItfReader.parse(json, "s"));
  }

  static Path resource(String name) throws URISyntaxException {
    return Path.of(ItfTest.class.getClassLoader().getResource(name).toURI());
  }

  @Test
  void fileEndsWithNewlineAndReadsBackFromDisk(@TempDir Path dir) throws Exception {
    Trace t = ItfReader.read(resource("itf/handwritten.itf.json"));
    Path out = dir.resolve("copy.itf.json");
    ItfWriter.write(t, out);
    String text = Files.readString(out);
    assertTrue(text.endsWith("\n"));
    assertEquals(t, ItfReader.read(out));
  }

  @Test
  void equalValuesOfDifferentStatesAreSharedWhenRead() throws Exception {
    Trace t = ItfReader.read(resource("itf/handwritten.itf.json"));
    Value fds1 = t.states().get(1).get("fds");
    Value fds2 = t.states().get(2).get("fds");
    assertEquals(fds1, fds2);
    assertTrue(fds1 == fds2, "one object for the repeated value");
  }
}
