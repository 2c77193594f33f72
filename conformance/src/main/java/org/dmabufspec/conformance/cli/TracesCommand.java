package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dmabufspec.conformance.replay.TraceGeneration;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.traces.CoverageReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dmabuf traces}: generates the edge-covering traces of the trace models as ITF files. */
@Command(name = "traces", mixinStandardHelpOptions = true,
    description = {"Generate traces that cover every edge of a trace model's state graph and write",
        "them as ITF files (one per trace) into OUT/<model>/."})
public class TracesCommand implements Callable<Integer> {

  @Option(names = "--model", paramLabel = "X.cfg", split = ",",
      description = "trace models (default: MCDmaBufTrace.cfg,MCDmaBufTraceModern.cfg)")
  List<String> models = TraceGeneration.TRACE_MODELS;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "conformance/target/traces",
      description = "where to write (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
      description = "the generator's seed (default: ${DEFAULT-VALUE})")
  long seed;

  @Option(names = "--gzip", description = "write .itf.json.gz (the traces of one model take "
      + "about 1.5 GB uncompressed)")
  boolean gzip;

  @Mixin
  CheckCommand.Common common;

  @Override
  public Integer call() throws Exception {
    PrintWriter o = common.out();
    TraceGeneration gen = new TraceGeneration(new TlcRunner(), common.specDir(), seed,
        common.workers, common.cache);
    for (String cfg : models) {
      TraceGeneration.Generated g = gen.generate(cfg, Progress.pipeline(o));
      Path dir = out.resolve(cfg.replace(".cfg", ""));
      o.println("  writing " + g.traces() + " traces into " + dir + " ...");
      o.flush();
      long t1 = System.nanoTime();
      long bytes = g.write(dir, gzip, line -> {
        o.println("    " + line);
        o.flush();
      });
      long t2 = System.nanoTime();
      CoverageReport r = g.cover().report();
      o.printf(Locale.ROOT, "%s (%s profile): %,d states, %,d edges, %,d covered, %,d traces, "
              + "%,d steps, steps/edges %.3f; TLC %.1f s, generation %.1f s, writing %.1f s (%,d MB)%n",
          cfg, g.profile(), g.graph().states().size(), r.edges(), r.coveredEdges(), r.traces(),
          r.totalSteps(), r.ratio(), g.tlcTime().toMillis() / 1000.0,
          g.generationTime().toMillis() / 1000.0, (t2 - t1) / 1e9, bytes >> 20);
      o.flush();
      if (!r.complete()) {
        common.err().println("dmabuf traces: " + (r.edges() - r.coveredEdges())
            + " edges of " + cfg + " are not covered: " + r.uncovered().get(0));
        return 1;
      }
    }
    return 0;
  }
}
