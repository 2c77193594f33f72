package org.dmabufspec.reference;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The spec's safety properties ({@code DmaBuf.tla}, "Safety"), evaluated on a {@link Snapshot}:
 * the state invariants with {@link #check}, the ones about the last call with
 * {@link #checkStep}. Each violation names the invariant as the spec does.
 */
public final class Invariants {

  /**
   * One violated invariant.
   *
   * @param invariant the spec's name, e.g. {@code "RefcountInv"}
   * @param detail what was found
   */
  public record Violation(String invariant, String detail) {
    @Override
    public String toString() {
      return invariant + ": " + detail;
    }
  }

  private Invariants() {}

  /** The state invariants that {@code s} violates (empty when all hold). */
  public static List<Violation> check(Config cfg, Snapshot s) {
    List<Violation> out = new ArrayList<>();
    typeOk(cfg, s, out);
    for (String b : cfg.buffers()) {
      boolean live = "live".equals(s.bufState().get(b));
      boolean released = "released".equals(s.bufState().get(b));
      int holders = holders(cfg, s, b);
      // RefcountInv: the file count equals the references actually held.
      if (live && s.refcount().get(b) != holders) {
        out.add(new Violation("RefcountInv", b + ": refcount " + s.refcount().get(b) + " but "
            + holders + " holders (fds, kernel references, mappings)"));
      }
      // NoUseAfterReleaseInv: dma_buf_release's WARN on attachments and BUG on vmaps.
      if (released && (holders != 0 || !s.attached().get(b).isEmpty() || cpuBusy(cfg, s, b)
          || s.mapped().get(b).values().stream().anyMatch(v -> !Snapshot.NONE.equals(v))
          || s.stalled().get(b).values().stream().anyMatch(v -> !Snapshot.NONE.equals(v)))) {
        out.add(new Violation("NoUseAfterReleaseInv", b + " is released but still used"));
      }
      // ReleaseOnceInv: the exporter's release runs exactly once, when released.
      int want = released ? 1 : 0;
      if (s.releases().get(b) != want) {
        out.add(new Violation("ReleaseOnceInv", b + ": releases " + s.releases().get(b)
            + " in state " + s.bufState().get(b)));
      }
      for (Device d : cfg.devices()) {
        String mapped = s.mapped().get(b).get(d.name());
        String stalled = s.stalled().get(b).get(d.name());
        boolean attached = s.attached().get(b).contains(d.name());
        // MapNeedsAttachInv: "At least one attach ... must have happened before map_dma_buf".
        if ((!Snapshot.NONE.equals(mapped) || !Snapshot.NONE.equals(stalled)) && !attached) {
          out.add(new Violation("MapNeedsAttachInv", d.name() + " maps " + b + " unattached"));
        }
        // MappedConstraintsInv: every mapping sits on storage its device accepts.
        if (!Snapshot.NONE.equals(mapped) && !accepts(d, s.storage().get(b))) {
          out.add(new Violation("MappedConstraintsInv", d.name() + " maps " + b + " on storage "
              + s.storage().get(b) + " it cannot reach"));
        }
      }
      // KmapInRangeInv: kmaps only inside the range begun.
      Set<Integer> held = new HashSet<>(s.kmapped().get(b));
      held.addAll(atomicPages(s, b));
      Set<Integer> window = windowPages(cfg, s.cpuWindow().get(b));
      if (!window.containsAll(held)) {
        out.add(new Violation("KmapInRangeInv", b + ": pages " + held + " held, window "
            + s.cpuWindow().get(b)));
      }
      // VmapOnceInv: one exporter vmap per vmapping period.
      int vmaps = s.vmapCount().get(b) > 0 ? 1 : 0;
      if (s.exporterVmaps().get(b) != vmaps) {
        out.add(new Violation("VmapOnceInv", b + ": exporterVmaps " + s.exporterVmaps().get(b)
            + " with vmapCount " + s.vmapCount().get(b)));
      }
    }
    // AtomicKmapLimitInv: at most 2 atomic kmaps per context.
    s.atomics().forEach((c, held) -> {
      if (held.size() > KernelContext.MAX_ATOMIC_KMAPS) {
        out.add(new Violation("AtomicKmapLimitInv", c + " holds " + held));
      }
    });
    for (String p : cfg.procs()) {
      // MmapWithinSizeInv: "the dma-buf core checks whether a vma is too large".
      s.mmaps().get(p).forEach((b, m) -> {
        if (!m.isEmpty() && m.get(0) + m.get(1) > cfg.nPages()) {
          out.add(new Violation("MmapWithinSizeInv", p + " maps " + b + " at " + m));
        }
      });
      // FdProvenanceInv: a process holds only buffers it created or was sent.
      s.fds().get(p).forEach((fd, e) -> {
        if (!Snapshot.NONE.equals(e.buf()) && !s.granted().get(p).contains(e.buf())) {
          out.add(new Violation("FdProvenanceInv", p + " fd " + fd + " holds " + e.buf()
              + ", never granted"));
        }
      });
    }
    return out;
  }

  /**
   * The invariants about the last call ({@code NoMigrationWhileMappedInv},
   * {@code ExecClosesCloexecInv}, {@code LlseekResultInv}) that {@code last}, with {@code after}
   * the state it produced, violates.
   */
  public static List<Violation> checkStep(Config cfg, CallEvent last, Snapshot after) {
    List<Violation> out = new ArrayList<>();
    switch (last.action()) {
      case "ExporterMigrate" -> {
        String b = (String) last.args().get(0);
        if (after.mapped().get(b).values().stream().anyMatch(v -> !Snapshot.NONE.equals(v))) {
          out.add(new Violation("NoMigrationWhileMappedInv", b + " migrated while mapped: "
              + after.mapped().get(b)));
        }
      }
      case "ProcessExec" -> {
        String p = (String) last.args().get(0);
        after.fds().get(p).forEach((fd, e) -> {
          if (e.cloexec()) {
            out.add(new Violation("ExecClosesCloexecInv", p + " kept CLOEXEC fd " + fd));
          }
        });
      }
      case "DmaBufLlseek" -> {
        if ("ok".equals(last.outcome())) {
          long off = ((Number) last.args().get(2)).longValue();
          Object whence = last.args().get(3);
          boolean good = off == 0 && ("SEEK_END".equals(whence) && last.ret() == cfg.size()
              || "SEEK_SET".equals(whence) && last.ret() == 0);
          if (!good) {
            out.add(new Violation("LlseekResultInv", last.toString()));
          }
        }
      }
      default -> {
        // no property about other calls
      }
    }
    return out;
  }

  /** The spec's {@code Holders(b)}: fds, kernel references and mappings. */
  public static int holders(Config cfg, Snapshot s, String b) {
    int n = 0;
    for (Map<Integer, Snapshot.Fd> table : s.fds().values()) {
      for (Snapshot.Fd e : table.values()) {
        if (b.equals(e.buf())) {
          n++;
        }
      }
    }
    for (int refs : s.drvRefs().get(b).values()) {
      n += refs;
    }
    for (Map<String, List<Integer>> maps : s.mmaps().values()) {
      if (!maps.get(b).isEmpty()) {
        n++;
      }
    }
    return n;
  }

  private static boolean cpuBusy(Config cfg, Snapshot s, String b) {
    return !Snapshot.Window.NONE.equals(s.cpuWindow().get(b)) || !s.kmapped().get(b).isEmpty()
        || !atomicPages(s, b).isEmpty() || s.vmapCount().get(b) > 0;
  }

  private static Set<Integer> atomicPages(Snapshot s, String b) {
    Set<Integer> out = new HashSet<>();
    s.atomics().values().forEach(held -> held.stream().filter(a -> a.buffer().equals(b))
        .forEach(a -> out.add(a.page())));
    return out;
  }

  private static Set<Integer> windowPages(Config cfg, Snapshot.Window w) {
    Set<Integer> out = new HashSet<>();
    for (int pg = 0; pg < cfg.nPages(); pg++) {
      if (w.start() <= pg && pg < w.start() + w.len()) {
        out.add(pg);
      }
    }
    return out;
  }

  private static boolean accepts(Device d, String storage) {
    return d.accepts().stream().anyMatch(k -> k.spec().equals(storage));
  }

  /** A partial {@code TypeOK}: the value domains the snapshot's shape does not already fix. */
  private static void typeOk(Config cfg, Snapshot s, List<Violation> out) {
    Set<String> buffers = new HashSet<>(cfg.buffers());
    for (String b : cfg.buffers()) {
      Snapshot.Window w = s.cpuWindow().get(b);
      if (!Snapshot.Window.NONE.equals(w) && (w.start() < 0 || w.start() >= cfg.nPages()
          || w.len() < 1 || w.len() > cfg.nPages() || Snapshot.NONE.equals(w.dir()))) {
        out.add(new Violation("TypeOK", b + ": cpuWindow " + w));
      }
      for (int pg : s.kmapped().get(b)) {
        if (pg < 0 || pg >= cfg.nPages()) {
          out.add(new Violation("TypeOK", b + ": kmapped page " + pg));
        }
      }
      if (s.refcount().get(b) < 0 || s.vmapCount().get(b) < 0 || s.exporterVmaps().get(b) < 0) {
        out.add(new Violation("TypeOK", b + ": negative count"));
      }
    }
    s.fds().forEach((p, table) -> table.forEach((fd, e) -> {
      if (!Snapshot.NONE.equals(e.buf()) && !buffers.contains(e.buf())
          || Snapshot.NONE.equals(e.buf()) && e.cloexec()) {
        out.add(new Violation("TypeOK", p + " fd " + fd + ": " + e));
      }
    }));
  }
}
