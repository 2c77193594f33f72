package org.dmabufspec.conformance.validate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Scheduling;
import org.dmabufspec.traces.NdjsonLogReader;
import org.dmabufspec.traces.NdjsonLogWriter;

/** Logs recorded from the reference through {@link NdjsonEventSink}. */
final class Recordings {
  private Recordings() {}

  /** The CI model with {@code n} buffers, 2 pages and 3 fds per process. */
  static Config model(int buffers) {
    Config ci = Config.ciModel().withNPages(2).withMaxFds(3);
    List<String> bufs = new ArrayList<>();
    for (int i = 1; i <= buffers; i++) {
      bufs.add("b" + i);
    }
    return new Config(bufs, ci.devices(), ci.exporter(), ci.procs(), ci.contexts(), ci.storages(),
        ci.nPages(), ci.pageSize(), ci.maxFds(), ci.profile(), ci.policy());
  }

  /**
   * Records random calls of {@code threads} threads on one kernel (automatic scheduling) until
   * about {@code events} events were logged or {@code maxCalls} calls were made per thread.
   */
  static Path record(Path file, Config config, long seed, int threads, int events, int maxCalls)
      throws IOException, InterruptedException {
    try (NdjsonEventSink sink = new NdjsonEventSink(NdjsonLogWriter.create(file))) {
      ReferenceKernel k = new ReferenceKernel(config, Scheduling.AUTOMATIC, sink);
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> ts = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        RandomCalls calls = new RandomCalls(k, seed * 31 + t);
        Thread th = new Thread(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          for (int i = 0; i < maxCalls && sink.count() < events; i++) {
            calls.step();
          }
        }, "caller-" + t);
        ts.add(th);
        th.start();
      }
      go.countDown();
      for (Thread th : ts) {
        th.join();
      }
      // let maps that were resumed at the end finish writing their event
      Thread.sleep(20);
      sink.flush();
      // the daemon threads of maps still stalled stay blocked; their later events (if any) go
      // to a closed log and are lost, which leaves the log a prefix of the run
    }
    return file;
  }

  static int size(Path file) throws IOException {
    return NdjsonLogReader.read(file).size();
  }
}
