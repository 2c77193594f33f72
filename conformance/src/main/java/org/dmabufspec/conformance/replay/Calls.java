package org.dmabufspec.conformance.replay;

import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;

/**
 * How calls read in reports: the spec's action names, or the kernel entry points they model
 * ({@code DmaBufMapAttachment} is {@code dma_buf_map_attachment}), with the arguments as the spec
 * gives them, unquoted: {@code dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE) -> sg_table}.
 */
public final class Calls {
  private Calls() {}

  /** The kernel function (or system call) each action models; see the comment above each action. */
  private static final Map<String, String> KERNEL = Map.ofEntries(
      Map.entry("Init", "(start)"),
      Map.entry("Done", "(every buffer released)"),
      Map.entry("DmaBufExport", "dma_buf_export"),
      Map.entry("DmaBufFd", "dma_buf_fd"),
      Map.entry("DmaBufGet", "dma_buf_get"),
      Map.entry("DmaBufAttach", "dma_buf_attach"),
      Map.entry("DmaBufMapAttachment", "dma_buf_map_attachment"),
      Map.entry("DmaBufUnmapAttachment", "dma_buf_unmap_attachment"),
      Map.entry("DmaBufDetach", "dma_buf_detach"),
      Map.entry("DmaBufPut", "dma_buf_put"),
      Map.entry("DmaBufRelease", "dma_buf_release"),
      Map.entry("ExporterMigrate", "exporter: migrate backing storage"),
      Map.entry("DmaBufBeginCpuAccess", "dma_buf_begin_cpu_access"),
      Map.entry("DmaBufEndCpuAccess", "dma_buf_end_cpu_access"),
      Map.entry("DmaBufKmap", "dma_buf_kmap"),
      Map.entry("DmaBufKunmap", "dma_buf_kunmap"),
      Map.entry("DmaBufKmapAtomic", "dma_buf_kmap_atomic"),
      Map.entry("DmaBufKunmapAtomic", "dma_buf_kunmap_atomic"),
      Map.entry("DmaBufVmap", "dma_buf_vmap"),
      Map.entry("DmaBufVunmap", "dma_buf_vunmap"),
      Map.entry("DmaBufMmap", "mmap"),
      Map.entry("Munmap", "munmap"),
      Map.entry("DmaBufLlseek", "llseek"),
      Map.entry("FdDup", "dup"),
      Map.entry("FdClose", "close"),
      Map.entry("FdSend", "send_fd (SCM_RIGHTS)"),
      Map.entry("ProcessExec", "execve"),
      Map.entry("DmaBufIoctlSync", "ioctl DMA_BUF_IOCTL_SYNC"),
      Map.entry("DmaBufSetName", "ioctl DMA_BUF_SET_NAME"));

  /** The kernel entry point of {@code action}, or its name in snake case for an unknown one. */
  public static String kernelName(String action) {
    String k = KERNEL.get(action);
    if (k != null) {
      return k;
    }
    return action.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
  }

  /** {@code DmaBufGet(d1, p1, 3) -> ok} */
  public static String describe(ActionCall call) {
    return call.name() + args(call.args()) + " -> " + outcome(call.outcome(), call.ret());
  }

  /** {@code dma_buf_get(d1, p1, 3) -> ok} */
  public static String describeKernel(ActionCall call) {
    String k = kernelName(call.name());
    if (call.name().equals("Init") || call.name().equals("Done")) {
      return k;
    }
    return k + args(call.args()) + " -> " + outcome(call.outcome(), call.ret());
  }

  /** An outcome with its ret when that carries information: {@code fd 3}, {@code ok 4096}. */
  public static String outcome(String outcome, long ret) {
    return ret == 0 ? outcome : outcome + " " + ret;
  }

  static String args(List<Value> args) {
    StringJoiner j = new StringJoiner(", ", "(", ")");
    for (Value a : args) {
      j.add(a instanceof Value.Str s ? s.value() : Values.format(a));
    }
    return j.toString();
  }
}
