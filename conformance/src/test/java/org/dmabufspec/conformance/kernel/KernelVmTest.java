package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.kernel.KernelRoute.Kind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KernelProbe} on a real kernel: in this JVM when this kernel has /dev/udmabuf or
 * /dev/dma_heap/system, otherwise in Debian's 6.12 kernel booted under QEMU, otherwise skipped
 * with what is missing. The probe runs in the one {@link KernelSession} of the build (one boot
 * for every kernel test). On CI (CI=true) it never skips: the VM harness installs what it
 * needs, and a harness failure fails the test.
 */
class KernelVmTest {

    /** The probe's report; skips the calling test, naming what is missing, when there is none. */
    private static ProbeReport report() {
        KernelSession.Result session = KernelSession.get();
        Path file = session.report("probe.json");
        assertTrue(Files.exists(file), () -> "the suite wrote no probe report; parts: " + session.summary().parts());
        try {
            return ProbeReport.read(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void everyExpectationMatched() {
        ProbeReport report = report();
        assertTrue(report.passed() > 0, "the probe ran no check; skipped: " + report.skipped());
        assertEquals(0, report.failed(), () -> "on kernel " + report.kernel() + ":\n" + report.failures());
        assertTrue(report.ok());
    }

    @Test
    void theVmKernelHasEveryDeviceTheProbeNeeds() {
        ProbeReport report = report();
        Assumptions.assumeTrue(KernelSession.kind() == Kind.VM, "runs on the host kernel, which may lack some devices");
        assertEquals(List.of(), report.skipped(), "6.12 under QEMU has udmabuf, the system heap and vgem");
        assertEquals("present", report.devices().get(DmaBufKernel.UDMABUF_DEVICE));
        assertEquals("/dev/dri/card0", report.devices().get("vgem"));
    }

    /** The error cases KERNEL-VM.md lists were each checked (and matched, see above). */
    @ParameterizedTest
    @ValueSource(strings = {"lseek(1, SEEK_SET)", "lseek(0, SEEK_CUR)", "lseek(4096, SEEK_END)",
            "DMA_BUF_IOCTL_SYNC flags=0x80", "mmap of twice the size",
            "UDMABUF_CREATE on a memfd without F_SEAL_SHRINK", "UDMABUF_CREATE with size 1000 (not a page multiple)",
            "UDMABUF_CREATE of 128 KiB from a 64 KiB memfd", "DMA_HEAP_IOCTL_ALLOC with heap_flags=1",
            "DMA_HEAP_IOCTL_ALLOC with O_NONBLOCK in fd_flags", "DMA_HEAP_IOCTL_ALLOC with len=0",
            "DMA_HEAP_IOCTL_ALLOC with fd=5 on input"})
    void kernelVmErrorCasesGiveEinval(String name) {
        List<ProbeReport.Check> found = report().checks().stream().filter(c -> c.name().equals(name)).toList();
        Assumptions.assumeFalse(found.isEmpty() && KernelSession.kind() == Kind.IN_PROCESS,
                "this host's kernel lacks the device for: " + name);
        assertTrue(!found.isEmpty(), "no check named '" + name + "'");
        for (ProbeReport.Check c : found) {
            assertEquals("EINVAL", c.expected(), c.toString());
            assertTrue(c.matched(), c.toString());
        }
    }
}
