package org.dmabufspec.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Random call sequences (QuickTheories, shrunk to a minimal sequence on failure) over every
 * profile and exporter policy: after every step the spec's invariants hold on the snapshot
 * (RefcountInv, NoUseAfterReleaseInv, ReleaseOnceInv, MapNeedsAttachInv, MappedConstraintsInv,
 * AtomicKmapLimitInv, KmapInRangeInv, VmapOnceInv, MmapWithinSizeInv, FdProvenanceInv, TypeOK)
 * and the step properties hold on the call (ExecClosesCloexecInv, NoMigrationWhileMappedInv,
 * LlseekResultInv); a call the spec does not enable changes nothing; the event reports what the
 * call returned.
 */
class SpecInvariantsPropertiesTest {
  private static final ExecutorService POOL = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "prop-map");
    t.setDaemon(true);
    return t;
  });

  @AfterAll
  static void stopPool() {
    POOL.shutdownNow();
  }

  static Gen<Config> configs() {
    return Generate.enumValues(KernelProfile.class).zip(
        Generate.enumValues(ExporterPolicy.Alloc.class),
        Generate.enumValues(ExporterPolicy.Migration.class), Generate.booleans(),
        (pr, a, m, v) -> Fixtures.CI.withProfile(pr).withPolicy(new ExporterPolicy(a, m, v)));
  }

  static Gen<List<Calls.Op>> sequences() {
    return lists().of(Calls.ops()).ofSizeBetween(1, 60);
  }

  @Test
  void invariantsHoldAfterEveryStepWithSteppedScheduling() {
    qt().withExamples(400).withShrinkCycles(200).forAll(configs(), sequences())
        .checkAssert((cfg, ops) -> check(cfg, Scheduling.STEPPED, ops));
  }

  @Test
  void invariantsHoldAfterEveryStepWithAutomaticScheduling() {
    qt().withExamples(300).withShrinkCycles(200).forAll(configs(), sequences())
        .checkAssert((cfg, ops) -> check(cfg, Scheduling.AUTOMATIC, ops));
  }

  /**
   * Runs {@code ops}; on failure reports the concrete calls shrunk to a 1-minimal failing
   * sequence (no single call can be left out), besides QuickTheories' own shrinking of the
   * generated intents.
   */
  static void check(Config cfg, Scheduling scheduling, List<Calls.Op> ops) {
    Run run = new Run(cfg, scheduling);
    try {
      run.all(ops);
    } catch (AssertionError e) {
      List<Calls.Op> min = minimize(cfg, scheduling, run.concrete);
      AssertionError again = failure(cfg, scheduling, min);
      throw new AssertionError("minimal failing sequence (" + min.size() + " calls, " + scheduling
          + ", " + cfg.profile().spec() + ", " + cfg.policy() + "):\n  " + min + "\n"
          + (again == null ? e.getMessage() : again.getMessage()), e);
    }
  }

  static List<Calls.Op> minimize(Config cfg, Scheduling scheduling, List<Calls.Op> ops) {
    List<Calls.Op> cur = new ArrayList<>(ops);
    boolean removed = true;
    while (removed) {
      removed = false;
      for (int i = cur.size() - 1; i >= 0; i--) {
        List<Calls.Op> shorter = new ArrayList<>(cur);
        shorter.remove(i);
        if (failure(cfg, scheduling, shorter) != null) {
          cur = shorter;
          removed = true;
        }
      }
    }
    return cur;
  }

  private static AssertionError failure(Config cfg, Scheduling scheduling, List<Calls.Op> ops) {
    try {
      new Run(cfg, scheduling).all(ops);
      return null;
    } catch (AssertionError e) {
      return e;
    }
  }

  @Test
  void steppedRunsAreDeterministic() {
    // What a trace replayer relies on: the same calls give the same events and states.
    qt().withExamples(100).withShrinkCycles(200).forAll(configs(), sequences())
        .checkAssert((cfg, ops) -> {
          Run a = new Run(cfg, Scheduling.STEPPED);
          a.all(ops);
          Run b = new Run(cfg, Scheduling.STEPPED);
          b.all(ops);
          assertEquals(a.calls(), b.calls());
          assertEquals(a.k.snapshot(), b.k.snapshot());
        });
  }

  /** One sequence on a fresh kernel, checked after every step. */
  static final class Run {
    final Config cfg;
    final Scheduling scheduling;
    final Fixtures.Recorder rec = new Fixtures.Recorder();
    final ReferenceKernel k;
    final Map<String, MapCall> waiting = new LinkedHashMap<>();
    final List<String> trace = new ArrayList<>();
    /** The concrete calls the intents became. */
    final List<Calls.Op> concrete = new ArrayList<>();

    Run(Config cfg, Scheduling scheduling) {
      this.cfg = cfg;
      this.scheduling = scheduling;
      this.k = new ReferenceKernel(cfg, scheduling, rec);
    }

    /** The events without thread names (those differ from run to run). */
    List<String> calls() {
      synchronized (rec.events) {
        return rec.events.stream().map(e -> e.action() + e.args() + e.outcome() + e.ret()).toList();
      }
    }

    void all(List<Calls.Op> ops) {
      try {
        for (Calls.Op op : ops) {
          step(op);
        }
      } finally {
        for (MapCall c : waiting.values()) {
          c.interrupt();
          c.join();
        }
      }
    }

    void step(Calls.Op abstractOp) {
      Calls.Op op = Calls.resolve(k, abstractOp);
      concrete.add(op);
      Snapshot before = k.snapshot();
      int seen = rec.events.size();
      Result<?> r;
      String key = op.args().size() > 1 ? op.args().get(0) + "/" + op.args().get(1) : "";
      try {
        switch (op.action()) {
          case "DmaBufMapAttachment" -> {
            MapCall call = k.dmaBufMapAttachmentAsync(op.s(0), op.s(1),
                DataDirection.fromSpec(op.s(2)), POOL);
            if (call.isDone()) {
              r = call.join();
            } else {
              waiting.put(key, call);
              r = null;
            }
          }
          case "DmaBufMapAttachmentResume" -> {
            r = k.dmaBufMapAttachmentResume(op.s(0), op.s(1));
            assertEquals(r, waiting.remove(key).join(), "the stalled call returns the resume's result");
          }
          case "Interrupt" -> {
            MapCall call = waiting.remove(key);
            if (call == null) {
              trace.add(op + " -> no stalled map");
              return;
            }
            call.interrupt();
            r = call.join();
            assertEquals("EINTR", r.outcome(), () -> trace + " " + op);
          }
          default -> r = Calls.step(k, op);
        }
      } catch (NotEnabledException e) {
        trace.add(op + " -> not enabled");
        assertEquals(before, k.snapshot(), () -> trace + ": a call that is not enabled changed the state");
        assertEquals(seen, rec.events.size(), () -> trace + ": a call that is not enabled made an event");
        return;
      }
      settle();
      Snapshot after = k.snapshot();
      trace.add(op + " -> " + (r == null ? "stalled/none" : r));
      List<Invariants.Violation> v = new ArrayList<>(Invariants.check(cfg, after));
      List<CallEvent> events;
      synchronized (rec.events) {
        events = new ArrayList<>(rec.events.subList(seen, rec.events.size()));
      }
      for (CallEvent e : events) {
        if (scheduling == Scheduling.AUTOMATIC && e.action().equals("ExporterMigrate")) {
          continue; // stalled maps may have resumed since: checked with stepped scheduling
        }
        v.addAll(Invariants.checkStep(cfg, e, after));
      }
      assertTrue(v.isEmpty(), () -> "after " + trace + ": " + v);
      if (!op.action().equals("ArmFault")) {
        assertTrue(!events.isEmpty(), () -> trace + ": no event");
        CallEvent first = events.get(0);
        String want = op.action().equals("DmaBufMapAttachmentResume") || op.action().equals("Interrupt")
            ? "DmaBufMapAttachment" : op.action();
        assertEquals(want, first.action());
        if (r != null) {
          assertEquals(r.outcome(), first.outcome(), () -> trace.toString());
          assertEquals(r.ret(), first.ret());
        } else {
          assertEquals("stalled", first.outcome());
        }
      }
    }

    /** Automatic scheduling: let every stalled map that can go on return. */
    private void settle() {
      if (scheduling != Scheduling.AUTOMATIC) {
        return;
      }
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      for (var it = waiting.entrySet().iterator(); it.hasNext(); ) {
        MapCall c = it.next().getValue();
        while (!c.isDone() && !pending(k.snapshot(), c.buffer())) {
          if (System.nanoTime() > deadline) {
            fail(trace + ": " + c + " does not resume though no migration is pending");
          }
          Thread.onSpinWait();
        }
        if (c.isDone()) {
          it.remove();
          assertEquals("sg_table", c.join().outcome());
        }
      }
    }

    /** The spec's MigrationPending(b), read off a snapshot. */
    private boolean pending(Snapshot s, String b) {
      String storage = s.storage().get(b);
      return !Snapshot.NONE.equals(storage) && s.attached().get(b).stream()
          .anyMatch(d -> cfg.device(d).orElseThrow().accepts().stream().noneMatch(x -> x.spec().equals(storage)));
    }
  }
}
