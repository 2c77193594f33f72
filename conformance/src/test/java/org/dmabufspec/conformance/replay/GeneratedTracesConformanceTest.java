package org.dmabufspec.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Conformance of the Java reference to the spec: every trace generated from the trace models
 * (every edge of their state graphs) replays against {@link ReferenceTarget} without a mismatch.
 */
class GeneratedTracesConformanceTest {

  @TestFactory
  List<DynamicNode> everyGeneratedTraceReplaysOnTheReference() {
    List<DynamicNode> models = new ArrayList<>();
    for (String cfg : TraceGeneration.TRACE_MODELS) {
      TraceGeneration.Generated g = GeneratedTraces.of(cfg);
      Replayer replayer = new Replayer(t -> ReferenceTarget.forModel(t.meta().modelConfig()));
      List<DynamicNode> tests = new ArrayList<>();
      tests.add(DynamicTest.dynamicTest("the traces cover every edge", () -> {
        assertTrue(g.cover().report().complete(), g.cover().report()::summary);
        assertEquals(g.graph().edges().size(), g.cover().report().coveredEdges());
        assertTrue(g.traces() > 0);
      }));
      IntStream.range(0, g.traces()).forEach(k -> tests.add(DynamicTest.dynamicTest(g.fileName(k),
          () -> {
            TraceResult r = replayer.replay(g.fileName(k), g.trace(k));
            assertNull(r.mismatch(), r::toString);
            assertEquals(r.steps(), r.replayed(), r::toString);
          })));
      models.add(DynamicContainer.dynamicContainer(cfg + " (" + g.profile() + ")", tests));
    }
    return models;
  }
}
