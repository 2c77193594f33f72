package org.dmabufspec.conformance.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.CorpusReader;
import org.dmabufspec.traces.Trace;
import org.dmabufspec.traces.TraceSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed corpus ({@code traces/corpus/seed}, {@code traces/corpus/modern}: short traces,
 * one for each action/outcome pair of its trace model) still replays on the reference, and still
 * represents its model. When the spec changes, regenerate it with {@code ./dmabuf corpus}.
 */
class CorpusTest {

  static final Path CORPUS = Path.of("..", "traces", "corpus");

  @ParameterizedTest
  @CsvSource({"seed, MCDmaBufTrace.cfg", "modern, MCDmaBufTraceModern.cfg"})
  void theCorpusReplaysOnTheReference(String folder, String cfg) throws IOException {
    TraceSet set = CorpusReader.read(CORPUS.resolve(folder));
    assertFalse(set.traces().isEmpty());
    Replayer r = new Replayer(t -> ReferenceTarget.forModel(t.meta().modelConfig()));
    for (int i = 0; i < set.traces().size(); i++) {
      Trace t = set.traces().get(i);
      assertEquals(cfg, t.meta().modelConfig());
      assertEquals(folder, t.meta().profile());
      TraceResult res = r.replay(folder + "/" + i, t);
      assertNull(res.mismatch(), res::toString);
      assertEquals(t.length(), res.replayed());
    }
  }

  @ParameterizedTest
  @CsvSource({"seed, MCDmaBufTrace.cfg", "modern, MCDmaBufTraceModern.cfg"})
  void theCorpusReachesEveryActionAndOutcomeOfItsModel(String folder, String cfg) throws IOException {
    Set<String> corpus = new TreeSet<>();
    for (Trace t : CorpusReader.read(CORPUS.resolve(folder)).traces()) {
      t.states().forEach(s -> corpus.add(CorpusSelector.pair(s)));
    }
    Set<String> model = new TreeSet<>();
    for (Map<String, Value> s : GeneratedTraces.of(cfg).graph().states().values()) {
      ActionCall c = ActionCall.ofState(s);
      model.add(c.name() + "/" + c.outcome());
    }
    Set<String> missing = new TreeSet<>(model);
    missing.removeAll(corpus);
    assertTrue(missing.isEmpty(), () -> "the corpus of " + cfg + " lacks " + missing
        + ": the spec changed, regenerate the corpus with ./dmabuf corpus");
    Set<String> extra = new TreeSet<>(corpus);
    extra.removeAll(model);
    assertTrue(extra.isEmpty(), () -> "the corpus of " + cfg + " has calls the model no longer "
        + "makes: " + extra + "; regenerate it with ./dmabuf corpus");
  }
}
