package org.dmabufspec.traces;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a corpus folder written by {@link CorpusWriter}: the files {@code index.json} lists, in its
 * order, checking each file's step count against the index. A folder without an index (traces
 * copied in by hand) is read as all its {@code *.itf.json} files in name order, with no coverage.
 */
public final class CorpusReader {
  private CorpusReader() {}

  /**
   * The trace files of a corpus in order, without reading them: those the index lists, or all
   * {@code *.itf.json} files by name when there is no index. For corpora too large to hold in
   * memory at once, read and replay one file at a time.
   */
  public static List<Path> files(Path dir) throws IOException {
    Path index = dir.resolve(CorpusWriter.INDEX);
    List<Path> out = new ArrayList<>();
    if (!Files.exists(index)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.itf.json")) {
        ds.forEach(out::add);
      }
      out.sort(null);
      return out;
    }
    for (CorpusIndex.Entry e : entries(index, tree(index))) {
      out.add(dir.resolve(e.file()));
    }
    return out;
  }

  /** Reads every trace of the corpus and the coverage report, checking the index. */
  public static TraceSet read(Path dir) throws IOException {
    Path index = dir.resolve(CorpusWriter.INDEX);
    if (!Files.exists(index)) {
      return new TraceSet(readAll(dir), Optional.empty());
    }
    JsonNode root = tree(index);
    List<CorpusIndex.Entry> entries = entries(index, root);
    List<Trace> traces = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      CorpusIndex.Entry e = entries.get(i);
      Trace t = ItfReader.read(dir.resolve(e.file()));
      if (t.length() != e.steps()) {
        throw new TraceFormatException(index.toString(), "/traces/" + i, e.file() + " has "
            + t.length() + " steps, the index says " + e.steps());
      }
      traces.add(t);
    }
    return new TraceSet(traces, CorpusIndex.coverage(root));
  }

  private static List<Trace> readAll(Path dir) throws IOException {
    List<Trace> traces = new ArrayList<>();
    for (Path f : files(dir)) {
      traces.add(ItfReader.read(f));
    }
    return traces;
  }

  private static JsonNode tree(Path index) throws IOException {
    try {
      return ItfReader.MAPPER.readTree(index.toFile());
    } catch (JsonProcessingException e) {
      throw new TraceFormatException(index.toString(), "line "
          + e.getLocation().getLineNr(), e.getOriginalMessage(), e);
    }
  }

  private static List<CorpusIndex.Entry> entries(Path index, JsonNode root)
      throws TraceFormatException {
    try {
      return CorpusIndex.entries(root);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(index.toString(), "index", e.getMessage(), e);
    }
  }
}
