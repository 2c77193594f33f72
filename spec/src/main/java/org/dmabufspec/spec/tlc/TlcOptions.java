package org.dmabufspec.spec.tlc;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How to run TLC on one model: which module and config, where the TLA+ files come from, and the
 * checker's switches. Immutable; build with {@link #builder(String)}.
 *
 * <pre>{@code
 * TlcOptions o = TlcOptions.builder("MCDmaBuf")   // module MCDmaBuf.tla, config MCDmaBuf.cfg
 *     .fromClasspath()                            // the spec's modules packaged under tla/
 *     .workers(4)
 *     .dumpStateGraph(true)
 *     .timeout(Duration.ofMinutes(10))
 *     .build();
 * }</pre>
 */
public final class TlcOptions {

  private final String module;
  private final String config;
  private final Path modelDir;
  private final int workers;
  private final boolean checkDeadlock;
  private final boolean dumpStateGraph;
  private final Path stateGraphFile;
  private final Duration timeout;
  private final List<String> jvmArgs;

  private TlcOptions(Builder b) {
    this.module = b.module;
    this.config = b.config != null ? b.config : b.module + ".cfg";
    this.modelDir = b.modelDir;
    this.workers = b.workers;
    this.checkDeadlock = b.checkDeadlock;
    this.dumpStateGraph = b.dumpStateGraph || b.stateGraphFile != null;
    this.stateGraphFile = b.stateGraphFile;
    this.timeout = b.timeout;
    this.jvmArgs = List.copyOf(b.jvmArgs);
  }

  /** Starts options for the root module {@code module} (e.g. {@code "MCDmaBuf"}). */
  public static Builder builder(String module) {
    return new Builder(module);
  }

  /** The root module's name, without {@code .tla}. */
  public String module() {
    return module;
  }

  /** The config file's name, relative to the model directory; default {@code <module>.cfg}. */
  public String config() {
    return config;
  }

  /**
   * The directory holding the modules and the config, or empty to extract the spec's resources
   * from the classpath ({@link SpecResources}) into a fresh directory for the run.
   */
  public Optional<Path> modelDir() {
    return Optional.ofNullable(modelDir);
  }

  /** TLC worker threads; default 2. */
  public int workers() {
    return workers;
  }

  /** Whether TLC reports deadlock (TLC's default); {@code false} passes {@code -deadlock}. */
  public boolean checkDeadlock() {
    return checkDeadlock;
  }

  /** Whether TLC dumps the state graph ({@code -dump dot,actionlabels}) for the result. */
  public boolean dumpStateGraph() {
    return dumpStateGraph;
  }

  /**
   * Where to keep the dot file of the dumped state graph; empty to write it in the run's scratch
   * directory and delete it after parsing.
   */
  public Optional<Path> stateGraphFile() {
    return Optional.ofNullable(stateGraphFile);
  }

  /** The limit on the run's wall-clock time, or empty for none (the default). */
  public Optional<Duration> timeout() {
    return Optional.ofNullable(timeout);
  }

  /** Extra arguments for the forked JVM, such as {@code -Xmx4g}. */
  public List<String> jvmArgs() {
    return jvmArgs;
  }

  @Override
  public String toString() {
    return "TlcOptions[module=" + module + ", config=" + config + ", modelDir="
        + (modelDir == null ? "<classpath>" : modelDir) + ", workers=" + workers
        + ", checkDeadlock=" + checkDeadlock + ", dumpStateGraph=" + dumpStateGraph
        + ", timeout=" + timeout + ", jvmArgs=" + jvmArgs + "]";
  }

  /** Builder for {@link TlcOptions}. */
  public static final class Builder {
    private final String module;
    private String config;
    private Path modelDir;
    private int workers = 2;
    private boolean checkDeadlock = true;
    private boolean dumpStateGraph;
    private Path stateGraphFile;
    private Duration timeout;
    private final List<String> jvmArgs = new ArrayList<>();

    private Builder(String module) {
      Objects.requireNonNull(module, "module");
      if (module.isBlank() || module.endsWith(".tla") || module.contains("/")) {
        throw new IllegalArgumentException("module must be a bare module name: " + module);
      }
      this.module = module;
    }

    /** The config file name in the model directory (default {@code <module>.cfg}). */
    public Builder config(String configFileName) {
      this.config = Objects.requireNonNull(configFileName, "config");
      return this;
    }

    /** Reads the modules and the config from this directory. */
    public Builder modelDir(Path dir) {
      this.modelDir = Objects.requireNonNull(dir, "dir").toAbsolutePath();
      return this;
    }

    /** Extracts the spec's classpath resources under {@code tla/} for the run (the default). */
    public Builder fromClasspath() {
      this.modelDir = null;
      return this;
    }

    /** The number of TLC workers (default 2). */
    public Builder workers(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("workers must be at least 1: " + n);
      }
      this.workers = n;
      return this;
    }

    /** Whether to report deadlocks (default {@code true}). */
    public Builder checkDeadlock(boolean on) {
      this.checkDeadlock = on;
      return this;
    }

    /** Whether to dump and parse the state graph (default {@code false}). */
    public Builder dumpStateGraph(boolean on) {
      this.dumpStateGraph = on;
      return this;
    }

    /** Dumps the state graph and keeps its dot file at {@code dotFile} (a {@code .dot} name). */
    public Builder stateGraphFile(Path dotFile) {
      Path abs = Objects.requireNonNull(dotFile, "dotFile").toAbsolutePath();
      if (!abs.getFileName().toString().endsWith(".dot")) {
        throw new IllegalArgumentException("TLC appends .dot to other names; use one: " + dotFile);
      }
      this.stateGraphFile = abs;
      return this;
    }

    /** Kills TLC and reports {@link TlcOutcome#ERROR} after this long (default: no limit). */
    public Builder timeout(Duration limit) {
      if (limit != null && (limit.isNegative() || limit.isZero())) {
        throw new IllegalArgumentException("timeout must be positive: " + limit);
      }
      this.timeout = limit;
      return this;
    }

    /** Adds arguments for the forked JVM, e.g. {@code -Xmx4g}. */
    public Builder jvmArgs(String... args) {
      this.jvmArgs.addAll(List.of(args));
      return this;
    }

    public TlcOptions build() {
      return new TlcOptions(this);
    }
  }
}
