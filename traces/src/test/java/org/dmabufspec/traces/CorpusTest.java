package org.dmabufspec.traces;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.dmabufspec.spec.tlc.StateGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusTest {

  private static final TraceMeta BASE = TraceMeta.empty().withSource("DmaBuf.tla")
      .withModelConfig("MCDmaBuf.cfg").withProfile("modern");

  private static EdgeCover cover() {
    StateGraph g = SyntheticGraphs.protocolLike(200, 21, false);
    return new EdgeCoverGenerator(21, 300).generate(g);
  }

  private static List<String> names(Path dir) throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void aCorpusReadsBackAsWritten(@TempDir Path dir) throws Exception {
    EdgeCover cover = cover();
    assertTrue(cover.paths().size() > 2);
    List<Path> files = CorpusWriter.write(dir, cover, BASE);
    assertEquals(cover.paths().size(), files.size());
    assertEquals(dir.resolve("0000.itf.json"), files.get(0));
    assertTrue(Files.exists(dir.resolve(CorpusWriter.INDEX)));

    assertEquals(files, CorpusReader.files(dir));
    TraceSet set = CorpusReader.read(dir);
    assertEquals(cover.traces(BASE), set.traces());
    assertEquals(Optional.of(cover.report()), set.coverage());
    assertEquals(cover.report().totalSteps(), set.totalSteps());

    String index = Files.readString(dir.resolve(CorpusWriter.INDEX));
    assertTrue(index.contains("\"file\" : \"0001.itf.json\""), index);
    assertTrue(index.contains("\"coveredEdges\" : " + cover.report().coveredEdges()), index);
  }

  @Test
  void rewritingIsByteForByteIdenticalAndRemovesStaleTraces(@TempDir Path dir) throws Exception {
    EdgeCover cover = cover();
    CorpusWriter.write(dir, cover, BASE);
    byte[] first = Files.readAllBytes(dir.resolve("0000.itf.json"));
    byte[] index = Files.readAllBytes(dir.resolve(CorpusWriter.INDEX));
    Files.writeString(dir.resolve("README.md"), "kept");
    CorpusWriter.write(dir, cover, BASE);
    assertArrayEquals(first, Files.readAllBytes(dir.resolve("0000.itf.json")));
    assertArrayEquals(index, Files.readAllBytes(dir.resolve(CorpusWriter.INDEX)));

    List<Trace> two = cover.traces(BASE).subList(0, 2);
    CorpusWriter.write(dir, two);
    assertEquals(List.of("0000.itf.json", "0001.itf.json", "README.md", "index.json"),
        names(dir));
    TraceSet back = CorpusReader.read(dir);
    assertEquals(two, back.traces());
    assertFalse(back.coverage().isPresent());
  }

  @Test
  void theIndexMustMatchTheFiles(@TempDir Path dir) throws Exception {
    EdgeCover cover = cover();
    CorpusWriter.write(dir, cover, BASE);
    Path index = dir.resolve(CorpusWriter.INDEX);
    int steps = cover.paths().get(1).length();
    String text = Files.readString(index);
    Files.writeString(index, text.replaceFirst(
        "(\"file\" : \"0001.itf.json\",\\s*\"steps\" : )" + steps, "$1" + (steps + 1)));
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> CorpusReader.read(dir));
    assertEquals("/traces/1", e.location());
    assertTrue(e.getMessage().contains("0001.itf.json has " + steps + " steps"), e.getMessage());

    Files.writeString(index, text.replace("0001.itf.json", "../0001.itf.json"));
    e = assertThrows(TraceFormatException.class, () -> CorpusReader.read(dir));
    assertTrue(e.getMessage().contains("not a file name"), e.getMessage());
  }

  @Test
  void aFolderWithoutAnIndexIsReadInNameOrder(@TempDir Path dir) throws Exception {
    List<Trace> traces = cover().traces(BASE);
    ItfWriter.write(traces.get(2), dir.resolve("b.itf.json"));
    ItfWriter.write(traces.get(0), dir.resolve("a.itf.json"));
    Files.writeString(dir.resolve("notes.txt"), "ignored");
    assertEquals(List.of(dir.resolve("a.itf.json"), dir.resolve("b.itf.json")),
        CorpusReader.files(dir));
    TraceSet set = CorpusReader.read(dir);
    assertEquals(List.of(traces.get(0), traces.get(2)), set.traces());
    assertFalse(set.coverage().isPresent());
  }
}
