package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.reference.Config;
import org.dmabufspec.reference.Device;
import org.dmabufspec.reference.ExporterPolicy;
import org.dmabufspec.reference.KernelProfile;
import org.dmabufspec.reference.ReferenceKernel;
import org.dmabufspec.reference.Result;
import org.dmabufspec.reference.StorageKind;
import org.dmabufspec.reference.Whence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel community's user-space dma-buf tests ({@link KernelSelftests}): on the real kernel,
 * from the build's {@link KernelSession}, section by section; and, where the case means something
 * for the Java reference (llseek offsets, sync flags, mmap ranges: arguments the spec's model
 * bounds leave out), on the reference too, here on any host. The udmabuf and heap argument errors
 * have no counterpart in the spec (its exporter is abstract), so they run on the kernel only. The
 * cases the spec's vocabulary can say are also traces in {@code traces/corpus/kernel}, replayed by
 * {@link KernelReplayVmTest}.
 */
class KernelSelftestCases {

    private static ProbeReport kernel() throws IOException {
        Path f = KernelSession.get().report("selftests.json");
        assertTrue(f.toFile().exists(), "no selftests report");
        return ProbeReport.read(f);
    }

    @ParameterizedTest
    @ValueSource(strings = {"selftests/drivers/dma-buf/udmabuf.c", "selftests/dmabuf-heaps/dmabuf-heap.c",
            "IGT prime_self_import", "IGT prime_mmap", "facts"})
    void onTheKernel(String section) throws IOException {
        ProbeReport r = kernel();
        List<ProbeReport.Check> checks = r.checks().stream().filter(c -> c.section().equals(section)).toList();
        org.junit.jupiter.api.Assumptions.assumeFalse(checks.isEmpty() && KernelSession.kind() == KernelRoute.Kind.IN_PROCESS,
                "this host's kernel lacks the device for " + section + ": " + r.skipped());
        assertFalse(checks.isEmpty(), "no check in " + section + "; skipped " + r.skipped());
        for (ProbeReport.Check c : checks) {
            assertTrue(c.matched(), c.toString());
        }
    }

    /** The fact {@link KnownDivergences} relies on, and that it is udmabuf's alone. */
    @Test
    void syncEndBeforeStartIsEinvalOnUdmabufOnly() throws IOException {
        ProbeReport r = kernel();
        assertEquals("EINVAL", check(r, "udmabuf: SYNC END|RW before any START").expected());
        assertTrue(check(r, "udmabuf: SYNC END|RW before any START").matched());
        assertTrue(check(r, "udmabuf: SYNC END|RW after a START").matched());
        assertTrue(check(r, "system heap: SYNC END|RW before any START").matched());
    }

    /** The constant {@link KernelTarget}'s refcount projection subtracts per attachment. */
    @Test
    void aVgemImportHoldsThreeReferences() throws IOException {
        ProbeReport.Check c = check(kernel(), "a vgem import adds " + VgemDevice.REFS_PER_IMPORT + " references");
        assertTrue(c.matched(), c.toString());
    }

    private static ProbeReport.Check check(ProbeReport r, String name) {
        return r.checks().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check '" + name + "' in " + r.checks()));
    }

    // ------------------------------------------------------------------ the reference

    /** A reference with one buffer of {@code pages} pages, exported into p1 as fd 3. */
    private static ReferenceKernel reference(int pages) {
        Config c = new Config(List.of("b1"), List.of(Device.of("d1", StorageKind.SYSTEM)), "exp", List.of("p1"),
                List.of("c1"), List.of(StorageKind.SYSTEM), pages, 4096, 2, KernelProfile.MODERN, ExporterPolicy.GUIDE);
        ReferenceKernel k = new ReferenceKernel(c);
        assertTrue(k.dmaBufExport("b1").isOk());
        Result<Integer> fd = k.dmaBufFd("p1", "b1", true);
        assertEquals(3, fd.value());
        return k;
    }

    @Test
    void referenceBasicLlseekSize() {
        for (int i = 0; i < 10; i++) {
            ReferenceKernel k = reference(1 << i);
            Result<Long> r = k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END);
            assertEquals(4096L << i, r.ret(), "IGT basic-llseek-size, " + (4096 << i) + " bytes");
        }
    }

    @Test
    void referenceBasicLlseekBad() {
        ReferenceKernel k = reference(1);
        long size = 4096;
        assertEquals("ok", k.dmaBufLlseek("p1", 3, 0, Whence.SEEK_END).outcome());
        long[][] bad = {{-1, 2}, {1, 0}, {size, 0}, {size + 1, 0}, {size - 1, 0}};
        for (long[] b : bad) {
            Whence w = b[1] == 2 ? Whence.SEEK_END : Whence.SEEK_SET;
            assertEquals("EINVAL", k.dmaBufLlseek("p1", 3, b[0], w).outcome(), "lseek(" + b[0] + ", " + w + ")");
        }
    }

    @Test
    void referenceInvalidSyncFlags() {
        ReferenceKernel k = reference(1);
        for (long flags : new long[] {-1, 0, 3 + 1, 7 + 1}) {
            assertEquals("EINVAL", k.dmaBufIoctlSync("p1", 3, flags).outcome(), "IGT test_invalid_sync_flags " + flags);
        }
        assertEquals("ok", k.dmaBufIoctlSync("p1", 3, 3).outcome());
        assertEquals("ok", k.dmaBufIoctlSync("p1", 3, 7).outcome());
    }

    @Test
    void referenceMmapErrors() {
        ReferenceKernel k = reference(4); // IGT's BO_SIZE, 16 KiB
        assertEquals("EINVAL", k.dmaBufMmap("p1", 3, 8, 0).outcome(), "twice the size");
        assertEquals("EINVAL", k.dmaBufMmap("p1", 3, 4, 2).outcome(), "overlapping the end: BO_SIZE at BO_SIZE/2");
        assertEquals("ok", k.fdClose("p1", 3).outcome());
        assertEquals("EBADF", k.dmaBufMmap("p1", 3, 1, 0).outcome(), "mmap after close");
    }
}
