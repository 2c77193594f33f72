package org.dmabufspec.spec.tlc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures {@link StateGraphReader} on a big dot file: a measurement, not part of {@code mvn verify} (it writes and reads about
 * 200 MB); run it with
 * <pre>
 * mvn -pl spec test -Dtest=StateGraphReaderPerf -Dtlc.perf=true [-Dtlc.perf.dot=FILE.dot]
 * </pre>
 * and read the figures in {@code spec/target/surefire-reports/*Perf-output.txt}. Without
 * {@code tlc.perf.dot} a synthetic graph in TLC's exact format is generated: 400,000 states with
 * dma-buf-like labels (functions of sets, records, escaped strings) and 1,600,000 edge lines of
 * which 1,200,000 are distinct.
 */
@EnabledIfSystemProperty(named = "tlc.perf", matches = "true")
class StateGraphReaderPerf {

  private static final int STATES = 400_000;

  @Test
  void readsABigGraph(@TempDir Path tmp) throws IOException {
    String given = System.getProperty("tlc.perf.dot");
    Path dot;
    if (given != null && !given.isBlank()) {
      dot = Path.of(given);
    } else {
      dot = tmp.resolve("big.dot");
      long t0 = System.nanoTime();
      writeSynthetic(dot);
      System.out.printf(Locale.ROOT, "generated %,d bytes in %d ms%n", Files.size(dot),
          (System.nanoTime() - t0) / 1_000_000);
    }
    long size = Files.size(dot);
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 1; round <= 2; round++) {
      System.gc();
      long before = usedHeap();
      long cpu0 = threads.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      StateGraph g = StateGraphReader.read(dot);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      long cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1_000_000;
      System.gc();
      long retained = usedHeap() - before;
      System.out.printf(Locale.ROOT,
          "round %d: %,d bytes, %,d states, %,d initial, %,d edges in %,d ms wall = %.1f MB/s"
              + " (reading thread: %,d ms CPU = %.1f MB/s), graph retains about %,d MB%n",
          round, size, g.states().size(), g.initial().size(), g.edges().size(), ms,
          size / 1e6 / (ms / 1e3), cpuMs, size / 1e6 / (Math.max(1, cpuMs) / 1e3),
          retained >> 20);
      if (given == null || given.isBlank()) {
        assertEquals(STATES, g.states().size());
        assertEquals(3L * STATES, g.edges().size());
        assertEquals(2, g.initial().size());
      }
    }
  }

  private static long usedHeap() {
    Runtime rt = Runtime.getRuntime();
    return rt.totalMemory() - rt.freeMemory();
  }

  /** A graph in the format of TLC 2.18's DotStateWriter. */
  private static void writeSynthetic(Path dot) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(dot, StandardCharsets.UTF_8)) {
      w.write("strict digraph DiskGraph {\nnodesep=0.35;\nsubgraph cluster_graph {\n"
          + "color=\"white\";\n");
      for (int i = 0; i < STATES; i++) {
        long id = id(i);
        if (i < 2) {
          w.write(id + " [label=\"" + label(i) + "\",style = filled]\n");
        }
        for (int k = 1; k <= 3; k++) {
          int j = (int) ((i * 7L + k * 104_729L) % STATES);
          String line = id + " -> " + id(j) + " [label=\"" + action(k)
              + "\",color=\"black\",fontcolor=\"black\"];\n";
          w.write(line);
          if (k == 2) {
            w.write(line); // a second binding reaching the same state: a duplicate edge
          }
        }
        // Every state is labelled once, after some edge that reaches it.
        if (i >= 2) {
          w.write(id + " [label=\"" + label(i) + "\"];\n");
        }
      }
      w.write("{rank = same; " + id(0) + ";" + id(1) + ";}\n}\n}\n");
    }
  }

  private static long id(int i) {
    long h = (i + 1) * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 31);
  }

  private static String action(int k) {
    return switch (k) {
      case 1 -> "DmaBufGet";
      case 2 -> "DmaBufMapAttachment";
      default -> "FdClose";
    };
  }

  /** A dot-escaped state of four variables, different for every i. */
  private static String label(int i) {
    String fds = "(p1 :> " + set(i & 7) + " @@ p2 :> " + set((i >> 3) & 7) + " @@ p3 :> "
        + set((i >> 6) & 7) + ")";
    String refs = "(b1 :> " + ((i >> 9) & 3) + " @@ b2 :> " + ((i >> 11) & 3) + " @@ b3 :> "
        + ((i >> 13) & 3) + ")";
    String maps = "(p1 :> " + set((i >> 15) & 7) + " @@ p2 :> {} @@ p3 :> " + set((i >> 18) & 1)
        + ")";
    String last = "[name |-> \\\"" + action(1 + i % 3) + "\\\", args |-> <<p" + (1 + i % 3)
        + ", b" + (1 + i % 3) + ", " + (i % 17 - 8) + ">>, outcome |-> \\\"ok\\\", note |-> "
        + "\\\"q\\\\\\\"x\\\\n\\\"]";
    return "/\\\\ fds = " + fds + "\\n/\\\\ refs = " + refs + "\\n/\\\\ mapped = " + maps
        + "\\n/\\\\ lastAction = " + last;
  }

  private static String set(int bits) {
    StringBuilder sb = new StringBuilder("{");
    for (int b = 0; b < 3; b++) {
      if ((bits & (1 << b)) != 0) {
        if (sb.length() > 1) {
          sb.append(", ");
        }
        sb.append('b').append(b + 1);
      }
    }
    return sb.append('}').toString();
  }
}
