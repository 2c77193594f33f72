package org.dmabufspec.conformance.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dmabufspec.spec.tlc.SpecResources;
import org.dmabufspec.spec.tlc.TlcRunner;

/**
 * A test-only trace model in which a context can take a third atomic kmap: the trace models have
 * one buffer of one page and one context, so at most one atomic kmap is ever held there, and the
 * guide's limit of two is never put to the test. This model is {@code MCDmaBufTrace.cfg} with a
 * buffer of 3 pages, the one importer d1, no injected faults, at most 2 things held
 * ({@code MaxLoad}), and only the calls that lead to and make atomic kmaps (an
 * {@code ACTION_CONSTRAINT} of the small root module {@code MCDmaBufKmap}, which extends
 * {@code MCDmaBuf}), written beside a copy of the spec's files (the spec's own are left alone).
 * About 700 states and 40,000 edges, against 1.4 million edges without the action constraint.
 */
final class KmapTraceModel {
  private KmapTraceModel() {}

  static final String CFG = "MCDmaBufKmap.cfg";
  static final String MODULE = "MCDmaBufKmap";

  /** The root module: MCDmaBuf restricted to the calls around atomic kmaps. */
  static final String MODULE_TEXT = """
      ---------------------------- MODULE MCDmaBufKmap ----------------------------
      \\* Test-only (KmapTraceModel): MCDmaBuf restricted to the calls around atomic kmaps.
      EXTENDS MCDmaBuf
      KmapCalls == lastAction'.name \\in {"DmaBufExport", "DmaBufFd", "DmaBufGet", "FdClose",
          "DmaBufBeginCpuAccess", "DmaBufEndCpuAccess", "DmaBufKmapAtomic", "DmaBufKunmapAtomic",
          "DmaBufPut", "DmaBufRelease", "Done"}
      =============================================================================
      """;

  private static TraceGeneration.Generated generated;

  static synchronized TraceGeneration.Generated generated() {
    if (generated == null) {
      try {
        Path dir = Files.createTempDirectory("dmabuf-kmap-model-");
        SpecResources.extract(dir);
        Files.writeString(dir.resolve(CFG), cfgText(), StandardCharsets.UTF_8);
        Files.writeString(dir.resolve(MODULE + ".tla"), MODULE_TEXT, StandardCharsets.UTF_8);
        generated = new TraceGeneration(new TlcRunner(), dir, TraceGeneration.DEFAULT_SEED, 2,
            GeneratedTraces.CACHE).generate(MODULE, CFG, null);
        modelDir = dir;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return generated;
  }

  private static Path modelDir;

  /** Where the model's files are (after {@link #generated()}). */
  static synchronized Path modelDir() {
    generated();
    return modelDir;
  }

  static String cfgText() throws IOException {
    String text;
    try (InputStream in = KmapTraceModel.class.getClassLoader()
        .getResourceAsStream(SpecResources.PREFIX + "/MCDmaBufTrace.cfg")) {
      if (in == null) {
        throw new IllegalStateException("MCDmaBufTrace.cfg is not among the spec's resources");
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    text = replace(text, "NPages\\s*=\\s*\\d+", "NPages = 3");
    text = replace(text, "Devices\\s*<-\\s*\\w+", "Devices <- MCOneDevice");
    text = replace(text, "Faults\\s*=\\s*\\w+", "Faults = FALSE");
    text = replace(text, "MaxLoad\\s*=\\s*\\d+", "MaxLoad = 2");
    text = replace(text, "INIT Init", "ACTION_CONSTRAINT KmapCalls\nINIT Init");
    return "\\* Test-only: MCDmaBufTrace.cfg with 3 pages, importer d1, no faults, MaxLoad 2, "
        + "atomic-kmap calls only (see KmapTraceModel).\n" + text;
  }

  private static String replace(String text, String regex, String with) {
    Matcher m = Pattern.compile(regex).matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("MCDmaBufTrace.cfg has no line matching " + regex
          + ": update KmapTraceModel");
    }
    return m.replaceFirst(with);
  }
}
