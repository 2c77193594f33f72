package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.dmabufspec.reference.Fixtures.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Real threads, real blocking: a stalled map waits on the buffer's wait queue, resumes after the
 * last unmap and the migration, returns EINTR when interrupted; and many threads calling at
 * random neither deadlock nor break an invariant.
 */
class ConcurrencyTest {

  /** d1 maps b1 on sys, d2 (contig only) attaches: d2's map must stall. */
  private static ReferenceKernel pendingMigration(Scheduling scheduling) {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, scheduling, EventSink.NONE);
    Fixtures.imported(k, "d1", "d2");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO));
    ok(k.dmaBufAttach("d2", "b1"));
    return k;
  }

  private static void awaitStalled(ReferenceKernel k, Thread t) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!"DMA_TO_DEVICE".equals(k.snapshot().stalled().get("b1").get("d2"))
        || t.getState() != Thread.State.WAITING) {
      assertTrue(System.nanoTime() < deadline, "the map never stalled");
      Thread.sleep(1);
    }
  }

  @Test
  @Timeout(30)
  void aStalledMapBlocksAndResumesAfterUnmapAndMigration() throws Exception {
    ReferenceKernel k = pendingMigration(Scheduling.AUTOMATIC);
    AtomicReference<Result<SgTable>> result = new AtomicReference<>();
    Thread t = new Thread(() -> result.set(k.dmaBufMapAttachment("d2", "b1", TO)), "importer-d2");
    t.start();
    awaitStalled(k, t);
    Thread.sleep(50);
    assertTrue(t.isAlive(), "blocked while d1 still maps the buffer");
    assertEquals("sys", k.snapshot().storage().get("b1"));
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals("sg_table", result.get().outcome());
    assertEquals(StorageKind.CONTIGUOUS, result.get().value().storage());
    Fixtures.assertInvariants(k);
  }

  @Test
  @Timeout(30)
  void interruptingTheBlockedThreadGivesEintr() throws Exception {
    ReferenceKernel k = pendingMigration(Scheduling.AUTOMATIC);
    AtomicReference<Result<SgTable>> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean(true);
    Thread t = new Thread(() -> {
      result.set(k.dmaBufMapAttachment("d2", "b1", TO));
      stillInterrupted.set(Thread.currentThread().isInterrupted());
    }, "importer-d2");
    t.start();
    awaitStalled(k, t);
    t.interrupt();
    t.join(10_000);
    assertFalse(t.isAlive());
    assertEquals("EINTR", result.get().outcome());
    assertFalse(stillInterrupted.get(), "the signal was consumed by the call");
    assertEquals("none", k.snapshot().stalled().get("b1").get("d2"));
    Fixtures.assertInvariants(k);
  }

  @Test
  @Timeout(30)
  void manyStalledMapsAllResumeOnTheMigration() throws Exception {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, EventSink.NONE);
    Fixtures.imported(k, "d1", "d2", "d3");
    ok(k.dmaBufAttach("d1", "b1"));
    ok(k.dmaBufAttach("d2", "b1"));
    ok(k.dmaBufMapAttachment("d1", "b1", TO)); // contig, collated from d1 and d2
    ok(k.dmaBufUnmapAttachment("d1", "b1"));
    ok(k.dmaBufDetach("d2", "b1"));
    // storage contig; d3 (sys only) attaches: pending. Both d1 and d3 stall.
    ok(k.dmaBufAttach("d3", "b1"));
    MapCall c1 = k.dmaBufMapAttachmentAsync("d1", "b1", TO);
    MapCall c3 = k.dmaBufMapAttachmentAsync("d3", "b1", TO);
    assertTrue(c1.isStalled() && c3.isStalled());
    ok(k.exporterMigrate("b1"));
    assertEquals(StorageKind.SYSTEM, c1.join().value().storage());
    assertEquals(StorageKind.SYSTEM, c3.join().value().storage());
  }

  @Test
  @Timeout(60)
  void randomCallsFromManyThreadsKeepTheInvariantsAndNeverDeadlock() throws Exception {
    Config cfg = Fixtures.CI.withMaxFds(4).withProfile(KernelProfile.SEED);
    ReferenceKernel k = new ReferenceKernel(cfg);
    ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      long seed = 1000 + i;
      Thread t = new Thread(() -> {
        Random rnd = new Random(seed);
        while (!stop.get()) {
          Calls.Op op = Calls.random(rnd);
          try {
            Result<?> r = Calls.step(k, op);
            if (r != null && r.failedWith(Errno.EINTR) && stop.get()) {
              return;
            }
          } catch (NotEnabledException expected) {
            // no step in the spec from this state
          } catch (Throwable e) {
            failures.add(new AssertionError(Thread.currentThread().getName() + ": " + op, e));
            return;
          }
        }
      }, "worker-" + i);
      workers.add(t);
    }
    Thread checker = new Thread(() -> {
      while (!stop.get()) {
        List<Invariants.Violation> v = Invariants.check(cfg, k.snapshot());
        if (!v.isEmpty()) {
          failures.add(new AssertionError("invariants violated: " + v));
          return;
        }
      }
    }, "checker");
    workers.forEach(Thread::start);
    checker.start();
    Thread.sleep(1500);
    stop.set(true);
    for (Thread t : workers) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (t.isAlive() && System.nanoTime() < deadline) {
        t.interrupt(); // a worker may wait in a stalled map
        t.join(10);
      }
      assertFalse(t.isAlive(), t.getName() + " is stuck: " + List.of(t.getStackTrace()));
    }
    checker.join(10_000);
    assertTrue(failures.isEmpty(), () -> failures.toString());
    Fixtures.assertInvariants(k);
  }
}
