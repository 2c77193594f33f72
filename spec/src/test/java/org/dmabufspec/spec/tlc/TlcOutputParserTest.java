package org.dmabufspec.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlcOutputParserTest {

  private static TlcOutputParser feed(String output) {
    TlcOutputParser p = new TlcOutputParser();
    output.lines().forEach(p::accept);
    p.finish();
    return p;
  }

  @Test
  void splitsMessagesAndUntaggedLines() {
    List<TlcMessage> seen = new ArrayList<>();
    TlcOutputParser p = new TlcOutputParser(seen::add);
    String out = String.join("\n",
        "@!@!@STARTMSG 2220:0 @!@!@",
        "Starting SANY...",
        "@!@!@ENDMSG 2220 @!@!@",
        "Parsing file /x/Counter.tla",
        "@!@!@STARTMSG 2217:4 @!@!@",
        "1: <Initial predicate>",
        "/\\ x = 0",
        "",
        "@!@!@ENDMSG 2217 @!@!@");
    out.lines().forEach(p::accept);
    p.finish();
    assertEquals(List.of(new TlcMessage(2220, 0, "Starting SANY..."),
        new TlcMessage(2217, 4, "1: <Initial predicate>\n/\\ x = 0\n")), p.messages());
    assertEquals(p.messages(), seen);
    assertEquals(List.of("Parsing file /x/Counter.tla"), p.untaggedLines());
  }

  @Test
  void markersInsideLinesAndUnterminatedMessages() {
    TlcOutputParser p = feed(String.join("\n",
        "noise@!@!@STARTMSG 2185:0 @!@!@Starting...",
        "@!@!@STARTMSG 2200:0 @!@!@",
        "Progress(1)",
        "@!@!@ENDMSG 2200 @!@!@tail@!@!@ENDMSG 2185 @!@!@",
        "@!@!@STARTMSG 2110:1 @!@!@",
        "Invariant X is violated."));
    assertEquals(List.of(new TlcMessage(2200, 0, "Progress(1)"),
        new TlcMessage(2185, 0, "Starting...\ntail"),
        new TlcMessage(2110, 1, "Invariant X is violated.")), p.messages());
    assertEquals(List.of("noise"), p.untaggedLines());
  }

  @Test
  void interpretsAnInvariantViolationCopiedFromTlc() {
    String out = String.join("\n",
        "@!@!@STARTMSG 2190:0 @!@!@",
        "Finished computing initial states: 2 distinct states generated at 2026-11-25 11:43:01.",
        "@!@!@ENDMSG 2190 @!@!@",
        "@!@!@STARTMSG 2110:1 @!@!@",
        "Invariant Small is violated.",
        "@!@!@ENDMSG 2110 @!@!@",
        "@!@!@STARTMSG 2121:1 @!@!@",
        "The behavior up to this point is:",
        "@!@!@ENDMSG 2121 @!@!@",
        "@!@!@STARTMSG 2217:4 @!@!@",
        "1: <Initial predicate>",
        "/\\ x = 0",
        "/\\ y = 0",
        "",
        "@!@!@ENDMSG 2217 @!@!@",
        "@!@!@STARTMSG 2217:4 @!@!@",
        "2: <IncX line 7, col 9 to line 7, col 84 of module Counter>",
        "/\\ x = 1",
        "/\\ y = 0",
        "",
        "@!@!@ENDMSG 2217 @!@!@",
        "@!@!@STARTMSG 2199:0 @!@!@",
        "12,345 states generated, 1,008 distinct states found, 1 states left on queue.",
        "@!@!@ENDMSG 2199 @!@!@",
        "@!@!@STARTMSG 2194:0 @!@!@",
        "The depth of the complete state graph search is 3.",
        "@!@!@ENDMSG 2194 @!@!@");
    TlcOutputParser p = feed(out);
    TlcResult r = new TlcOutputInterpreter(p.messages(), p.untaggedLines(), List.of())
        .result(Duration.ofMillis(5), 12, null, null, out);
    assertEquals(TlcOutcome.INVARIANT_VIOLATED, r.outcome());
    assertEquals("Small", r.violatedProperty());
    assertEquals(2, r.counterexample().size());
    assertEquals("IncX", r.counterexample().get(1).actionName());
    assertEquals(12_345, r.statesGenerated());
    assertEquals(1_008, r.distinctStates());
    assertEquals(2, r.initialStates());
    assertEquals(12_343, r.edges());
    assertEquals(3, r.searchDepth());
    assertNull(r.errorMessage());
  }

  @Test
  void unparsableTraceStateBecomesAWarningNotAFailure() {
    String out = String.join("\n",
        "@!@!@STARTMSG 2114:1 @!@!@",
        "Deadlock reached.",
        "@!@!@ENDMSG 2114 @!@!@",
        "@!@!@STARTMSG 2217:4 @!@!@",
        "1: <Initial predicate>",
        "/\\ s = [x \\in {1} |-> SUBSET {1}]",
        "@!@!@ENDMSG 2217 @!@!@");
    TlcOutputParser p = feed(out);
    TlcResult r = new TlcOutputInterpreter(p.messages(), p.untaggedLines(), List.of())
        .result(Duration.ZERO, 11, null, null, out);
    assertEquals(TlcOutcome.DEADLOCK, r.outcome());
    assertEquals(1, r.counterexample().size());
    assertTrue(r.counterexample().get(0).vars().isEmpty());
    assertTrue(r.warnings().get(0).contains("could not parse counterexample state 1"),
        r.warnings().toString());
  }

  @Test
  void noVerdictIsAnError() {
    TlcOutputParser p = feed("@!@!@STARTMSG 2185:0 @!@!@\nStarting...\n@!@!@ENDMSG 2185 @!@!@");
    TlcResult r = new TlcOutputInterpreter(p.messages(), p.untaggedLines(), List.of())
        .result(Duration.ZERO, 0, null, null, "");
    assertEquals(TlcOutcome.ERROR, r.outcome());
    assertTrue(r.errorMessage().contains("without a verdict"), r.errorMessage());
  }
}
