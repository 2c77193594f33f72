package org.dmabufspec.conformance.kernel;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The spec variables the kernel cannot show and user space cannot change: {@code mapped},
 * {@code cpuWindow} and {@code vmapCount}. The calls that change them (map and unmap of an
 * attachment, begin and end of kernel cpu access, vmap and vunmap) have no user-space entry
 * point, so {@link KernelTarget} answers them "unsupported"; it still follows them here, as
 * the spec's actions would change these variables, because later calls that do reach the
 * kernel depend on them: {@code DmaBufDetach} is EBUSY while mapped, the last importer
 * {@code DmaBufPut} is EBUSY while cpu access is open.
 *
 * <p>The shadow is only ever used to decide that a later call would not reach the kernel in
 * the spec's sense (and so is unsupported too); it never produces an outcome that is compared.
 * A wrong shadow can therefore cost coverage or show up as a divergence, never hide one.
 */
final class SpecShadow {
    private record Key(String b, String d) {}

    private record Window(int start, int len, String dir) {}

    private final Map<Key, String> mapped = new HashMap<>();
    private final Map<String, Window> cpuWindow = new HashMap<>();
    private final Map<String, Integer> vmapCount = new HashMap<>();
    private final int nPages;
    private final boolean vmapSupported;
    private final int maxVmaps;

    SpecShadow(int nPages, boolean vmapSupported, int maxVmaps) {
        this.nPages = nPages;
        this.vmapSupported = vmapSupported;
        this.maxVmaps = maxVmaps;
    }

    /** DmaBufMapAttachment: an attached device with no outstanding map gets one (no migration here). */
    void map(String d, String b, String dir, boolean attached) {
        Key k = new Key(b, d);
        if (attached && !mapped.containsKey(k)) {
            mapped.put(k, dir);
        }
    }

    /** DmaBufUnmapAttachment. */
    void unmap(String d, String b) {
        mapped.remove(new Key(b, d));
    }

    boolean mapped(String d, String b) {
        return mapped.containsKey(new Key(b, d));
    }

    /** DmaBufBeginCpuAccess: the window opens when it is in range and none is open. */
    void beginCpuAccess(String b, int start, int len, String dir, boolean importerRefHeld) {
        if (importerRefHeld && start + len <= nPages && !cpuWindow.containsKey(b)) {
            cpuWindow.put(b, new Window(start, len, dir));
        }
    }

    /** DmaBufEndCpuAccess: closes the window begun with exactly these arguments. */
    void endCpuAccess(String b, int start, int len, String dir) {
        if (Objects.equals(cpuWindow.get(b), new Window(start, len, dir))) {
            cpuWindow.remove(b);
        }
    }

    /** DmaBufVmap. */
    void vmap(String b, boolean importerRefHeld) {
        int n = vmapCount.getOrDefault(b, 0);
        if (importerRefHeld && vmapSupported && n < maxVmaps) {
            vmapCount.put(b, n + 1);
        }
    }

    /** DmaBufVunmap. */
    void vunmap(String b) {
        vmapCount.computeIfPresent(b, (k, n) -> n > 1 ? n - 1 : null);
    }

    /** The spec's CpuBusy(b) as far as user space can drive it (kmap is gone in modern kernels). */
    boolean cpuBusy(String b) {
        return cpuWindow.containsKey(b) || vmapCount.containsKey(b);
    }

    /** A buffer whose kernel object is gone keeps nothing. */
    void forget(String b) {
        mapped.keySet().removeIf(k -> k.b().equals(b));
        cpuWindow.remove(b);
        vmapCount.remove(b);
    }

    void clear() {
        mapped.clear();
        cpuWindow.clear();
        vmapCount.clear();
    }
}
