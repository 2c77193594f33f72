package org.dmabufspec.conformance.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.dmabufspec.spec.tlc.TlcRunner;

/**
 * The traces of the trace models, generated once per test JVM and shared by the test classes;
 * TLC's state graphs are cached in {@code target/trace-cache} (keyed by a hash of the spec files),
 * so that a second build from the same spec skips TLC.
 */
final class GeneratedTraces {
  private GeneratedTraces() {}

  /** The module's {@code target/trace-cache}, whether run from the module or from the root. */
  static final Path CACHE = (java.nio.file.Files.isRegularFile(Path.of("conformance", "pom.xml"))
      ? Path.of("conformance") : Path.of("")).resolve("target").resolve("trace-cache");

  private static final Map<String, TraceGeneration.Generated> MEMO = new ConcurrentHashMap<>();

  /** The generated traces of {@code cfg}, a trace model. */
  static TraceGeneration.Generated of(String cfg) {
    synchronized (GeneratedTraces.class) {
      return MEMO.computeIfAbsent(cfg, c -> {
        try {
          long t0 = System.nanoTime();
          TraceGeneration.Generated g = new TraceGeneration(new TlcRunner(), null,
              TraceGeneration.DEFAULT_SEED, 2, CACHE).generate(c, line -> { });
          System.out.printf("%s: %d states, %d edges, %d traces, %d steps (%s) in %.1f s%n", c,
              g.graph().states().size(), g.graph().edges().size(), g.traces(), g.steps(),
              g.fromCache() ? "graph from the cache" : "TLC ran", (System.nanoTime() - t0) / 1e9);
          return g;
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      });
    }
  }
}
