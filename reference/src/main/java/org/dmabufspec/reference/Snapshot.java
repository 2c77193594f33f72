package org.dmabufspec.reference;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The reference's state as the spec's variables (every variable but {@code lastAction}), with
 * the spec's names and spellings, taken atomically. Every buffer, device, driver, process,
 * context and fd slot of the {@link Config} is present, in the configuration's order; an
 * unexported buffer reads as in the spec's {@code Init}.
 *
 * <p>Immutable: every map, set and list is an unmodifiable copy.
 *
 * @param bufState buffer -> "unexported" | "live" | "released"
 * @param refcount buffer -> the file's reference count
 * @param drvRefs buffer -> driver (devices, then the exporter) -> kernel references held
 * @param attached buffer -> attached devices
 * @param mapped buffer -> device -> direction of the outstanding map, or "none"
 * @param stalled buffer -> device -> direction of the waiting map, or "none"
 * @param storage buffer -> "sys" | "contig" | "none"
 * @param everMapped buffer -> map_dma_buf was called once
 * @param releases buffer -> times the exporter's release ran
 * @param cpuWindow buffer -> the open begin_cpu_access range, {@link Window#NONE} when closed
 * @param kmapped buffer -> pages held by dma_buf_kmap
 * @param atomics context -> (buffer, page) pairs held by dma_buf_kmap_atomic
 * @param vmapCount buffer -> dma_buf->vmapping_counter
 * @param exporterVmaps buffer -> exporter vmap calls not undone by vunmap
 * @param name buffer -> dma_buf->name, "" when never named
 * @param fds process -> fd slot -> {buf, cloexec}, {@link Fd#NONE} when free
 * @param mmaps process -> buffer -> [] or [pgoff, len]
 * @param granted process -> buffers it created or was sent
 */
public record Snapshot(
    Map<String, String> bufState,
    Map<String, Integer> refcount,
    Map<String, Map<String, Integer>> drvRefs,
    Map<String, Set<String>> attached,
    Map<String, Map<String, String>> mapped,
    Map<String, Map<String, String>> stalled,
    Map<String, String> storage,
    Map<String, Boolean> everMapped,
    Map<String, Integer> releases,
    Map<String, Window> cpuWindow,
    Map<String, Set<Integer>> kmapped,
    Map<String, Set<KernelContext.AtomicKmap>> atomics,
    Map<String, Integer> vmapCount,
    Map<String, Integer> exporterVmaps,
    Map<String, String> name,
    Map<String, Map<Integer, Fd>> fds,
    Map<String, Map<String, List<Integer>>> mmaps,
    Map<String, Set<String>> granted) {

  /** The spec's variable names, in the spec's order. */
  public static final List<String> VARIABLES = List.of("bufState", "refcount", "drvRefs",
      "attached", "mapped", "stalled", "storage", "everMapped", "releases", "cpuWindow", "kmapped",
      "atomics", "vmapCount", "exporterVmaps", "name", "fds", "mmaps", "granted");

  /** The spec's "none" for no direction, no storage, no buffer. */
  public static final String NONE = "none";

  /**
   * A {@code cpuWindow} record {@code [start, len, dir]}.
   *
   * @param start first page
   * @param len pages
   * @param dir direction, "none" when closed
   */
  public record Window(int start, int len, String dir) {
    /** The spec's {@code NoWindow}. */
    public static final Window NONE = new Window(0, 0, Snapshot.NONE);

    public Window {
      Objects.requireNonNull(dir, "dir");
    }
  }

  /**
   * An fd table entry {@code [buf, cloexec]}.
   *
   * @param buf the buffer, "none" when the slot is free
   * @param cloexec FD_CLOEXEC
   */
  public record Fd(String buf, boolean cloexec) {
    /** The spec's {@code NoFd}. */
    public static final Fd NONE = new Fd(Snapshot.NONE, false);

    public Fd {
      Objects.requireNonNull(buf, "buf");
    }
  }

  public Snapshot {
    bufState = freeze(bufState, Function.identity());
    refcount = freeze(refcount, Function.identity());
    drvRefs = freeze(drvRefs, m -> freeze(m, Function.identity()));
    attached = freeze(attached, Snapshot::freezeSet);
    mapped = freeze(mapped, m -> freeze(m, Function.identity()));
    stalled = freeze(stalled, m -> freeze(m, Function.identity()));
    storage = freeze(storage, Function.identity());
    everMapped = freeze(everMapped, Function.identity());
    releases = freeze(releases, Function.identity());
    cpuWindow = freeze(cpuWindow, Function.identity());
    kmapped = freeze(kmapped, Snapshot::freezeSet);
    atomics = freeze(atomics, Snapshot::freezeSet);
    vmapCount = freeze(vmapCount, Function.identity());
    exporterVmaps = freeze(exporterVmaps, Function.identity());
    name = freeze(name, Function.identity());
    fds = freeze(fds, m -> freeze(m, Function.identity()));
    mmaps = freeze(mmaps, m -> freeze(m, List::copyOf));
    granted = freeze(granted, Snapshot::freezeSet);
  }

  /** Every variable by its spec name, in {@link #VARIABLES} order. */
  public Map<String, Object> asVariables() {
    List<Object> values = List.of(bufState, refcount, drvRefs, attached, mapped, stalled, storage,
        everMapped, releases, cpuWindow, kmapped, atomics, vmapCount, exporterVmaps, name, fds,
        mmaps, granted);
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < VARIABLES.size(); i++) {
      out.put(VARIABLES.get(i), values.get(i));
    }
    return Collections.unmodifiableMap(out);
  }

  /** The variables whose values differ from {@code other}'s, in {@link #VARIABLES} order. */
  public List<String> diff(Snapshot other) {
    Map<String, Object> a = asVariables();
    Map<String, Object> b = other.asVariables();
    return VARIABLES.stream().filter(v -> !a.get(v).equals(b.get(v))).toList();
  }

  private static <K, V> Map<K, V> freeze(Map<K, V> m, Function<V, V> inner) {
    Map<K, V> copy = new LinkedHashMap<>();
    m.forEach((k, v) -> copy.put(Objects.requireNonNull(k), inner.apply(Objects.requireNonNull(v))));
    return Collections.unmodifiableMap(copy);
  }

  private static <E> Set<E> freezeSet(Set<E> s) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(s));
  }
}
