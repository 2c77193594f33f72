package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.replay.CorpusSelector;
import org.dmabufspec.conformance.replay.TraceGeneration;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.traces.CorpusWriter;
import org.dmabufspec.traces.Trace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dmabuf corpus}: regenerates the small committed corpus of representative traces. */
@Command(name = "corpus", mixinStandardHelpOptions = true,
    description = {"Regenerate the committed corpus traces/corpus/{seed,modern}: for every",
        "action/outcome pair of each trace model, a shortest trace reaching it (pairs reached by",
        "a longer one chosen first get none of their own)."})
public class CorpusCommand implements Callable<Integer> {

  /** The corpus folder of each trace model. */
  static final Map<String, String> FOLDERS = Map.of(
      "MCDmaBufTrace.cfg", "seed", "MCDmaBufTraceModern.cfg", "modern");

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "traces/corpus",
      description = "the corpus root (default: ${DEFAULT-VALUE})")
  Path out;

  @Mixin
  CheckCommand.Common common;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = common.out();
    TraceGeneration gen = new TraceGeneration(new TlcRunner(), common.specDir(),
        TraceGeneration.DEFAULT_SEED, common.workers, common.cache);
    for (String cfg : TraceGeneration.TRACE_MODELS) {
      TraceGeneration.Generated g = gen.generate(cfg, Progress.pipeline(o));
      List<Trace> corpus = CorpusSelector.select(g.graph(),
          g.meta().withGenerator(CorpusSelector.class.getSimpleName()));
      Path dir = out.resolve(FOLDERS.get(cfg));
      CorpusWriter.write(dir, corpus);
      o.println(cfg + ": " + corpus.size() + " traces, "
          + corpus.stream().mapToInt(Trace::length).sum() + " steps, written to " + dir);
      o.flush();
    }
    return 0;
  }
}
