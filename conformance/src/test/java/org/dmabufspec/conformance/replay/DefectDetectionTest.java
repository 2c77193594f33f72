package org.dmabufspec.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmabufspec.conformance.reference.ModelConstants;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Defect;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Replay has teeth: a reference with a deliberate {@link Defect} disagrees with at least one
 * generated trace. Each test names the trace and step that caught the defect.
 */
class DefectDetectionTest {

  /** Where each defect can show: the trace models whose behaviours reach it. */
  private static final Map<Defect, List<String>> MODELS = Map.of(
      Defect.RELEASE_ON_SECOND_TO_LAST_PUT, TraceGeneration.TRACE_MODELS,
      // needs a stricter importer attaching after a map: only the seed model has two importers
      Defect.MIGRATE_WHILE_MAPPED, List.of("MCDmaBufTrace.cfg"),
      // needs three pages in one context's reach: see KmapTraceModel
      Defect.THIRD_ATOMIC_KMAP, List.of(KmapTraceModel.CFG),
      Defect.LLSEEK_ACCEPTS_SEEK_CUR, TraceGeneration.TRACE_MODELS,
      Defect.EXEC_KEEPS_CLOEXEC, TraceGeneration.TRACE_MODELS);

  @TestFactory
  Stream<DynamicTest> everyDefectIsCaughtByAGeneratedTrace() {
    return Stream.of(Defect.values()).map(d -> DynamicTest.dynamicTest(d.name(), () -> {
      Mismatch caught = null;
      for (String cfg : MODELS.get(d)) {
        caught = firstMismatch(cfg, d);
        if (caught != null) {
          break;
        }
      }
      assertNotNull(caught, () -> d + " was not caught by any trace of " + MODELS.get(d));
      System.out.println(d + " caught:\n" + caught.report());
    }));
  }

  /** The kmap model, which only the defect test uses, conforms too (without defects). */
  @Test
  void theKmapModelReplaysOnTheCorrectReference() {
    TraceGeneration.Generated g = KmapTraceModel.generated();
    Replayer r = new Replayer(t -> new ReferenceTarget(config(KmapTraceModel.CFG)));
    ReplaySummary s = new ReplaySummary();
    for (int k = 0; k < g.traces(); k++) {
      s.add(r.replay(g.fileName(k), g.trace(k)));
    }
    assertEquals(0, s.mismatches(), s::report);
    assertEquals(g.steps(), s.replayed(), s::report);
  }

  private static Mismatch firstMismatch(String cfg, Defect d) {
    TraceGeneration.Generated g = cfg.equals(KmapTraceModel.CFG) ? KmapTraceModel.generated()
        : GeneratedTraces.of(cfg);
    Config config = config(cfg).withDefects(d);
    Replayer r = new Replayer(t -> new ReferenceTarget(config));
    for (int k = 0; k < g.traces(); k++) {
      TraceResult res = r.replay(g.fileName(k), g.trace(k));
      if (res.mismatch() != null) {
        return res.mismatch();
      }
    }
    return null;
  }

  private static Config config(String cfg) {
    if (cfg.equals(KmapTraceModel.CFG)) {
      try {
        return ModelConstants.read(KmapTraceModel.modelDir(), cfg).toConfig();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ReferenceTarget.configFor(cfg);
  }
}
