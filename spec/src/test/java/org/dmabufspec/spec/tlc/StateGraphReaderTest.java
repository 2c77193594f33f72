package org.dmabufspec.spec.tlc;

import static org.dmabufspec.spec.value.Values.num;
import static org.dmabufspec.spec.value.Values.record;
import static org.dmabufspec.spec.value.Values.set;
import static org.dmabufspec.spec.value.Values.str;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dmabufspec.spec.value.Value;
import org.junit.jupiter.api.Test;

class StateGraphReaderTest {

  /** Lines as TLC 2.18 wrote them with {@code -dump dot,actionlabels,colorize}, trimmed. */
  private static final String COLORIZED = String.join("\n",
      "strict digraph DiskGraph {",
      "edge [colorscheme=\"paired12\"]",
      "nodesep=0.35;",
      "subgraph cluster_graph {",
      "color=\"white\";",
      "7968233683369436882 [label=\"/\\\\ f = <<>>\\n/\\\\ x = 0\\n/\\\\ big = ( p1 :> [cnt |-> 0,"
          + " name |-> \\\"l1\\\\nl2\\\\ttab\\\"] @@\\n  p2 :> [cnt |-> 0, name |-> \\\"\\\"] )\","
          + "style = filled]",
      "7968233683369436882 -> 7968233683369436882 [label=\"Stay\",color=\"2\",fontcolor=\"2\"];",
      "7968233683369436882 -> -5725760798193382116 [label=\"Inc\",color=\"3\",fontcolor=\"3\"];",
      "-5725760798193382116 [label=\"/\\\\ f = (0 :> <<p1, 0, {}>>)\\n/\\\\ x = 1\\n/\\\\ big = "
          + "( p1 :> [cnt |-> 1, name |-> \\\"a\\\\\\\"b\\\\\\\\c\\\"] @@\\n  p2 :> [cnt |-> 0, "
          + "name |-> \\\"\\\"] )\"];",
      "-5725760798193382116 -> -5725760798193382116 [label=\"Stay\",color=\"2\",fontcolor=\"2\"];",
      "-5725760798193382116 -> 7968233683369436882 [label=\"Dec\",color=\"4\",fontcolor=\"4\"];",
      "7968233683369436882 -> -5725760798193382116 [label=\"Inc\",color=\"3\",fontcolor=\"3\"];",
      "{rank = same; 7968233683369436882;}",
      "{rank = same; -5725760798193382116;}",
      "}",
      "subgraph cluster_legend {graph[style=bold];label = \"Next State Actions\" style=\"solid\"",
      "node [ labeljust=\"l\",colorscheme=\"paired12\",style=filled,shape=record ]",
      "Stay [label=\"Stay\",fillcolor=2]",
      "Inc [label=\"Inc\",fillcolor=3]",
      "}}");

  private static StateGraph read(String dot) throws IOException {
    return new StateGraphReader().read(new StringReader(dot));
  }

  @Test
  void readsNodesEdgesAndInitialStates() throws IOException {
    StateGraph g = read(COLORIZED);
    assertEquals(Set.of(7968233683369436882L, -5725760798193382116L), g.states().keySet());
    assertEquals(Set.of(7968233683369436882L), g.initial());
    assertEquals(List.of(
        new StateGraph.Edge(7968233683369436882L, 7968233683369436882L, "Stay"),
        new StateGraph.Edge(7968233683369436882L, -5725760798193382116L, "Inc"),
        new StateGraph.Edge(-5725760798193382116L, -5725760798193382116L, "Stay"),
        new StateGraph.Edge(-5725760798193382116L, 7968233683369436882L, "Dec")),
        g.edges(), "the repeated Inc edge is counted once; legend nodes are ignored");
  }

  @Test
  void undoesDotEscapesAndParsesStates() throws IOException {
    StateGraph g = read(COLORIZED);
    Map<String, Value> s0 = g.state(7968233683369436882L);
    assertEquals(List.of("f", "x", "big"), List.copyOf(s0.keySet()), "printed order");
    assertEquals(num(0), s0.get("x"));
    Value.Fun big = (Value.Fun) s0.get("big");
    assertEquals(record("cnt", num(0), "name", str("l1\nl2\ttab")),
        big.apply(new Value.ModelValue("p1")));
    Map<String, Value> s1 = g.state(-5725760798193382116L);
    Value.Fun big1 = (Value.Fun) s1.get("big");
    assertEquals(str("a\"b\\c"), ((Value.Record) big1.apply(new Value.ModelValue("p1"))).get("name"));
    assertEquals(Map.of("f", s1.get("f"), "x", num(1), "big", big1), s1, "Map equality");
  }

  @Test
  void singleVariableLabelsAndStutteringLoops() throws IOException {
    String dot = String.join("\n",
        "strict digraph DiskGraph {",
        "nodesep=0.35;",
        "subgraph cluster_graph {",
        "color=\"white\";",
        "5700990353366856051 [label=\"x = 0\",style = filled]",
        "5700990353366856051 -> -2582269893410769720 [label=\"A\",color=\"black\",fontcolor=\"black\"];",
        "-2582269893410769720 [label=\"x = 1\"];",
        "5700990353366856051 -> 5700990353366856051 [style=\"dashed\"];",
        "-2582269893410769720 -> -2582269893410769720 [label=\"B\",color=\"black\",fontcolor=\"black\"];",
        "-2582269893410769720 -> -2582269893410769720 [style=\"dashed\"];",
        "{rank = same; 5700990353366856051;}",
        "}",
        "}");
    StateGraph g = read(dot);
    assertEquals(Map.of("x", num(0)), g.state(5700990353366856051L));
    assertEquals(2, g.edges().size(), "dashed stuttering loops are not transitions");
    assertTrue(g.edges().stream().noneMatch(e -> e.action().equals(StateGraphReader.STUTTERING)));

    StateGraph withLoops = new StateGraphReader().includeStuttering(true)
        .read(new StringReader(dot));
    assertEquals(4, withLoops.edges().size());
    assertEquals(2, withLoops.edges().stream()
        .filter(e -> e.action().equals(StateGraphReader.STUTTERING)).count());
  }

  @Test
  void edgesWithoutActionLabels() throws IOException {
    String dot = String.join("\n",
        "strict digraph DiskGraph {",
        "-9178239359902192697 [label=\"x = 0\",style = filled]",
        "-9178239359902192697 -> -1502002456464994612 [label=\"\",color=\"black\",fontcolor=\"black\"];",
        "-1502002456464994612 [label=\"x = {1, 2}\"];",
        "-1502002456464994612 -> -9178239359902192697;",
        "}");
    StateGraph g = read(dot);
    assertEquals(set(num(1), num(2)), g.state(-1502002456464994612L).get("x"));
    assertEquals(List.of("", ""), g.edges().stream().map(StateGraph.Edge::action).toList());
  }

  @Test
  void emptyGraph() throws IOException {
    StateGraph g = read("strict digraph DiskGraph {\nnodesep=0.35;\n}\n}");
    assertTrue(g.states().isEmpty());
    assertTrue(g.edges().isEmpty());
  }

  @Test
  void truncatedOrBrokenFilesAreReportedWithTheLine() {
    IOException e = assertThrows(IOException.class,
        () -> read("digraph {\n1 [label=\"x = 0\",style = filled]\n2 [label=\"x = "));
    assertTrue(e.getMessage().contains(":3:"), e.getMessage());
    assertTrue(e.getMessage().contains("unterminated"), e.getMessage());

    e = assertThrows(IOException.class,
        () -> read("1 [label=\"x = 0\",style = filled]\n1 -> 2 [label=\"A\"];\n"));
    assertTrue(e.getMessage().contains("without a label"), e.getMessage());

    e = assertThrows(IOException.class, () -> read("1 [label=\"x = {\"];\n"));
    assertTrue(e.getMessage().contains(":1:") && e.getMessage().contains("bad state"),
        e.getMessage());

    e = assertThrows(IOException.class,
        () -> read("1 [label=\"x = 0\"];\n1 [label=\"x = 0\"];\n"));
    assertTrue(e.getMessage().contains("twice"), e.getMessage());
  }
}
