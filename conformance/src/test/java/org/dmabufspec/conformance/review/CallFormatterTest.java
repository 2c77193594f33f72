package org.dmabufspec.conformance.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.dmabufspec.spec.tlc.TraceState;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.junit.jupiter.api.Test;

class CallFormatterTest {

  static Value call(String name, String outcome, long ret, Value... args) {
    return Values.record("name", Values.str(name), "args", Values.tuple(args),
        "outcome", Values.str(outcome), "ret", Values.num(ret));
  }

  static Value s(String v) {
    return Values.str(v);
  }

  @Test
  void mapAttachmentReadsLikeTheKernelCall() {
    Step st = CallFormatter.format(3, call("DmaBufMapAttachment", "sg_table", 0,
        s("d1"), s("b1"), s("DMA_TO_DEVICE")));
    assertEquals("3. dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE) -> sg_table", st.line());
    assertEquals("d1", st.actor());
    assertEquals("kernel", st.target());
    assertFalse(st.failed());
  }

  @Test
  void releaseIsAnInternalStepOfTheKernel() {
    Step st = CallFormatter.format(7, call("DmaBufRelease", "ok", 0, new Value.ModelValue("b1")));
    assertEquals("7. dma_buf_release(b1) [last fput]", st.line());
    assertEquals("kernel", st.actor());
    assertEquals("exporter", st.target());
    assertTrue(st.internal());
  }

  @Test
  void fdsErrnosAndReturnValues() {
    assertEquals("2. dma_buf_fd(b1, O_CLOEXEC) into p1 -> fd 3", CallFormatter.format(2,
        call("DmaBufFd", "fd", 3, s("p1"), s("b1"), Values.bool(true))).line());
    Step emfile = CallFormatter.format(2, call("DmaBufFd", "EMFILE", 0, s("p1"), s("b1"),
        Values.bool(false)));
    assertEquals("2. dma_buf_fd(b1, 0) into p1 -> -EMFILE", emfile.line());
    assertTrue(emfile.failed());
    assertEquals("4. lseek(3, 0, SEEK_END) -> 4096", CallFormatter.format(4,
        call("DmaBufLlseek", "ok", 4096, s("p1"), Values.num(3), Values.num(0), s("SEEK_END"))).line());
    assertEquals("5. close(3) -> 0", CallFormatter.format(5,
        call("FdClose", "ok", 0, s("p1"), Values.num(3))).line());
    assertEquals("1. dma_buf_export(b1) -> dma_buf", CallFormatter.format(1,
        call("DmaBufExport", "ok", 0, s("b1"))).line());
    assertEquals("6. ioctl(3, DMA_BUF_IOCTL_SYNC, DMA_BUF_SYNC_START|DMA_BUF_SYNC_RW) -> 0",
        CallFormatter.format(6, call("DmaBufIoctlSync", "ok", 0, s("p1"), Values.num(3), Values.num(3))).line());
    Step stall = CallFormatter.format(8, call("DmaBufMapAttachment", "stalled", 0, s("d2"), s("b1"),
        s("DMA_BIDIRECTIONAL")));
    assertEquals("8. dma_buf_map_attachment(d2, b1, DMA_BIDIRECTIONAL) -> stalled [waits for the migration]",
        stall.line());
    Step mig = CallFormatter.format(9, call("ExporterMigrate", "ok", 0, s("b1")));
    assertEquals("exporter", mig.actor());
    assertTrue(mig.internal());
  }

  @Test
  void stepsSkipTheInitialStateAndNumberFromOne() {
    List<TraceState> trace = List.of(
        new TraceState(1, "<Initial predicate>", Map.of("lastAction", call("Init", "ok", 0))),
        new TraceState(2, "<DmaBufExport line 1, col 1 to line 2, col 2 of module DmaBufLifecycle>",
            Map.of("lastAction", call("DmaBufExport", "ok", 0, s("b1")))),
        new TraceState(3, "<DmaBufAttach line 1, col 1 to line 2, col 2 of module DmaBufLifecycle>",
            Map.of("lastAction", call("DmaBufAttach", "attachment", 0, s("d1"), s("b1")))));
    List<Step> steps = CallFormatter.steps(trace);
    assertEquals(2, steps.size());
    assertEquals("1. dma_buf_export(b1) -> dma_buf", steps.get(0).line());
    assertEquals("2. dma_buf_attach(b1, d1) -> attachment", steps.get(1).line());
  }

  @Test
  void counterexampleTextEndsWithTheLasso() {
    Counterexample c = new Counterexample("ReleaseProp", "", List.of(
        CallFormatter.format(1, call("DmaBufExport", "ok", 0, s("b1")))), 1, false, null);
    assertEquals("  1. dma_buf_export(b1) -> dma_buf\n"
        + "  ... then back to the state after step 1, forever\n", c.text("  "));
  }
}
