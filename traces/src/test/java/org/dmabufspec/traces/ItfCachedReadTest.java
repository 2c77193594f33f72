package org.dmabufspec.traces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ItfReader#read(Path, ItfReader.ValueCache)}: the same traces as the plain reader. */
class ItfCachedReadTest {

  private static List<Path> corpus() throws Exception {
    Path root = Path.of("..", "traces", "corpus");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".itf.json")).sorted().toList();
    }
  }

  @Test
  void everyCorpusTraceReadsAsThePlainReaderReadsIt() throws Exception {
    List<Path> files = corpus();
    assertTrue(files.size() >= 20, "the committed corpus: " + files);
    ItfReader.ValueCache cache = new ItfReader.ValueCache();
    for (Path f : files) {
      Trace plain = ItfReader.read(f);
      Trace cached = ItfReader.read(f, cache);
      assertEquals(plain.meta(), cached.meta(), f::toString);
      assertEquals(plain.vars(), cached.vars(), f::toString);
      assertEquals(plain.states(), cached.states(), f::toString);
    }
    assertTrue(cache.size() > 0);
  }

  @Test
  void aValueSeenInAnotherFileIsTheSameObject(@TempDir Path dir) throws Exception {
    String json = "{\"vars\":[\"x\"],\"states\":[{\"x\":{\"#set\":[1,2]}}]}";
    Path a = Files.writeString(dir.resolve("a.itf.json"), json);
    Path b = Files.writeString(dir.resolve("b.itf.json"), json);
    ItfReader.ValueCache cache = new ItfReader.ValueCache();
    Object first = ItfReader.read(a, cache).states().get(0).get("x");
    assertSame(first, ItfReader.read(b, cache).states().get(0).get("x"));
  }

  @Test
  void errorsAreThePlainReadersErrors(@TempDir Path dir) throws Exception {
    String json = "{\"vars\":[\"x\",\"y\"],\"states\":[\n"
        + "{\"x\":1,\"y\":2},\n"
        + "{\"x\":{\"#set\":[1,{\"#tup\":[1, 2.5]}]},\"y\":2}]}";
    Path f = Files.writeString(dir.resolve("bad.itf.json"), json);
    TraceFormatException plain = assertThrows(TraceFormatException.class, () -> ItfReader.read(f));
    TraceFormatException cached = assertThrows(TraceFormatException.class,
        () -> ItfReader.read(f, new ItfReader.ValueCache()));
    assertEquals(plain.getMessage(), cached.getMessage());
    assertTrue(cached.getMessage().contains("line 3"), cached.getMessage());
  }
}
