package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dmabufspec.conformance.kernel.KernelRoute.Kind;
import org.junit.jupiter.api.Assumptions;

/**
 * One run of {@link KernelSuite} per test JVM, shared by every test class that needs the real
 * kernel ({@link KernelVmTest}, {@link KernelReplayVmTest}, {@link KernelSelftestCases},
 * {@link KernelRobustnessTest}, {@link KernelBenchTest}): in this JVM when this kernel has a
 * dma-buf device, otherwise in the 6.12 kernel under QEMU ({@code vm/run-in-vm.sh}, one boot for
 * the whole build), otherwise nowhere, and each test is skipped naming what is missing (never on
 * CI, see {@link KernelRoute}).
 *
 * <p>Before the boot, on the host: the C helpers are compiled into {@code target/native}
 * (the guest sees the host's root read-only), and the traces are prepared
 * ({@link KernelTraces}): the committed corpus {@code traces/corpus/kernel}, the committed
 * {@code traces/corpus/modern} when present, and a selection of the generated modern traces.
 * The reports come back through the share directory {@code target/kernel-vm}; the harness's exit
 * status is checked against the suite's summary.
 */
final class KernelSession {
    /**
     * QEMU's limit: boot, the suite and power-off. Every modern trace took 18 min on a 2-core
     * host; the limit leaves room for a host twice as busy inside CI's 90 minutes.
     */
    static final long BOOT_TIMEOUT_SECONDS = 3300;
    /** The harness's limit: on a fresh machine it first installs QEMU and fetches the kernel. */
    static final long HARNESS_TIMEOUT_SECONDS = 3900;
    /** The trace folders replayed a second time with the system heap as the exporter. */
    static final List<String> HEAP_TOO = List.of("kernel", "modern");
    /** Wall-clock budget of each trace folder's replay in the guest, seconds (default: none). */
    static final double REPLAY_BUDGET = Double.parseDouble(System.getProperty("dmabufspec.kernel.replayBudget",
            "Infinity"));
    /** Replay workers in the guest, one per vCPU ({@link KernelReplayMain}). */
    static final int GUEST_WORKERS = Integer.getInteger(KernelReplayMain.WORKERS_PROPERTY, 2);

    /**
     * What the session produced.
     *
     * @param route     where it ran
     * @param dir       the reports' folder
     * @param summary   the suite's summary
     * @param seconds   wall time of the whole run (boot included on the VM route)
     * @param traceSets the trace folders replayed, by name
     * @param log       the harness's log (VM route)
     */
    record Result(KernelRoute route, Path dir, KernelSuite.Summary summary, double seconds,
                  Map<String, KernelTraces.Set> traceSets, Path log) {
        Path report(String name) {
            return dir.resolve(name);
        }
    }

    private static Result result;
    private static KernelRoute route;
    private static RuntimeException failure;

    private KernelSession() {}

    /** The session's result, running it on first use; skips the caller when there is no kernel. */
    static synchronized Result get() {
        if (route == null) {
            route = KernelRoute.choose(KernelRoute.probe(System.getenv()));
            try {
                result = switch (route.kind()) {
                    case IN_PROCESS -> inProcess();
                    case VM -> inVm();
                    case SKIP -> null;
                };
            } catch (IOException e) {
                failure = new IllegalStateException("the kernel session failed: " + e, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("interrupted", e);
            } catch (RuntimeException | AssertionError e) {
                failure = e instanceof RuntimeException re ? re : new IllegalStateException(e.getMessage(), e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (result == null) {
            Assumptions.abort(route.reason());
        }
        return result;
    }

    private static Result inProcess() throws IOException {
        Path module = moduleDir();
        Path out = module.resolve("target/kernel-session");
        Map<String, KernelTraces.Set> sets = KernelTraces.prepare(module, module.resolve("target/kernel-session-traces"));
        Map<String, Path> dirs = new LinkedHashMap<>();
        sets.forEach((k, v) -> dirs.put(k, v.dir()));
        long t0 = System.nanoTime();
        KernelSuite.Summary s = KernelSuite.run(out, dirs, HEAP_TOO, REPLAY_BUDGET, 400, 20_000);
        return new Result(route, out, s, (System.nanoTime() - t0) / 1e9, sets, null);
    }

    private static Result inVm() throws IOException, InterruptedException {
        Path module = moduleDir();
        Path share = module.resolve("target/kernel-vm");
        Path out = share.resolve("suite");
        Path log = module.resolve("target/kernel-vm.log");
        Files.createDirectories(share);
        deleteTree(out);
        Path nativeDir = module.resolve("target/native");
        Path proc = ProcHelper.compile(ProcHelper.PROC, nativeDir);
        Path bench = ProcHelper.compile(ProcHelper.BENCH, nativeDir);
        Map<String, KernelTraces.Set> sets = KernelTraces.prepare(module, share.resolve("traces"));

        List<String> command = new ArrayList<>(List.of(module.resolve("vm/run-in-vm.sh").toString(),
                "--timeout", Long.toString(BOOT_TIMEOUT_SECONDS), "--share", share.toString(), "--",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // A JVM under TCG: C1 only and the serial collector start fastest.
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-D" + ProcHelper.property(ProcHelper.PROC) + "=" + proc,
                "-D" + ProcHelper.property(ProcHelper.BENCH) + "=" + bench,
                // The replaying thread and the helpers on one vCPU: a pipe round trip costs 75 us
                // there and 3-4 ms between the two vCPUs of a busy host.
                "-D" + KernelTarget.CPU_PROPERTY + "=0",
                // one replay worker per vCPU, worker k and its helpers on vCPU k
                "-D" + KernelReplayMain.WORKERS_PROPERTY + "=" + GUEST_WORKERS,
                "-cp", System.getProperty("java.class.path"),
                KernelSuite.class.getName(), out.toString(),
                "--replay-budget", Double.toString(REPLAY_BUDGET)));
        sets.forEach((name, set) -> {
            command.add("--traces");
            command.add(name + "=" + set.dir());
        });
        for (String name : HEAP_TOO) {
            command.add("--heap-too");
            command.add(name);
        }
        long t0 = System.nanoTime();
        Process vm = new ProcessBuilder(command).directory(module.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        System.out.printf("[kernel] booting the VM: %s; the guest's progress follows%n", traceSummary(sets));
        if (!waitShowingProgress(vm, share.resolve(".vm/stderr"), HARNESS_TIMEOUT_SECONDS)) {
            vm.descendants().forEach(ProcessHandle::destroyForcibly);
            vm.destroyForcibly().waitFor();
            fail("run-in-vm.sh did not finish in " + HARNESS_TIMEOUT_SECONDS + " s; its log:\n" + tail(log));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int status = vm.exitValue();
        Path summaryFile = out.resolve("suite.json");
        if (!Files.exists(summaryFile)) {
            fail("the kernel suite wrote no summary (run-in-vm.sh exited " + status
                    + "; 124 timeout, 125 harness error). Its log, " + log + ":\n" + tail(log));
        }
        KernelSuite.Summary s = KernelSuite.Summary.read(summaryFile);
        if (status != (s.ok() ? 0 : 1)) {
            fail("run-in-vm.sh exited " + status + " but the suite says ok=" + s.ok() + "; log:\n" + tail(log));
        }
        return new Result(route, out, s, seconds, sets, log);
    }

    private static String traceSummary(Map<String, KernelTraces.Set> sets) {
        StringBuilder b = new StringBuilder();
        sets.forEach((name, set) -> b.append(b.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(set.traces()).append(" traces (").append(set.steps()).append(" steps)"));
        return b.toString();
    }

    /**
     * Waits for the harness, printing the guest's progress lines ({@code [replay] ...}, written to
     * its stderr on the share) as they come, every 20 s; false when {@code timeout} passed.
     */
    private static boolean waitShowingProgress(Process vm, Path guestStderr, long timeout) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeout);
        int shown = 0;
        while (!vm.waitFor(20, TimeUnit.SECONDS)) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            shown = showNewLines(guestStderr, shown);
        }
        showNewLines(guestStderr, shown);
        return true;
    }

    private static int showNewLines(Path file, int shown) {
        try {
            if (!Files.exists(file)) {
                return shown;
            }
            List<String> lines = Files.readAllLines(file);
            for (String l : lines.subList(Math.min(shown, lines.size()), lines.size())) {
                if (l.startsWith("[")) {
                    System.out.println("[kernel] " + l);
                }
            }
            return lines.size();
        } catch (IOException | java.io.UncheckedIOException e) {
            return shown; // a line half written: read it next time
        }
    }

    /** The conformance module's folder: surefire's basedir, or found from the working directory. */
    static Path moduleDir() {
        String basedir = System.getProperty("basedir");
        Path start = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        for (Path p : List.of(start, start.resolve("conformance"))) {
            if (Files.isExecutable(p.resolve("vm/run-in-vm.sh"))) {
                return p.toAbsolutePath();
            }
        }
        throw new IllegalStateException("cannot find vm/run-in-vm.sh from " + start.toAbsolutePath());
    }

    static String tail(Path log) throws IOException {
        if (log == null || !Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines;
        try (Stream<String> s = Files.lines(log)) {
            lines = s.toList();
        }
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** The route's kind, for tests that differ by route. */
    static Kind kind() {
        return get().route().kind();
    }
}
