package org.dmabufspec.conformance.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Progress lines for long steps. */
final class Progress {
  private Progress() {}

  /** TLC's progress and finish lines, indented, as they arrive. */
  static Consumer<String> tlcLines(PrintWriter out) {
    return line -> {
      if (line.startsWith("Progress(") || line.startsWith("Finished computing initial")
          || line.contains("distinct states found")) {
        synchronized (out) {
          out.println("    TLC: " + line);
          out.flush();
        }
      }
    };
  }

  /** Lines of the trace pipeline (not TLC's own), indented. */
  static Consumer<String> pipeline(PrintWriter out) {
    Consumer<String> tlc = tlcLines(out);
    return line -> {
      if (line.startsWith("MCDmaBuf") || line.contains(".cfg:")) {
        synchronized (out) {
          out.println("  " + line);
          out.flush();
        }
      } else {
        tlc.accept(line);
      }
    };
  }
}
