package org.dmabufspec.traces;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Writes a corpus folder: each trace as {@code NNNN.itf.json} (numbered from 0000, in order) and
 * an {@code index.json} that lists them with their step counts and the coverage report.
 *
 * <p>The folder is the writer's: trace files and the index left from an earlier corpus are
 * deleted first, so a smaller corpus does not leave stale traces behind. Other files stay.
 * Output is deterministic, so a regenerated corpus diffs cleanly against the committed one.
 */
public final class CorpusWriter {
  /** The index file's name. */
  public static final String INDEX = "index.json";

  /** The names this writer gives trace files. */
  static final Pattern TRACE_FILE = Pattern.compile("\\d{4,}\\.itf\\.json");

  private CorpusWriter() {}

  /** Writes {@code set} into {@code dir} (created if needed); returns the trace files in order. */
  public static List<Path> write(Path dir, TraceSet set) throws IOException {
    Files.createDirectories(dir);
    clear(dir);
    List<String> names = new ArrayList<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < set.traces().size(); i++) {
      String name = String.format(Locale.ROOT, "%04d.itf.json", i);
      Path file = dir.resolve(name);
      ItfWriter.write(set.traces().get(i), file);
      names.add(name);
      files.add(file);
    }
    DefaultPrettyPrinter pp = new DefaultPrettyPrinter()
        .withObjectIndenter(new DefaultIndenter("  ", "\n"));
    String index = ItfReader.MAPPER.writer(pp)
        .writeValueAsString(CorpusIndex.toJson(names, set.traces(), set.coverage()));
    Files.writeString(dir.resolve(INDEX), index + "\n");
    return files;
  }

  /** Writes the traces of a generated cover, with its report. */
  public static List<Path> write(Path dir, EdgeCover cover, TraceMeta base) throws IOException {
    return write(dir, TraceSet.of(cover, base));
  }

  /** Writes traces without a coverage report. */
  public static List<Path> write(Path dir, List<Trace> traces) throws IOException {
    return write(dir, new TraceSet(traces, Optional.empty()));
  }

  private static void clear(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        String name = f.getFileName().toString();
        if (TRACE_FILE.matcher(name).matches() || name.equals(INDEX)) {
          Files.delete(f);
        }
      }
    }
  }
}
