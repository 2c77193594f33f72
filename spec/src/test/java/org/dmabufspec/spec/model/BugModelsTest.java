package org.dmabufspec.spec.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcOutcome;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every invariant and property of DmaBuf.tla can fail: its bug model (a bug toggle of the spec,
 * see MCDmaBufBug.tla) must be rejected by TLC with a counterexample of exactly that property.
 */
class BugModelsTest {

  @Test
  void everyPropertyHasABugModel() throws IOException {
    Set<String> withBugModel = ModelFiles.bugConfigs().stream()
        .map(ModelFiles::expectedProperty).collect(Collectors.toCollection(TreeSet::new));
    List<String> properties = ModelFiles.specProperties();
    assertTrue(properties.size() >= 16, "expected the spec's properties, found " + properties);
    for (String property : properties) {
      assertTrue(withBugModel.contains(property),
          property + " has no bug model MCDmaBuf_" + property + "_bug.cfg");
    }
  }

  @Test
  void everyBugModelNamesOneCheckedPropertyAndItsBug() throws IOException {
    for (Path cfg : ModelFiles.bugConfigs()) {
      String text = Files.readString(cfg);
      String property = ModelFiles.expectedProperty(cfg);
      assertTrue(text.startsWith("\\* Must fail " + property + ":"),
          cfg.getFileName() + " must say in its header which property fails and why");
      assertTrue(text.contains("BugName = \""), cfg.getFileName() + " must turn on a bug toggle");
      long checked = text.lines()
          .filter(l -> l.startsWith("INVARIANT") || l.startsWith("PROPERTY")).count();
      assertEquals(1, checked, cfg.getFileName() + " must check exactly one property");
    }
  }

  @TestFactory
  Stream<DynamicTest> tlcRejectsEveryBugModel() throws IOException {
    return ModelFiles.bugConfigs().stream().map(cfg -> DynamicTest.dynamicTest(
        cfg.getFileName().toString(), () -> {
          String property = ModelFiles.expectedProperty(cfg);
          TlcResult result = new TlcRunner().run(TlcOptions.builder("MCDmaBufBug")
              .modelDir(ModelFiles.specDir()).config(cfg.getFileName().toString())
              .workers(1).timeout(Duration.ofMinutes(5)).build());
          TlcOutcome expected = property.endsWith("Prop")
              ? TlcOutcome.PROPERTY_VIOLATED : TlcOutcome.INVARIANT_VIOLATED;
          assertEquals(expected, result.outcome(), () -> result.summary() + "\n"
              + result.rawOutput());
          assertEquals(property, result.violatedProperty());
          assertFalse(result.counterexample().isEmpty(), "a violation needs a counterexample");
        }));
  }
}
