package org.dmabufspec.conformance.review;

import java.util.ArrayList;
import java.util.List;
import org.dmabufspec.spec.tlc.TraceState;
import org.dmabufspec.spec.value.Value;

/**
 * Turns the spec's record of a call ({@code lastAction = [name, args, outcome, ret]}) into the
 * kernel call it models: {@code DmaBufMapAttachment("d1", "b1", "DMA_TO_DEVICE")} with outcome
 * {@code sg_table} becomes {@code dma_buf_map_attachment(d1, b1, DMA_TO_DEVICE) -> sg_table};
 * internal steps say so ({@code dma_buf_release(b1) [last fput]}).
 */
public final class CallFormatter {
  private CallFormatter() {}

  /** The steps of a counterexample: one per state after the initial one. */
  public static List<Step> steps(List<TraceState> trace) {
    List<Step> steps = new ArrayList<>();
    for (TraceState s : trace) {
      if (s.index() == 1 && trace.get(0) == s) {
        continue;
      }
      Value la = s.vars().get("lastAction");
      if (la == null) {
        steps.add(new Step(steps.size() + 1, "kernel", "kernel", s.actionName(), "", "", false));
      } else {
        steps.add(format(steps.size() + 1, la));
      }
    }
    return steps;
  }

  /** One step from a {@code lastAction} record. */
  public static Step format(int number, Value lastAction) {
    Value.Record r = (Value.Record) lastAction;
    String name = plain(r.get("name"));
    List<String> a = new ArrayList<>();
    if (r.get("args") instanceof Value.Tuple t) {
      t.elements().forEach(v -> a.add(plain(v)));
    }
    String outcome = plain(r.get("outcome"));
    long ret = r.get("ret") instanceof Value.Int i ? i.longValue() : 0;
    return format(number, name, a, outcome, ret);
  }

  /** One step from the parts of a {@code lastAction} record. */
  public static Step format(int number, String name, List<String> a, String outcome, long ret) {
    boolean failed = isErrno(outcome) || outcome.equals("SIGBUS") || outcome.equals("use_after_free");
    String result = failed && isErrno(outcome) ? "-" + outcome : switch (outcome) {
      case "ok" -> "0";
      case "fd" -> "fd " + ret;
      default -> outcome;
    };
    String actor = "kernel";
    String target = "kernel";
    String note = "";
    String call;
    switch (name) {
      case "DmaBufExport" -> { actor = "exporter"; call = "dma_buf_export(" + a(a, 0) + ")";
        if (outcome.equals("ok")) { result = "dma_buf"; } }
      case "DmaBufFd" -> { actor = "exporter";
        call = "dma_buf_fd(" + a(a, 1) + ", " + ("TRUE".equals(a(a, 2)) ? "O_CLOEXEC" : "0")
            + ") into " + a(a, 0); }
      case "DmaBufGet" -> { actor = a(a, 0); call = "dma_buf_get(fd " + a(a, 2) + " of " + a(a, 1) + ") by " + a(a, 0);
        if (outcome.equals("ok")) { result = "dma_buf"; } }
      case "DmaBufAttach" -> { actor = a(a, 0); call = "dma_buf_attach(" + a(a, 1) + ", " + a(a, 0) + ")"; }
      case "DmaBufDetach" -> { actor = a(a, 0); call = "dma_buf_detach(" + a(a, 1) + ", " + a(a, 0) + ")"; }
      case "DmaBufMapAttachment" -> { actor = a(a, 0);
        call = "dma_buf_map_attachment(" + a(a, 0) + ", " + a(a, 1) + ", " + a(a, 2) + ")";
        if (outcome.equals("stalled")) { note = "waits for the migration"; } }
      case "DmaBufUnmapAttachment" -> { actor = a(a, 0);
        call = "dma_buf_unmap_attachment(" + a(a, 0) + ", " + a(a, 1) + ")"; }
      case "DmaBufPut" -> { actor = driver(a(a, 0)); call = "dma_buf_put(" + a(a, 1) + ") by " + actor; }
      case "DmaBufRelease" -> { target = "exporter"; call = "dma_buf_release(" + a(a, 0) + ")";
        result = ""; note = "last fput"; }
      case "ExporterMigrate" -> { actor = "exporter"; target = "exporter";
        call = "exporter migrates " + a(a, 0) + "'s backing storage"; result = ""; note = "internal"; }
      case "DmaBufBeginCpuAccess", "DmaBufEndCpuAccess" -> { actor = "importer";
        call = (name.equals("DmaBufBeginCpuAccess") ? "dma_buf_begin_cpu_access(" : "dma_buf_end_cpu_access(")
            + a(a, 0) + ", pages " + a(a, 1) + "+" + a(a, 2) + ", " + a(a, 3) + ")"; }
      case "DmaBufKmap" -> { actor = "importer"; call = "dma_buf_kmap(" + a(a, 0) + ", " + a(a, 1) + ")"; }
      case "DmaBufKunmap" -> { actor = "importer"; call = "dma_buf_kunmap(" + a(a, 0) + ", " + a(a, 1) + ")"; }
      case "DmaBufKmapAtomic" -> { actor = "importer";
        call = "dma_buf_kmap_atomic(" + a(a, 1) + ", " + a(a, 2) + ") in " + a(a, 0); }
      case "DmaBufKunmapAtomic" -> { actor = "importer";
        call = "dma_buf_kunmap_atomic(" + a(a, 1) + ", " + a(a, 2) + ") in " + a(a, 0); }
      case "DmaBufVmap" -> { actor = "importer"; call = "dma_buf_vmap(" + a(a, 0) + ")"; }
      case "DmaBufVunmap" -> { actor = "importer"; call = "dma_buf_vunmap(" + a(a, 0) + ")"; }
      case "FdDup" -> { actor = a(a, 0); call = "dup(" + a(a, 1) + ")"; }
      case "FdClose" -> { actor = a(a, 0); call = "close(" + a(a, 1) + ")"; }
      case "FdSend" -> { actor = a(a, 0); call = "sendmsg(SCM_RIGHTS, fd " + a(a, 2) + ") to " + a(a, 1); }
      case "ProcessExec" -> { actor = a(a, 0); call = "execve()"; }
      case "DmaBufMmap" -> { actor = a(a, 0);
        call = "mmap(fd " + a(a, 1) + ", " + a(a, 2) + " page" + ("1".equals(a(a, 2)) ? "" : "s")
            + ", pgoff " + a(a, 3) + ")"; }
      case "Munmap" -> { actor = a(a, 0); call = "munmap(" + a(a, 1) + " mapping)"; }
      case "DmaBufLlseek" -> { actor = a(a, 0);
        call = "lseek(" + a(a, 1) + ", " + a(a, 2) + ", " + a(a, 3) + ")";
        if (outcome.equals("ok")) { result = String.valueOf(ret); } }
      case "DmaBufIoctlSync" -> { actor = a(a, 0);
        call = "ioctl(" + a(a, 1) + ", DMA_BUF_IOCTL_SYNC, " + syncFlags(a(a, 2)) + ")"; }
      case "DmaBufSetName" -> { actor = a(a, 0);
        call = "ioctl(" + a(a, 1) + ", DMA_BUF_SET_NAME, \"" + a(a, 2) + "\")"; }
      case "Done" -> { call = "every buffer released"; result = ""; note = "end"; }
      // the history concepts (spec/DmaBufHistory.tla)
      case "DmabuffsDname" -> { actor = "reader";
        call = "readlink(/proc/" + a(a, 0) + "/fd/" + a(a, 1) + ") -> dmabuffs_dname()"; }
      case "DmabuffsDnameCopy" -> { actor = "reader"; call = "dmabuffs_dname() copies " + a(a, 0) + "'s name"; }
      case "DmaBufPoll" -> { actor = a(a, 0); call = "poll(" + a(a, 1) + ")"; }
      case "DmaBufPollCb" -> { target = "kernel"; call = "fence signals: dma_buf_poll_cb(" + a(a, 0) + ")";
        note = "internal"; }
      case "DmaBufFault" -> { actor = a(a, 0); target = "exporter";
        call = "page fault at page " + a(a, 2) + " of " + a(a, 1); }
      case "Mremap" -> { actor = a(a, 0); call = "mremap(" + a(a, 1) + " mapping, " + a(a, 2) + " pages)"; }
      case "MemfdAddSeal" -> { actor = "user"; call = "fcntl(memfd, F_ADD_SEALS, F_SEAL_" + a(a, 0) + ")"; }
      case "UdmabufCreate" -> { actor = "user";
        call = "ioctl(/dev/udmabuf, UDMABUF_CREATE_LIST, {" + a(a, 0) + ", " + a(a, 1) + " pages})"; }
      case "UdmabufPin" -> { target = "exporter"; call = "udmabuf pins " + a(a, 0) + " memfd pages"; note = "internal"; }
      case "UdmabufVmap" -> { actor = "importer"; target = "exporter"; call = "vmap_udmabuf()"; }
      case "DmaHeapAdd" -> { actor = a(a, 0); call = "dma_heap_add(\"system\")"; }
      case "DmaHeapAddInsert" -> { actor = a(a, 0); call = "dma_heap_add(\"system\") inserts the heap"; }
      default -> { call = name + "(" + String.join(", ", a) + ")"; }
    }
    return new Step(number, actor, target, call, result, note, failed);
  }

  /** The printable text of a value: strings and model values without quotes. */
  static String plain(Value v) {
    if (v instanceof Value.Str s) {
      return s.value();
    }
    if (v instanceof Value.ModelValue m) {
      return m.name();
    }
    return String.valueOf(v);
  }

  private static String a(List<String> args, int i) {
    return i < args.size() ? args.get(i) : "?";
  }

  private static String driver(String d) {
    return d.equals("exp") ? "exporter" : d;
  }

  private static boolean isErrno(String outcome) {
    return outcome.length() > 1 && outcome.charAt(0) == 'E' && outcome.equals(outcome.toUpperCase())
        && outcome.chars().allMatch(c -> Character.isUpperCase(c) || Character.isDigit(c));
  }

  private static String syncFlags(String n) {
    try {
      int f = Integer.parseInt(n);
      List<String> parts = new ArrayList<>();
      if ((f & 4) != 0) { parts.add("END"); } else { parts.add("START"); }
      if ((f & 3) == 3) { parts.add("RW"); } else if ((f & 1) != 0) { parts.add("READ"); }
      else if ((f & 2) != 0) { parts.add("WRITE"); }
      if ((f & ~7) != 0) { parts.add("0x" + Integer.toHexString(f & ~7)); }
      return String.join("|", parts.stream().map(x -> x.startsWith("0x") ? x : "DMA_BUF_SYNC_" + x).toList());
    } catch (NumberFormatException e) {
      return n;
    }
  }
}
