package org.dmabufspec.conformance.replay;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.Trace;

/** ITF trace files on disk: {@code *.itf.json}, or gzipped {@code *.itf.json.gz}. */
public final class TraceFiles {
  private TraceFiles() {}

  /**
   * The trace files named: each path a file, or a directory searched recursively; sorted by path
   * within each directory.
   *
   * @throws NoSuchFileException when a path does not exist
   */
  public static List<Path> list(List<Path> paths) throws IOException {
    List<Path> out = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> s = Files.walk(p)) {
          s.filter(Files::isRegularFile).filter(TraceFiles::isTrace).sorted().forEach(out::add);
        }
      } else if (Files.isRegularFile(p)) {
        out.add(p);
      } else {
        throw new NoSuchFileException(p.toString(), null, "no such trace file or directory");
      }
    }
    return out;
  }

  /** True for {@code .itf.json} and {@code .itf.json.gz} names. */
  public static boolean isTrace(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".itf.json") || n.endsWith(".itf.json.gz");
  }

  /** Reads one trace file, gunzipping a {@code .gz}. */
  public static Trace read(Path file) throws IOException {
    if (!file.getFileName().toString().endsWith(".gz")) {
      return ItfReader.read(file);
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(Files.newInputStream(file), 1 << 16), StandardCharsets.UTF_8))) {
      return ItfReader.read(r, file.toString());
    }
  }
}
