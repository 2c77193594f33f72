package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmabufspec.conformance.kernel.KernelRoute.Kind;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link KernelProbe} on a real kernel: in this JVM when this kernel has /dev/udmabuf or
 * /dev/dma_heap/system, otherwise in Debian's 6.12 kernel booted under QEMU by
 * {@code conformance/vm/run-in-vm.sh} (one boot for the whole class), otherwise skipped with
 * what is missing. On CI (CI=true) it never skips: the VM harness installs what it needs, and
 * a harness failure fails the test.
 */
class KernelVmTest {
    /** Limit on the boot and the probe (QEMU's own timeout); a warm run takes about a minute or less. */
    private static final long BOOT_TIMEOUT_SECONDS = 280;
    /**
     * Limit on the whole harness run: on a fresh machine it first installs QEMU and fetches the
     * kernel (measured: 20 s and up to 2.5 min on a loaded host) before it boots.
     */
    private static final long HARNESS_TIMEOUT_SECONDS = 900;

    private static KernelRoute route;
    private static ProbeReport report;

    @BeforeAll
    static void runTheProbeOnce() throws Exception {
        route = KernelRoute.choose(KernelRoute.probe(System.getenv()));
        switch (route.kind()) {
            case IN_PROCESS -> report = KernelProbe.run();
            case VM -> report = runInVm();
            case SKIP -> report = null; // each test reports the skip: surefire drops a class-level abort's reason
        }
    }

    /** The probe's report; skips the calling test, naming what is missing, when there is none. */
    private static ProbeReport report() {
        if (report == null) {
            Assumptions.abort(route.reason());
        }
        return report;
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
        Assumptions.assumeTrue(route.kind() == Kind.VM, "runs on the host kernel, which may lack some devices");
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
        Assumptions.assumeFalse(found.isEmpty() && route.kind() == Kind.IN_PROCESS,
                "this host's kernel lacks the device for: " + name);
        assertTrue(!found.isEmpty(), "no check named '" + name + "'");
        for (ProbeReport.Check c : found) {
            assertEquals("EINVAL", c.expected(), c.toString());
            assertTrue(c.matched(), c.toString());
        }
    }

    private static ProbeReport runInVm() throws IOException, InterruptedException {
        Path module = moduleDir();
        Path script = module.resolve("vm/run-in-vm.sh");
        Path share = module.resolve("target/kernel-vm");
        Path reportFile = share.resolve("probe-report.json");
        Path log = module.resolve("target/kernel-vm.log");
        Files.createDirectories(share);
        Files.deleteIfExists(reportFile);

        List<String> command = new ArrayList<>(List.of(script.toString(),
                "--timeout", Long.toString(BOOT_TIMEOUT_SECONDS), "--share", share.toString(), "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A short-lived JVM under TCG: C1 only and the serial collector start fastest.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("java.class.path"),
                KernelProbe.class.getName(), reportFile.toString()));
        Process vm = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        if (!vm.waitFor(HARNESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            vm.descendants().forEach(ProcessHandle::destroyForcibly);
            vm.destroyForcibly().waitFor();
            fail("run-in-vm.sh did not finish in " + HARNESS_TIMEOUT_SECONDS + " s; its log:\n" + tail(log));
        }
        int status = vm.exitValue();
        if (!Files.exists(reportFile)) {
            fail("the probe wrote no report (run-in-vm.sh exited " + status + "; 124 timeout, 125 harness error)."
                    + " Its log, " + log + ":\n" + tail(log));
        }
        ProbeReport probed = ProbeReport.read(reportFile);
        if (status != (probed.ok() ? 0 : 1)) {
            fail("run-in-vm.sh exited " + status + " but the report says ok=" + probed.ok() + "; log:\n" + tail(log));
        }
        return probed;
    }

    /** The conformance module's folder: surefire's basedir, or found from the working directory. */
    private static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path start = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        for (Path p : List.of(start, start.resolve("conformance"))) {
            if (Files.isExecutable(p.resolve("vm/run-in-vm.sh"))) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("cannot find vm/run-in-vm.sh from " + start.toAbsolutePath());
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines;
        try (Stream<String> s = Files.lines(log)) {
            lines = s.toList();
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
