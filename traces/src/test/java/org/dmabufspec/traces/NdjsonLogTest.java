package org.dmabufspec.traces;

import static org.dmabufspec.spec.value.Values.bool;
import static org.dmabufspec.spec.value.Values.num;
import static org.dmabufspec.spec.value.Values.set;
import static org.dmabufspec.spec.value.Values.str;
import static org.dmabufspec.spec.value.Values.tuple;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dmabufspec.spec.value.Value;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NdjsonLogTest {

  private static final List<ActionCall> CALLS = List.of(
      new ActionCall("DmaBufExport", List.of(str("b1")), "ok", 0),
      new ActionCall("DmaBufFd", List.of(str("p1"), str("b1"), bool(true)), "fd", 3),
      new ActionCall("DmaBufGet", List.of(str("d1"), str("p1"), num(3)), "EBADF", 0),
      new ActionCall("DmaBufLlseek", List.of(str("p1"), num(3), num(0), str("SEEK_END")), "size",
          4096),
      new ActionCall("ProcessExec", List.of(), "ok", 0),
      new ActionCall("Odd", List.of(set(num(2), num(1)), tuple(), new Value.ModelValue("b2"),
          new Value.Int(BigInteger.ONE.shiftLeft(70))), "ok", -1));

  @Test
  void eventsRoundTrip(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("log.ndjson");
    List<LogEvent> written = new ArrayList<>();
    try (NdjsonLogWriter w = NdjsonLogWriter.create(file)) {
      for (ActionCall c : CALLS) {
        long seq = w.record(c);
        written.add(new LogEvent(seq, c, Thread.currentThread().getName()));
      }
      LogEvent noThread = new LogEvent(100, CALLS.get(0), null);
      w.write(noThread);
      written.add(noThread);
      assertEquals(101, w.record(CALLS.get(1)));
      written.add(new LogEvent(101, CALLS.get(1), Thread.currentThread().getName()));
    }
    List<String> lines = Files.readAllLines(file);
    assertEquals(written.size(), lines.size());
    assertEquals("{\"seq\":2,\"action\":\"DmaBufGet\",\"args\":[\"d1\",\"p1\",3],"
        + "\"outcome\":\"EBADF\",\"ret\":0,\"thread\":\"" + Thread.currentThread().getName()
        + "\"}", lines.get(2));
    assertTrue(lines.get(5).contains("\"args\":[{\"#set\":[1,2]},{\"#tup\":[]},"
        + "{\"#unserializable\":\"b2\"},{\"#bigint\":\"1180591620717411303424\"}]"), lines.get(5));
    assertEquals(written, NdjsonLogReader.read(file));
  }

  @Test
  void optionalFieldsDefaultAndUnknownFieldsAreIgnored() throws Exception {
    LogEvent e = NdjsonLogReader.parseLine(
        "{\"action\":\"FdClose\",\"outcome\":\"ok\",\"args\":[\"p1\",3],\"seq\":9,\"extra\":{\"a\":[1]}}",
        "x", 1);
    assertEquals(new LogEvent(9, new ActionCall("FdClose", List.of(str("p1"), num(3)), "ok", 0),
        null), e);
    assertNull(e.thread());
  }

  @Test
  void aBadLineIsReportedWithItsNumber(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.ndjson");
    Files.writeString(file, String.join("\n",
        "{\"seq\":0,\"action\":\"DmaBufExport\",\"args\":[\"b1\"],\"outcome\":\"ok\",\"ret\":0}",
        "",
        "{\"seq\":1,\"action\":\"DmaBufFd\",\"args\":[\"p1\",{\"#set\":[1,]}],\"outcome\":\"fd\"}",
        "{\"seq\":2}"));
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> NdjsonLogReader.read(file));
    assertEquals(file.toString(), e.source());
    assertTrue(e.location().startsWith("line 3, at /args/1/#set"), e.getMessage());

    assertBadLine("{\"seq\":1,\"action\":\"A\",\"args\":[],\"outcome\":\"ok\"} {}", "line 4",
        "more than one");
    assertBadLine("{\"seq\":1,\"action\":\"A\",\"args\":\"x\",\"outcome\":\"ok\"}",
        "line 4, at /args", "expected an array");
    assertBadLine("{\"seq\":1,\"action\":\"A\",\"args\":[]}", "line 4", "no \"outcome\"");
    assertBadLine("{\"seq\":1.5,\"action\":\"A\",\"args\":[],\"outcome\":\"ok\"}",
        "line 4, at /seq", "64-bit integer");
    assertBadLine("[1]", "line 4", "JSON object");
  }

  private static void assertBadLine(String line, String where, String what) {
    TraceFormatException e = assertThrows(TraceFormatException.class,
        () -> NdjsonLogReader.parseLine(line, "log", 4));
    assertTrue(e.location().startsWith(where), e.getMessage());
    assertTrue(e.getMessage().contains(what), e.getMessage());
  }

  @Test
  void concurrentRecordersNeverInterleaveLines(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("mt.ndjson");
    int threads = 8;
    int perThread = 2000;
    try (NdjsonLogWriter w = NdjsonLogWriter.create(file)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th = new Thread(() -> {
          for (int i = 0; i < perThread; i++) {
            w.accept(new LogEvent(-1, CALLS.get(i % CALLS.size()),
                Thread.currentThread().getName()));
          }
        }, "worker-" + t);
        ts.add(th);
      }
      ts.forEach(Thread::start);
      for (Thread th : ts) {
        th.join();
      }
      // record() numbers after the largest seq seen so far
      assertEquals(0, w.record(CALLS.get(0)));
    }
    List<LogEvent> events = NdjsonLogReader.read(file);
    assertEquals(threads * perThread + 1, events.size());
    Set<String> names = new HashSet<>();
    for (LogEvent e : events.subList(0, threads * perThread)) {
      assertEquals(-1, e.seq());
      names.add(e.thread());
    }
    assertEquals(threads, names.size());
  }

  @Test
  void recordAssignsIncreasingSequenceNumbersInFileOrder(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("seq.ndjson");
    try (NdjsonLogWriter w = NdjsonLogWriter.create(file)) {
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        ts.add(new Thread(() -> {
          for (int i = 0; i < 1000; i++) {
            try {
              w.record(CALLS.get(i % CALLS.size()));
            } catch (java.io.IOException x) {
              throw new java.io.UncheckedIOException(x);
            }
          }
        }));
      }
      ts.forEach(Thread::start);
      for (Thread th : ts) {
        th.join();
      }
    }
    List<LogEvent> events = NdjsonLogReader.read(file);
    assertEquals(4000, events.size());
    for (int i = 0; i < events.size(); i++) {
      assertEquals(i, events.get(i).seq());
    }
  }

  @Test
  void appendContinuesAnExistingLog(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("a.ndjson");
    try (NdjsonLogWriter w = NdjsonLogWriter.create(file)) {
      w.record(CALLS.get(0));
    }
    try (NdjsonLogWriter w = NdjsonLogWriter.append(file, 1)) {
      w.record(CALLS.get(1));
    }
    List<LogEvent> events = NdjsonLogReader.read(file);
    assertEquals(List.of(0L, 1L), events.stream().map(LogEvent::seq).toList());
    NdjsonLogWriter closed = NdjsonLogWriter.create(dir.resolve("c.ndjson"));
    closed.close();
    closed.close();
    assertThrows(java.io.IOException.class, () -> closed.record(CALLS.get(0)));
  }
}
