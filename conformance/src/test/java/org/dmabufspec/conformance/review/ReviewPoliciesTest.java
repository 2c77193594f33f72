package org.dmabufspec.conformance.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every shipped policy (policies/ at the repository root) gets its expected verdict. */
class ReviewPoliciesTest {

  /** Policy name to the properties it must break; empty: everything holds. */
  static final Map<String, List<String>> EXPECTED = Map.of(
      "guide-exporter", List.of(),
      "allocate-at-export", List.of(),
      "v5-migrating-exporter", List.of(),
      "map-without-stall", List.of("MappedConstraintsInv"),
      "eager-migration", List.of("NoMigrationWhileMappedInv"));

  @TempDir Path tmp;

  static Path policiesDir() {
    for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
      if (Files.isDirectory(d.resolve("policies")) && Files.exists(d.resolve("pom.xml"))) {
        return d.resolve("policies");
      }
    }
    throw new IllegalStateException("policies/ not found above " + Path.of("").toAbsolutePath());
  }

  static List<Path> policies() throws IOException {
    try (Stream<Path> s = Files.list(policiesDir())) {
      return s.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
    }
  }

  @Test
  void everyShippedPolicyHasAnExpectedVerdict() throws IOException {
    List<String> names = policies().stream()
        .map(p -> p.getFileName().toString().replace(".properties", "")).toList();
    assertEquals(EXPECTED.keySet().stream().sorted().toList(), names.stream().sorted().toList());
    assertTrue(EXPECTED.values().stream().filter(List::isEmpty).count() >= 2, "several that hold");
    assertTrue(EXPECTED.values().stream().anyMatch(l -> !l.isEmpty()), "one that breaks");
  }

  @TestFactory
  Stream<DynamicTest> reviewGivesTheExpectedVerdict() throws IOException {
    return policies().stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
      Policy policy = Policy.load(file);
      ReviewResult r = new Review(Duration.ofMinutes(4), s -> { }).review(policy);
      List<String> expected = EXPECTED.get(policy.name());
      List<String> failed = r.failures().stream().map(Counterexample::property).toList();
      assertEquals(expected.stream().sorted().toList(), failed.stream().sorted().toList(), r::text);
      assertEquals(Review.INVARIANTS.size() + Review.TEMPORAL.size(), r.holding().size() + failed.size());
      for (Counterexample c : r.failures()) {
        assertFalse(c.steps().isEmpty());
        assertTrue(c.steps().get(0).line().startsWith("1. dma_buf_export(b1)"), r::text);
      }
      String html = HtmlReport.review(r);
      DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new java.io.ByteArrayInputStream(html.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      assertEquals(r.failures().size(), html.split("<svg class=\"seq\"|<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"seq\"", -1).length - 1);
    }));
  }

  @Test
  void commandPrintsTheVerdictAndWritesTheReport() throws Exception {
    Path html = tmp.resolve("r.html");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new ReviewCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute(policiesDir().resolve("map-without-stall.properties").toString(),
        "--html", html.toString());
    assertEquals(1, code, () -> out + "\n" + err);
    assertTrue(out.toString().contains("FAILS  MappedConstraintsInv"), out::toString);
    assertTrue(out.toString().contains("dma_buf_map_attachment(d2, b1, DMA_BIDIRECTIONAL) -> sg_table"), out::toString);
    assertTrue(Files.readString(html).contains("<svg"));
  }
}
