package org.dmabufspec.spec.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The historical kernel bugs of spec/HISTORY.md: each history model (spec/history/NAME.cfg, bug
 * toggle NAME) must be rejected by TLC with a counterexample of the property its header names,
 * and the same model without the toggle must hold (so the verdict comes from the bug).
 */
class HistoryBugsTest {

  private static final Pattern HEADER = Pattern.compile("^\\\\\\* Must fail (\\w+):");

  @TempDir Path scratch;

  static Path specDir() {
    Path dir = Path.of("").toAbsolutePath();
    if (!Files.exists(dir.resolve("DmaBufHistory.tla"))) {
      throw new IllegalStateException("DmaBufHistory.tla not found in " + dir + ": run from spec/");
    }
    return dir;
  }

  static List<Path> historyConfigs() throws IOException {
    try (Stream<Path> files = Files.list(specDir().resolve("history"))) {
      return files.filter(p -> p.toString().endsWith(".cfg")).sorted().toList();
    }
  }

  static String expectedProperty(String cfgText) {
    Matcher m = HEADER.matcher(cfgText);
    assertTrue(m.find(), "a history model must start with '\\* Must fail <Property>:'");
    return m.group(1);
  }

  static String toggle(Path cfg) {
    String f = cfg.getFileName().toString();
    return f.substring(0, f.length() - ".cfg".length());
  }

  /** Runs MCDmaBufHistory on {@code cfgText} in a copy of the spec's modules. */
  private TlcResult run(String cfgText, String name) throws Exception {
    Path dir = Files.createDirectories(scratch.resolve(name));
    try (Stream<Path> files = Files.list(specDir())) {
      for (Path tla : files.filter(p -> p.toString().endsWith(".tla")).toList()) {
        Files.copy(tla, dir.resolve(tla.getFileName()));
      }
    }
    Files.writeString(dir.resolve("model.cfg"), cfgText);
    TlcOptions options = TlcOptions.builder("MCDmaBufHistory").modelDir(dir)
        .config("model.cfg").workers(1).checkDeadlock(false)
        .timeout(Duration.ofMinutes(6)).build();
    TlcResult r = new TlcRunner().run(options);
    if (r.outcome() == TlcOutcome.ERROR
        && r.rawOutput().contains("Cannot find source file for module")) {
      r = new TlcRunner().run(options); // SANY's standard modules raced another TLC in /tmp
    }
    return r;
  }

  @Test
  void atLeastTenHistoricalBugsAndAllInTheTable() throws IOException {
    List<Path> cfgs = historyConfigs();
    // + FdFailLeaks, whose model is the existing MCDmaBuf_ReleaseProp_bug.cfg
    assertTrue(cfgs.size() + 1 >= 10, "expected at least 10 historical bugs: " + cfgs);
    String table = Files.readString(specDir().resolve("HISTORY.md"));
    List<String> missing = new ArrayList<>();
    for (Path cfg : cfgs) {
      if (!table.contains("`" + toggle(cfg) + "`")) {
        missing.add(toggle(cfg));
      }
    }
    assertTrue(table.contains("`FdFailLeaks`"));
    assertTrue(missing.isEmpty(), "HISTORY.md does not list " + missing);
  }

  @TestFactory
  Stream<DynamicTest> everyHistoricalBugIsCaught() throws IOException {
    return historyConfigs().stream().map(cfg -> DynamicTest.dynamicTest(toggle(cfg), () -> {
      String text = Files.readString(cfg);
      String property = expectedProperty(text);
      TlcResult result = run(text, toggle(cfg));
      assertEquals(TlcOutcome.INVARIANT_VIOLATED, result.outcome(),
          () -> result.summary() + "\n" + result.rawOutput());
      assertEquals(property, result.violatedProperty());
      assertFalse(result.counterexample().isEmpty(), "a violation needs a counterexample");
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyPropertyHoldsWithoutItsBug() throws IOException {
    return historyConfigs().stream().map(cfg -> DynamicTest.dynamicTest(toggle(cfg), () -> {
      String text = Files.readString(cfg);
      String fixed = text.replace("\"" + toggle(cfg) + "\", ", "")
          .replace(", \"" + toggle(cfg) + "\"", "").replace("\"" + toggle(cfg) + "\"", "");
      assertFalse(fixed.contains("\"" + toggle(cfg) + "\""));
      TlcResult result = run(fixed, toggle(cfg) + "-fixed");
      assertEquals(TlcOutcome.SUCCESS, result.outcome(),
          () -> result.summary() + "\n" + result.rawOutput());
    }));
  }

  /** FdFailLeaks (udmabuf's leak when dma_buf_fd fails) reuses the spec's own bug model. */
  @Test
  void fdFailLeaksIsCaughtByItsBugModel() throws Exception {
    TlcResult result = new TlcRunner().run(TlcOptions.builder("MCDmaBufBug")
        .modelDir(specDir()).config("MCDmaBuf_ReleaseProp_bug.cfg")
        .workers(1).timeout(Duration.ofMinutes(5)).build());
    assertEquals(TlcOutcome.PROPERTY_VIOLATED, result.outcome(), result::summary);
    assertEquals("ReleaseProp", result.violatedProperty());
    assertTrue(Files.readString(specDir().resolve("MCDmaBuf_ReleaseProp_bug.cfg"))
        .contains("\"FdFailLeaks\""));
  }
}
