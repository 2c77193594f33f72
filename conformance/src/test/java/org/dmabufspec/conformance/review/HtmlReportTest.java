package org.dmabufspec.conformance.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class HtmlReportTest {

  static Step step(int n, String name, String outcome, String... args) {
    List<String> a = List.of(args);
    return CallFormatter.format(n, name, a, outcome, outcome.equals("fd") ? 3 : 0);
  }

  static List<Step> mapWithoutStall() {
    return List.of(step(1, "DmaBufExport", "ok", "b1"),
        step(2, "DmaBufFd", "fd", "p1", "b1", "FALSE"),
        step(3, "DmaBufGet", "ok", "d1", "p1", "3"),
        step(4, "DmaBufAttach", "attachment", "d1", "b1"),
        step(5, "DmaBufMapAttachment", "sg_table", "d1", "b1", "DMA_BIDIRECTIONAL"),
        step(6, "DmaBufGet", "ok", "d2", "p1", "3"),
        step(7, "DmaBufAttach", "attachment", "d2", "b1"),
        step(8, "DmaBufMapAttachment", "sg_table", "d2", "b1", "DMA_BIDIRECTIONAL"));
  }

  static Document parse(String html) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
  }

  static int count(String s, String sub) {
    int n = 0;
    for (int i = s.indexOf(sub); i >= 0; i = s.indexOf(sub, i + 1)) {
      n++;
    }
    return n;
  }

  @Test
  void oneSvgPerCounterexampleAndWellFormed() throws Exception {
    Counterexample a = new Counterexample("MappedConstraintsInv", "every mapping sits on storage its device accepts",
        mapWithoutStall(), -1, false, null);
    Counterexample b = new Counterexample("ReleaseProp", "a released <buffer> & \"more\"",
        List.of(step(1, "DmaBufExport", "ok", "b1"), step(2, "DmaBufFd", "EMFILE", "p1", "b1", "TRUE")),
        0, false, null);
    ReviewResult r = new ReviewResult(Policy.parse("demo", "alloc=at_first_map\nbugs=MapIgnoresMigration"),
        "tiny", List.of("TypeOK", "RefcountInv"), List.of(a, b), 42, 2, Duration.ofSeconds(3));
    String html = HtmlReport.review(r);
    Document doc = parse(html);
    assertEquals(2, doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "svg").getLength());
    assertEquals(2, count(html, "<svg "));
    assertTrue(html.contains("8. dma_buf_map_attachment(d2, b1, DMA_BIDIRECTIONAL)"));
    assertTrue(html.contains("a released &lt;buffer&gt; &amp; &quot;more&quot;"));
    assertTrue(html.contains("2 of 4 properties hold"));
    assertFalse(html.contains("http://") && html.contains("<script"), "no scripts");
    assertFalse(html.contains("<script"));
    assertFalse(html.replace("http://www.w3.org/", "").contains("http"), "no network references");
  }

  @Test
  void sequenceDiagramHasOneArrowPerCallAndTheLifelines() throws Exception {
    Counterexample c = Counterexample.of("MappedConstraintsInv", mapWithoutStall());
    String svg = HtmlReport.sequenceDiagram(c);
    parse(svg);
    assertEquals(8, count(svg, "<g class=\"step\">"));
    for (String l : List.of("kernel (dma-buf core)", "exporter", "importer d1", "importer d2")) {
      assertTrue(svg.contains(">" + l + "<"), "lifeline " + l);
    }
    assertEquals(List.of("kernel", "exporter", "d1", "d2"), HtmlReport.lifelines(c.steps()));
    List<Step> withClose = new java.util.ArrayList<>(c.steps());
    withClose.add(step(9, "FdClose", "ok", "p1", "3"));
    assertEquals(List.of("p1", "kernel", "exporter", "d1", "d2"), HtmlReport.lifelines(withClose));
    assertTrue(HtmlReport.sequenceDiagram(Counterexample.of("X", withClose)).contains(">process p1<"));
    assertTrue(svg.contains("violates MappedConstraintsInv"));
  }

  static StateGraph chain(int n) {
    Map<Long, Map<String, Value>> states = new HashMap<>();
    List<StateGraph.Edge> edges = new ArrayList<>();
    for (long i = 1; i <= n; i++) {
      states.put(i, Map.of("lastAction", Values.record("name", Values.str("DmaBufExport"),
          "args", Values.tuple(Values.str("b" + i)), "outcome", Values.str("ok"), "ret", Values.num(0))));
      if (i > 1) {
        edges.add(new StateGraph.Edge(i - 1, i, "DmaBufExport"));
        edges.add(new StateGraph.Edge(1, i, "DmaBufExport"));
      }
    }
    return new StateGraph(states, Set.of(1L), edges);
  }

  @Test
  void smallStateGraphIsDrawnLargeIsNot() throws Exception {
    String small = HtmlReport.stateGraph(chain(12));
    parse(small);
    assertEquals(12, count(small, "<circle "));
    String large = HtmlReport.stateGraph(chain(HtmlReport.MAX_GRAPH_STATES + 1));
    assertFalse(large.contains("<svg"));
    Counterexample c = new Counterexample("X", "", mapWithoutStall(), -1, false, chain(5));
    String page = HtmlReport.counterexamplePage("check failed", c);
    parse(page);
    assertEquals(2, count(page, "<svg "));
  }
}
