package org.dmabufspec.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Shared set-ups for the guide-section tests, on the CI model of MCDmaBuf.cfg with two pages per
 * buffer (so that ranges, page offsets and "past the end" have room).
 */
final class Fixtures {
  static final Config CI = Config.ciModel().withNPages(2);
  static final DataDirection TO = DataDirection.DMA_TO_DEVICE;
  static final DataDirection FROM = DataDirection.DMA_FROM_DEVICE;

  private Fixtures() {}

  /** Records every event. */
  static final class Recorder implements EventSink {
    final List<CallEvent> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(CallEvent e) {
      events.add(e);
    }

    CallEvent last() {
      synchronized (events) {
        return events.get(events.size() - 1);
      }
    }

    List<String> names() {
      synchronized (events) {
        return events.stream().map(e -> e.action() + ":" + e.outcome()).toList();
      }
    }

    void clear() {
      events.clear();
    }
  }

  static ReferenceKernel kernel() {
    return new ReferenceKernel(CI);
  }

  static ReferenceKernel kernel(Config cfg, Scheduling scheduling, EventSink sink) {
    return new ReferenceKernel(cfg, scheduling, sink);
  }

  static <T> T ok(Result<T> r) {
    if (!r.isOk()) {
      fail("expected success, got " + r);
    }
    return r.value();
  }

  static void assertFails(Errno errno, Result<?> r) {
    assertFails(errno, r, "");
  }

  static void assertFails(Errno errno, Result<?> r, String why) {
    assertEquals(errno.spec(), r.outcome(), () -> "expected " + errno + ", got " + r + " " + why);
    assertEquals(0, r.ret());
  }

  /** Exports {@code b} and installs it in {@code p}; returns the fd. */
  static int exportTo(ReferenceKernel k, String b, String p) {
    ok(k.dmaBufExport(b));
    return ok(k.dmaBufFd(p, b, false));
  }

  /** Exports b1 into p1 (fd 3) and gives each device in {@code devices} a reference. */
  static int imported(ReferenceKernel k, String... devices) {
    int fd = exportTo(k, "b1", "p1");
    for (String d : devices) {
      ok(k.dmaBufGet(d, "p1", fd));
    }
    return fd;
  }

  /** As {@link #imported} and attaches every device. */
  static int attached(ReferenceKernel k, String... devices) {
    int fd = imported(k, devices);
    for (String d : devices) {
      assertEquals("attachment", k.dmaBufAttach(d, "b1").outcome());
    }
    return fd;
  }

  static void assertInvariants(ReferenceKernel k) {
    List<Invariants.Violation> v = Invariants.check(k.config(), k.snapshot());
    assertTrue(v.isEmpty(), () -> "invariants violated: " + v);
  }
}
