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

  public static TraceSet read(Path dir) throws IOException {
    Path index = dir.resolve(CorpusWriter.INDEX);
    if (!Files.exists(index)) {
      return new TraceSet(readAll(dir), Optional.empty());
    }
    JsonNode root;
    List<CorpusIndex.Entry> entries;
    try {
      root = ItfReader.MAPPER.readTree(index.toFile());
      entries = CorpusIndex.entries(root);
    } catch (JsonProcessingException e) {
      throw new TraceFormatException(index.toString(), "line "
          + e.getLocation().getLineNr(), e.getOriginalMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new TraceFormatException(index.toString(), "index", e.getMessage(), e);
    }
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
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.itf.json")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    List<Trace> traces = new ArrayList<>();
    for (Path f : files) {
      traces.add(ItfReader.read(f));
    }
    return traces;
  }
}
