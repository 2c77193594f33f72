package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.dmabufspec.conformance.kernel.KernelRoute.Kind;
import org.dmabufspec.conformance.kernel.KernelRoute.Machine;
import org.junit.jupiter.api.Test;

class KernelRouteTest {
    private static final Path CACHE = Path.of("/home/u/.cache/dmabuf-spec/vm/kernel");

    private static Machine machine(boolean udmabuf, boolean heap, boolean qemu, boolean cached, Map<String, String> env) {
        return new Machine(udmabuf, heap, qemu, cached, CACHE, env);
    }

    @Test
    void aDeviceHereMeansInProcess() {
        assertEquals(Kind.IN_PROCESS, KernelRoute.choose(machine(true, false, false, false, Map.of())).kind());
        assertEquals(Kind.IN_PROCESS, KernelRoute.choose(machine(false, true, true, true, Map.of("CI", "true"))).kind());
    }

    @Test
    void qemuAndTheCachedKernelMeanVm() {
        assertEquals(Kind.VM, KernelRoute.choose(machine(false, false, true, true, Map.of())).kind());
    }

    @Test
    void nothingHereSkipsNamingEachMissingPiece() {
        KernelRoute route = KernelRoute.choose(machine(false, false, false, true, Map.of()));
        assertEquals(Kind.SKIP, route.kind());
        String reason = route.reason();
        assertTrue(reason.contains("/dev/udmabuf"), reason);
        assertTrue(reason.contains("/dev/dma_heap/system"), reason);
        assertTrue(reason.contains("qemu-system-x86_64"), reason);
        assertTrue(!reason.contains("kernel cache"), "the cache is there: " + reason);
        assertTrue(KernelRoute.choose(machine(false, false, true, false, Map.of())).reason()
                .contains("kernel cache " + CACHE.resolve("vmlinuz")));
    }

    @Test
    void ciAndDmabufVmNeverSkip() {
        assertEquals(Kind.VM, KernelRoute.choose(machine(false, false, false, false, Map.of("CI", "true"))).kind());
        assertEquals(Kind.VM, KernelRoute.choose(machine(false, false, false, false, Map.of("DMABUF_VM", "1"))).kind());
        assertEquals(Kind.SKIP, KernelRoute.choose(machine(false, false, false, false, Map.of("CI", "false"))).kind());
    }

    @Test
    void cacheFollowsTheHarnessVariables() {
        assertEquals(Path.of("/c/kernel"), KernelRoute.kernelCache(Map.of("DMABUF_VM_CACHE", "/c", "HOME", "/h")));
        assertEquals(Path.of("/h/.cache/dmabuf-spec/vm/kernel"), KernelRoute.kernelCache(Map.of("HOME", "/h")));
    }
}
