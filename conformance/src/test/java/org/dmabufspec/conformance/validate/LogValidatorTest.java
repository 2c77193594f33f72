package org.dmabufspec.conformance.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.DataDirection;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Scheduling;
import org.dmabufspec.reference.Whence;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.NdjsonLogReader;
import org.dmabufspec.traces.NdjsonLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs recorded from the reference validate against the spec; logs of a broken implementation
 * (recorded logs edited the way the broken implementation would have written them) are rejected
 * at the event where they go wrong.
 */
class LogValidatorTest {
  @TempDir Path tmp;

  private final LogValidator validator = new LogValidator();

  @Test
  void randomRunsValidate() {
    Config config = Recordings.model(4);
    qt().withExamples(3).withShrinkCycles(0)
        .forAll(longs().all(), integers().between(50, 300))
        .checkAssert((seed, n) -> {
          try {
            Path log = Recordings.record(Files.createTempFile(tmp, "random-", ".ndjson"), config,
                seed, 1, n, 20 * n);
            ValidationResult r = validator.validate(log, config);
            assertTrue(r.accepted(), () -> "seed " + seed + ": " + r.report());
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
  }

  @Test
  void concurrentRunsValidate() throws Exception {
    Config config = Recordings.model(6);
    for (long seed = 1; seed <= 2; seed++) {
      Path log = Recordings.record(tmp.resolve("concurrent-" + seed + ".ndjson"), config, seed, 4,
          600, 2000);
      ValidationResult r = validator.validate(log, config);
      long threads = NdjsonLogReader.read(log).stream().map(LogEvent::thread).distinct().count();
      assertTrue(threads > 1, "several threads made the calls");
      assertTrue(r.accepted(), () -> r.report());
    }
  }

  /** Records a scripted single-threaded run. */
  private List<LogEvent> script(Config config, java.util.function.Consumer<ReferenceKernel> calls)
      throws Exception {
    Path file = Files.createTempFile(tmp, "script-", ".ndjson");
    try (NdjsonEventSink sink = new NdjsonEventSink(NdjsonLogWriter.create(file))) {
      calls.accept(new ReferenceKernel(config, Scheduling.AUTOMATIC, sink));
    }
    List<LogEvent> log = NdjsonLogReader.read(file);
    assertTrue(validator.validate(log, config).accepted(), "the unedited log validates");
    return new ArrayList<>(log);
  }

  private static int indexOf(List<LogEvent> log, String action, String outcome) {
    for (int i = 0; i < log.size(); i++) {
      ActionCall c = log.get(i).call();
      if (c.name().equals(action) && (outcome == null || c.outcome().equals(outcome))) {
        return i;
      }
    }
    throw new AssertionError(action + " " + outcome + " not in the log");
  }

  private static LogEvent with(LogEvent e, String outcome, long ret) {
    ActionCall c = e.call();
    return new LogEvent(e.seq(), new ActionCall(c.name(), c.args(), outcome, ret), e.thread());
  }

  @Test
  void releaseOnAPutBeforeTheLastIsRejected() throws Exception {
    Config config = Config.ciModel();
    List<LogEvent> log = script(config, k -> {
      k.dmaBufExport("b1");
      k.dmaBufFd("p1", "b1", false);
      k.dmaBufGet("d1", "p1", 3);
      k.dmaBufGet("d2", "p1", 3);
      k.fdClose("p1", 3);
      k.dmaBufPut("d1", "b1");
      k.dmaBufPut("d2", "b1");
    });
    int release = indexOf(log, "DmaBufRelease", null);
    // the broken implementation releases on the second-to-last put: move the release there
    LogEvent rel = log.remove(release);
    int early = release - 1;
    log.add(early, rel);
    assertEquals("DmaBufPut", log.get(early - 1).call().name());
    ValidationResult r = validator.validate(log, config);
    assertFalse(r.accepted());
    assertEquals(early, r.index(), r.report());
    assertNotNull(r.stateBefore());
    assertTrue(r.reason().contains("no step"), r.reason());
  }

  @Test
  void aThirdAtomicKmapIsRejected() throws Exception {
    Config config = Config.ciModel().withNPages(3);
    List<LogEvent> log = script(config, k -> {
      k.dmaBufExport("b1");
      k.dmaBufFd("p1", "b1", false);
      k.dmaBufGet("d1", "p1", 3);
      k.dmaBufBeginCpuAccess("b1", 0, 3, DataDirection.DMA_BIDIRECTIONAL);
      k.dmaBufKmapAtomic("c1", "b1", 0);
      k.dmaBufKmapAtomic("c1", "b1", 1);
      k.dmaBufKmapAtomic("c1", "b1", 2);
    });
    int third = indexOf(log, "DmaBufKmapAtomic", "EBUSY");
    log.set(third, with(log.get(third), "ptr", 0));
    ValidationResult r = validator.validate(log, config);
    assertFalse(r.accepted());
    assertEquals(third, r.index(), r.report());
    assertEquals("EBUSY", r.specCall().outcome(), r.report());
  }

  @Test
  void seekCurAcceptedIsRejected() throws Exception {
    Config config = Config.ciModel();
    List<LogEvent> log = script(config, k -> {
      k.dmaBufExport("b1");
      k.dmaBufFd("p1", "b1", false);
      k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END);
      k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_CUR);
    });
    int cur = indexOf(log, "DmaBufLlseek", "EINVAL");
    log.set(cur, with(log.get(cur), "ok", 0));
    ValidationResult r = validator.validate(log, config);
    assertFalse(r.accepted());
    assertEquals(cur, r.index(), r.report());
    assertEquals("EINVAL", r.specCall().outcome());
  }

  @Test
  void aCloexecFdKeptAcrossExecIsRejected() throws Exception {
    Config config = Config.ciModel();
    List<LogEvent> log = script(config, k -> {
      k.dmaBufExport("b1");
      k.dmaBufFd("p1", "b1", true);
      k.processExec("p1");
    });
    // the broken implementation keeps fd 3: no release after exec, and a later close works
    int release = indexOf(log, "DmaBufRelease", null);
    LogEvent rel = log.remove(release);
    LogEvent exec = log.get(release - 1);
    LogEvent close = new LogEvent(exec.seq() + 1,
        new ActionCall("FdClose", List.of(Values.str("p1"), Values.num(3)), "ok", 0), exec.thread());
    log.add(release, close);
    log.add(release + 1, rel);
    ValidationResult r = validator.validate(log, config);
    assertFalse(r.accepted());
    assertEquals(release, r.index(), r.report());
    assertEquals("EBADF", r.specCall().outcome(), r.report());
  }

  @Test
  void validateCommandPrintsTheVerdict() throws Exception {
    Config config = Config.ciModel();
    List<LogEvent> log = script(config, k -> {
      k.dmaBufExport("b1");
      k.dmaBufFd("p1", "b1", false);
    });
    Path file = tmp.resolve("cmd.ndjson");
    try (NdjsonLogWriter w = NdjsonLogWriter.create(file)) {
      for (LogEvent e : log) {
        w.write(e);
      }
    }
    int code = new picocli.CommandLine(new ValidateCommand()).execute(file.toString(), "--config", "ci");
    assertEquals(0, code);
  }
}
