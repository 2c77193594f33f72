package org.dmabufspec.reference;

import static org.dmabufspec.reference.Fixtures.TO;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The life cycle and the file operations, as the reference's users see them beyond the outcomes:
 * every call, successful or not, leaves exactly one event with the spec's name, arguments and
 * outcome (the logs that trace validation reads), and gives its locks back (another thread can
 * look at the kernel at once). The expected events are the spec's, written out by hand.
 */
class CallEventsAndLocksTest {

  /** One call of the script: what it does, and the event the spec says it leaves. */
  private record Call(Function<ReferenceKernel, Result<?>> run, String event) {}

  private static Call call(Function<ReferenceKernel, Result<?>> run, String event) {
    return new Call(run, event);
  }

  /** The guide's life cycle on the seed kernel, with a failing call after most steps. */
  private static final List<Call> LIFECYCLE = List.of(
      call(k -> k.dmaBufExport("b1"), "DmaBufExport[b1] -> ok"),
      call(k -> k.dmaBufFd("p1", "b1", false), "DmaBufFd[p1, b1, false] -> fd"),
      call(k -> k.dmaBufGet("d1", "p1", 4), "DmaBufGet[d1, p1, 4] -> EBADF"),
      call(k -> k.dmaBufGet("d1", "p1", 3), "DmaBufGet[d1, p1, 3] -> ok"),
      call(k -> k.dmaBufAttach("d1", "b1"), "DmaBufAttach[d1, b1] -> attachment"),
      call(k -> k.dmaBufAttach("d1", "b1"), "DmaBufAttach[d1, b1] -> EBUSY"),
      call(k -> k.dmaBufMapAttachment("d1", "b1", TO), "DmaBufMapAttachment[d1, b1, DMA_TO_DEVICE] -> sg_table"),
      call(k -> k.dmaBufMapAttachment("d1", "b1", TO), "DmaBufMapAttachment[d1, b1, DMA_TO_DEVICE] -> EBUSY"),
      call(k -> k.dmaBufDetach("d1", "b1"), "DmaBufDetach[d1, b1] -> EBUSY"),
      call(k -> k.dmaBufUnmapAttachment("d1", "b1"), "DmaBufUnmapAttachment[d1, b1] -> ok"),
      call(k -> k.dmaBufUnmapAttachment("d1", "b1"), "DmaBufUnmapAttachment[d1, b1] -> EINVAL"),
      call(k -> k.dmaBufDetach("d1", "b1"), "DmaBufDetach[d1, b1] -> ok"),
      call(k -> k.dmaBufDetach("d1", "b1"), "DmaBufDetach[d1, b1] -> EINVAL"),
      call(k -> k.dmaBufMmap("p1", 3, 1, 0), "DmaBufMmap[p1, 3, 1, 0] -> ok"),
      call(k -> k.dmaBufMmap("p1", 3, 1, 2), "DmaBufMmap[p1, 3, 1, 2] -> EINVAL"),
      call(k -> k.munmap("p1", "b1"), "Munmap[p1, b1] -> ok"),
      call(k -> k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END), "DmaBufLlseek[p1, 3, 0, SEEK_END] -> ok"),
      call(k -> k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_CUR), "DmaBufLlseek[p1, 3, 0, SEEK_CUR] -> EINVAL"),
      call(k -> k.fdDup("p1", 3), "FdDup[p1, 3] -> fd"),
      call(k -> k.fdDup("p1", 3), "FdDup[p1, 3] -> EMFILE"),
      call(k -> k.fdClose("p1", 4), "FdClose[p1, 4] -> ok"),
      call(k -> k.fdClose("p1", 4), "FdClose[p1, 4] -> EBADF"),
      call(k -> k.fdSend("p1", "p2", 3), "FdSend[p1, p2, 3] -> fd"),
      call(k -> k.fdSend("p1", "p2", 4), "FdSend[p1, p2, 4] -> EBADF"),
      call(k -> k.processExec("p2"), "ProcessExec[p2] -> ok"),
      call(k -> k.dmaBufPut("d1", "b1"), "DmaBufPut[d1, b1] -> ok"),
      call(k -> k.dmaBufPut("d1", "b1"), "DmaBufPut[d1, b1] -> EINVAL"),
      call(k -> k.fdClose("p2", 3), "FdClose[p2, 3] -> ok"),
      call(k -> k.fdClose("p1", 3), "FdClose[p1, 3] -> ok"),
      call(k -> k.dmaBufRelease("b1"), "DmaBufRelease[b1] -> ok"));

  private static List<String> events(Fixtures.Recorder rec) {
    List<String> out = new ArrayList<>();
    rec.events.forEach(e -> out.add(e.action() + e.args() + " -> " + e.outcome()));
    return out;
  }

  @Test
  void everyCallLeavesOneEventAsTheSpecNamesIt() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, rec);
    List<String> expected = new ArrayList<>();
    for (Call c : LIFECYCLE) {
      c.run().apply(k);
      expected.add(c.event());
    }
    assertEquals(expected, events(rec));
  }

  @Test
  void theModernIoctlsLeaveTheirEvents() {
    Fixtures.Recorder rec = new Fixtures.Recorder();
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI.withProfile(KernelProfile.MODERN), Scheduling.DEFERRED, rec);
    Fixtures.exportTo(k, "b1", "p1");
    rec.clear();
    k.dmaBufIoctlSync("p1", 3, 8);
    k.dmaBufIoctlSync("p1", 3, 3);
    k.dmaBufIoctlSync("p1", 4, 3);
    k.dmaBufSetName("p1", 3, "n1");
    k.dmaBufSetName("p1", 4, "n1");
    assertEquals(List.of(
        "DmaBufIoctlSync[p1, 3, 8] -> EINVAL",
        "DmaBufIoctlSync[p1, 3, 3] -> ok",
        "DmaBufIoctlSync[p1, 4, 3] -> EBADF",
        "DmaBufSetName[p1, 3, n1] -> ok",
        "DmaBufSetName[p1, 4, n1] -> EBADF"), events(rec));
  }

  /** After each call of the script another thread takes every lock of the kernel in time. */
  @Test
  void everyCallGivesItsLocksBack() throws Exception {
    ReferenceKernel k = Fixtures.kernel(Fixtures.CI, Scheduling.DEFERRED, EventSink.NONE);
    ExecutorService other = Executors.newSingleThreadExecutor();
    try {
      for (Call c : LIFECYCLE) {
        c.run().apply(k);
        Future<Snapshot> s = other.submit(k::snapshot);
        try {
          s.get(5, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
          fail(c.event() + " kept a lock: another thread could not take a snapshot");
        } catch (ExecutionException e) {
          fail("snapshot after " + c.event() + ": " + e.getCause());
        }
      }
    } finally {
      other.shutdownNow();
    }
  }
}
