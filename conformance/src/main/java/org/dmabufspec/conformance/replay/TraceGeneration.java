package org.dmabufspec.conformance.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.dmabufspec.conformance.reference.ModelConstants;
import org.dmabufspec.spec.tlc.SpecResources;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.tlc.StateGraphReader;
import org.dmabufspec.spec.tlc.TlcOptions;
import org.dmabufspec.spec.tlc.TlcResult;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.traces.EdgeCover;
import org.dmabufspec.traces.EdgeCoverGenerator;
import org.dmabufspec.traces.TraceMeta;

/**
 * From a trace model to traces: TLC (forked, {@link TlcRunner}) explores the model with the
 * state graph dumped, {@link EdgeCoverGenerator} walks every edge of the graph, and each walk is
 * a trace whose {@code #meta} names the spec, the model config, the generator, the seed and the
 * kernel profile. The traces stay in memory ({@link Generated#trace}) unless written out
 * ({@link Generated#write}).
 *
 * <p>The trace models are {@link #TRACE_MODELS}, with root module {@code MCDmaBuf}. With a cache
 * directory, TLC's state graph is kept there (gzipped dot, named after the model and a hash of
 * every module and config of the spec), so that a second generation from unchanged spec files
 * skips TLC.
 */
public final class TraceGeneration {
  /** The trace models: the seed-era kernel, then the modern one. */
  public static final List<String> TRACE_MODELS =
      List.of("MCDmaBufTrace.cfg", "MCDmaBufTraceModern.cfg");
  /** The generator's default seed. */
  public static final long DEFAULT_SEED = 1;

  private final TlcRunner runner;
  private final Path modelDir;
  private final long seed;
  private final int workers;
  private final Path cacheDir;

  /**
   * @param runner forks TLC
   * @param modelDir where the spec's modules and configs are; null for the spec's packaged ones
   * @param seed the generator's seed
   * @param workers TLC workers
   * @param cacheDir where to keep state graphs between runs; null for none
   */
  public TraceGeneration(TlcRunner runner, Path modelDir, long seed, int workers, Path cacheDir) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.modelDir = modelDir;
    this.seed = seed;
    this.workers = workers;
    this.cacheDir = cacheDir;
  }

  /** Generation with the packaged spec, seed {@value #DEFAULT_SEED}, 2 workers, no cache. */
  public TraceGeneration() {
    this(new TlcRunner(), null, DEFAULT_SEED, 2, null);
  }

  /** The same generation with another cache directory (null for none). */
  public TraceGeneration withCache(Path dir) {
    return new TraceGeneration(runner, modelDir, seed, workers, dir);
  }

  /** The same generation with another seed. */
  public TraceGeneration withSeed(long s) {
    return new TraceGeneration(runner, modelDir, s, workers, cacheDir);
  }

  /**
   * Model-checks {@code cfg} with the state graph dumped and covers its edges.
   *
   * @param cfg a trace model config, e.g. {@code MCDmaBufTrace.cfg}
   * @param progress receives TLC's progress lines and the pipeline's own; may be null
   * @throws IllegalStateException when TLC does not complete successfully (the report says why)
   */
  public Generated generate(String cfg, Consumer<String> progress)
      throws IOException, InterruptedException {
    return generate(ModelConstants.ROOT_MODULE, cfg, progress);
  }

  /**
   * As {@link #generate(String, Consumer)}, with another root module (one that extends
   * {@code MCDmaBuf}, whose definitions the config's constants refer to).
   */
  public Generated generate(String module, String cfg, Consumer<String> progress)
      throws IOException, InterruptedException {
    Consumer<String> say = progress == null ? s -> { } : progress;
    Path dir = modelDir();
    String profile = ((Value.Str) ModelConstants.read(dir, cfg).get("Profile")).value();
    long t0 = System.nanoTime();
    StateGraph graph = null;
    Path cached = cacheDir == null ? null : cacheDir.resolve(cacheName(dir, module, cfg));
    boolean fromCache = false;
    if (cached != null && Files.isRegularFile(cached)) {
      say.accept(cfg + ": reading the state graph cached in " + cached);
      graph = readGzipped(cached);
      fromCache = true;
    } else {
      say.accept(cfg + ": model checking with TLC (" + workers + " workers), state graph dumped");
      Path dot = cached == null ? null
          : cacheDir.resolve(cfg + "." + ProcessHandle.current().pid() + ".tmp.dot");
      TlcOptions.Builder o = TlcOptions.builder(module).config(cfg)
          .modelDir(dir).workers(workers);
      if (dot != null) {
        Files.createDirectories(cacheDir);
        o.stateGraphFile(dot);
      } else {
        o.dumpStateGraph(true);
      }
      TlcResult r = runner.run(o.build(), say);
      try {
        if (!r.isSuccess() || r.stateGraph() == null) {
          throw new IllegalStateException("TLC did not check the trace model " + cfg + ": "
              + r.summary() + (r.errorMessage() == null ? "" : "\n" + r.errorMessage()));
        }
        graph = r.stateGraph();
        if (dot != null) {
          gzip(dot, cached);
        }
      } finally {
        if (dot != null) {
          Files.deleteIfExists(dot);
        }
      }
    }
    long t1 = System.nanoTime();
    say.accept(cfg + ": " + graph.states().size() + " states, " + graph.edges().size()
        + " edges; covering every edge (seed " + seed + ")");
    EdgeCover cover = new EdgeCoverGenerator(seed).generate(graph);
    long t2 = System.nanoTime();
    say.accept(cfg + ": " + cover.report().summary());
    TraceMeta meta = TraceMeta.empty().withSource(module + ".tla")
        .withModelConfig(cfg).withProfile(profile).withExtra("spec", "DmaBuf.tla");
    return new Generated(cfg, profile, graph, cover, meta, Duration.ofNanos(t1 - t0),
        Duration.ofNanos(t2 - t1), fromCache);
  }

  private Path modelDir() throws IOException {
    if (modelDir != null) {
      return modelDir;
    }
    synchronized (TraceGeneration.class) {
      if (extracted == null) {
        Path d = Files.createTempDirectory("dmabuf-spec-");
        SpecResources.extract(d);
        extracted = d;
      }
      return extracted;
    }
  }

  private static Path extracted;

  /** {@code <cfg>-<hash of every .tla and .cfg in dir, the module and the config>.dot.gz} */
  static String cacheName(Path dir, String module, String cfg) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(p -> p.toString().endsWith(".tla") || p.toString().endsWith(".cfg"))
          .sorted().toList();
    }
    for (Path f : files) {
      md.update(f.getFileName().toString().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(Files.readAllBytes(f));
      md.update((byte) 0);
    }
    md.update(cfg.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
    md.update(module.getBytes(StandardCharsets.UTF_8));
    String hash = HexFormat.of().formatHex(md.digest()).substring(0, 16);
    return cfg.replace(".cfg", "") + "-" + hash + ".dot.gz";
  }

  private static void gzip(Path from, Path to) throws IOException {
    Path tmp = to.resolveSibling(to.getFileName() + ".tmp");
    try (InputStream in = Files.newInputStream(from);
        OutputStream out = new GZIPOutputStream(Files.newOutputStream(tmp), 1 << 16) {
          { def.setLevel(1); }
        }) {
      in.transferTo(out);
    }
    Files.move(tmp, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static StateGraph readGzipped(Path file) throws IOException {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8), 1 << 16)) {
      return new StateGraphReader().read(r);
    }
  }

  /**
   * The traces of one trace model.
   *
   * @param model the model config
   * @param profile its kernel profile
   * @param graph TLC's state graph
   * @param cover the edge cover: one walk per trace
   * @param meta the metadata every trace carries (with the generator, seed and number added)
   * @param tlcTime model checking and reading the graph (or reading it from the cache)
   * @param generationTime covering the edges
   * @param fromCache whether the graph came from the cache rather than from TLC
   */
  public record Generated(String model, String profile, StateGraph graph, EdgeCover cover,
      TraceMeta meta, Duration tlcTime, Duration generationTime, boolean fromCache) {

    /** The number of traces. */
    public int traces() {
      return cover.paths().size();
    }

    /** Trace {@code k}, built from the graph's states when asked for. */
    public org.dmabufspec.traces.Trace trace(int k) {
      return cover.trace(k, meta);
    }

    /** The file name of trace {@code k}: {@code MCDmaBufTrace-00042.itf.json}. */
    public String fileName(int k) {
      return String.format(Locale.ROOT, "%s-%05d.itf.json", model.replace(".cfg", ""), k + 1);
    }

    /** Total steps of all traces. */
    public long steps() {
      return cover.report().totalSteps();
    }

    /**
     * Writes every trace as an ITF file into {@code dir} (created), gzipped when {@code gzip}
     * (then named {@code .itf.json.gz}).
     *
     * @return the bytes written
     */
    public long write(Path dir, boolean gzip, Consumer<String> progress) throws IOException {
      Files.createDirectories(dir);
      long bytes = 0;
      int n = traces();
      for (int k = 0; k < n; k++) {
        Path f = dir.resolve(fileName(k) + (gzip ? ".gz" : ""));
        OutputStream raw = Files.newOutputStream(f);
        try (Writer w = new OutputStreamWriter(gzip ? new GZIPOutputStream(raw, 1 << 16) : raw,
            StandardCharsets.UTF_8)) {
          org.dmabufspec.traces.Trace t = trace(k);
          try (org.dmabufspec.traces.ItfWriter itf =
              new org.dmabufspec.traces.ItfWriter(new java.io.BufferedWriter(w, 1 << 16), t.meta(), t.vars())) {
            for (var s : t.states()) {
              itf.writeState(s);
            }
          }
        }
        bytes += Files.size(f);
        if (progress != null && (k + 1) % 5000 == 0) {
          progress.accept(model + ": " + (k + 1) + "/" + n + " traces written");
        }
      }
      return bytes;
    }
  }
}
