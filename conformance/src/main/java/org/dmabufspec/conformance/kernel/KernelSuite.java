package org.dmabufspec.conformance.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dmabufspec.conformance.replay.Replayer;
import org.dmabufspec.conformance.replay.TraceResult;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.Trace;

/**
 * Everything that needs the real kernel, in one process, so that one boot of the VM serves a
 * whole build: the probe, the community's selftests, the trace replays, the robustness run and
 * the benchmark, each writing its report into OUT as soon as it is done (so that a crash loses
 * only what came after):
 *
 * <pre>java -cp ... org.dmabufspec.conformance.kernel.KernelSuite OUT
 *     [--traces NAME=DIR]... [--heap-too NAME]... [--replay-budget SECONDS] [--robustness-calls N]
 *     [--bench-iterations N]</pre>
 *
 * OUT/probe.json and selftests.json ({@link ProbeReport}), replay-NAME.json
 * ({@link ReplayReport}, one per traces directory, replayed with udmabuf; replay-NAME-heap.json for
 * the directories named by --heap-too, replayed with the system heap), logs-kernel/ (the NDJSON
 * log of each trace of the folder named kernel), robustness.json
 * ({@link KernelRobustness.Report}), bench.json ({@link KernelBench.Report}), and suite.json
 * ({@link Summary}). Exits 0 when every part is ok, 1 otherwise.
 */
public final class KernelSuite {

    /**
     * One part's result.
     *
     * @param name    the part
     * @param ok      its report says ok
     * @param seconds wall time
     * @param error   the exception that ended it, or null
     */
    public record Part(String name, boolean ok, double seconds, String error) {}

    /**
     * The whole run.
     *
     * @param kernel  {@code uname -r}
     * @param profile the detected profile
     * @param parts   in the order they ran
     * @param ok      every part ok
     */
    public record Summary(String kernel, String profile, List<Part> parts, boolean ok) {
        public static Summary read(Path path) throws IOException {
            return new ObjectMapper().readValue(path.toFile(), Summary.class);
        }
    }

    private interface Body {
        boolean run() throws Exception;
    }

    private KernelSuite() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: KernelSuite OUT [--traces NAME=DIR]... [--replay-budget S]"
                    + " [--robustness-calls N] [--bench-iterations N]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Map<String, Path> traces = new LinkedHashMap<>();
        List<String> heapToo = new ArrayList<>();
        double budget = 120;
        int robustness = 400;
        int bench = 20_000;
        for (int i = 1; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--traces" -> {
                    String[] nv = args[i + 1].split("=", 2);
                    traces.put(nv[0], Path.of(nv[1]));
                }
                case "--heap-too" -> heapToo.add(args[i + 1]);
                case "--replay-budget" -> budget = Double.parseDouble(args[i + 1]);
                case "--robustness-calls" -> robustness = Integer.parseInt(args[i + 1]);
                case "--bench-iterations" -> bench = Integer.parseInt(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        Summary s = run(out, traces, heapToo, budget, robustness, bench);
        System.exit(s.ok() ? 0 : 1);
    }

    /**
     * Runs every part; the traces named in {@code heapToo} are replayed a second time with the
     * system heap as the exporter (replay-NAME-heap.json), when this kernel has it.
     */
    public static Summary run(Path out, Map<String, Path> traces, List<String> heapToo, double replayBudget,
            int robustnessCalls, int benchIterations) throws IOException {
        Files.createDirectories(out);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        List<Part> parts = new ArrayList<>();
        KernelProfileDetector detected;
        try {
            detected = KernelProfileDetector.detect();
        } catch (RuntimeException e) {
            Summary s = new Summary(KernelProfileDetector.kernelRelease(), "unknown",
                    List.of(new Part("profile", false, 0, e.toString())), false);
            json.writeValue(out.resolve("suite.json").toFile(), s);
            return s;
        }
        String profile = detected.profile();
        System.out.println("kernel " + detected.release() + ": profile " + profile + " " + detected.evidence());

        part(parts, "probe", () -> {
            ProbeReport r = KernelProbe.run();
            r.write(out.resolve("probe.json"));
            System.out.printf("probe: %d passed, %d failed%n", r.passed(), r.failed());
            return r.ok();
        });
        part(parts, "selftests", () -> {
            ProbeReport r = KernelSelftests.run();
            r.write(out.resolve("selftests.json"));
            System.out.printf("selftests: %d passed, %d failed%n", r.passed(), r.failed());
            r.checks().stream().filter(c -> !c.matched()).forEach(c -> System.out.println("  " + c));
            return r.ok();
        });
        boolean heap = DmaBufKernel.heaps().contains("system");
        for (Map.Entry<String, Path> t : traces.entrySet()) {
            replay(parts, out, t.getKey(), t.getValue(), ExporterKind.UDMABUF, replayBudget);
            if (heap && heapToo.contains(t.getKey())) {
                replay(parts, out, t.getKey() + "-heap", t.getValue(), ExporterKind.SYSTEM_HEAP, replayBudget);
            }
        }
        if (traces.containsKey("kernel")) {
            part(parts, "replayer", () -> sharedReplayer(out, traces.get("kernel"), profile));
        }
        part(parts, "robustness", () -> {
            KernelRobustness.Report r = KernelRobustness.run(1, robustnessCalls, robustnessCalls, profile);
            r.write(out.resolve("robustness.json"));
            System.out.printf("robustness: %d calls, %d problems, fds %d -> %d, buffers left %s, helpers left %d%n",
                    r.calls(), r.problems().size(), r.jvmFdsBefore(), r.jvmFdsAfter(), r.buffersLeft(), r.helpersLeft());
            r.problems().stream().limit(20).forEach(p -> System.out.println("  " + p));
            return r.ok();
        });
        part(parts, "bench", () -> {
            KernelBench.Report r = KernelBench.run(benchIterations, Math.max(100, benchIterations / 20), profile);
            r.write(out.resolve("bench.json"));
            System.out.print(r.table());
            return true;
        });
        boolean ok = parts.stream().allMatch(Part::ok);
        Summary s = new Summary(detected.release(), profile, parts, ok);
        json.writeValue(out.resolve("suite.json").toFile(), s);
        return s;
    }

    /**
     * The same kernel corpus through the project's own replayer ({@link Replayer}, which knows no
     * kernel facts), to show that {@link KernelTarget} fits it: every trace must agree but the
     * one that meets the udmabuf fact on purpose. Writes replayer.txt: one line per trace.
     */
    private static boolean sharedReplayer(Path out, Path dir, String profile) throws IOException {
        List<String> lines = new ArrayList<>();
        boolean ok = true;
        for (Path f : KernelReplayMain.traceFiles(dir)) {
            Trace t = ItfReader.read(f);
            KernelTargetConfig c = KernelTargetConfig.fromState(t.states().get(0), ExporterKind.UDMABUF);
            TraceResult r;
            try (KernelTarget target = new KernelTarget(c, profile)) {
                r = Replayer.replay(f.getFileName().toString(), t, target);
            }
            boolean expected = r.agrees() != f.getFileName().toString().equals("sync-end-before-start.itf.json");
            ok &= expected;
            lines.add((expected ? "ok   " : "FAIL ") + r.toString().replace('\n', ' '));
        }
        Files.write(out.resolve("replayer.txt"), lines);
        lines.forEach(l -> System.out.println("replayer: " + l));
        return ok;
    }

    private static void replay(List<Part> parts, Path out, String name, Path dir, ExporterKind kind, double budget) {
        part(parts, "replay-" + name, () -> {
            // the community's tests leave their NDJSON logs, for validation against the spec on the host
            Path logs = name.equals("kernel") ? out.resolve("logs-kernel") : null;
            ReplayReport r = KernelReplayMain.run(dir, kind, Integer.MAX_VALUE, budget, KernelReplayMain.workers(), logs);
            r.write(out.resolve("replay-" + name + ".json"));
            System.out.print("replay " + name + ": " + r.summary());
            return r.ok();
        });
    }

    private static void part(List<Part> parts, String name, Body body) {
        long t0 = System.nanoTime();
        boolean ok;
        String error = null;
        try {
            ok = body.run();
        } catch (Exception | Error e) {
            ok = false;
            error = e.toString();
            e.printStackTrace();
        }
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("== %s: %s in %.1f s%n", name, ok ? "ok" : "FAILED", s);
        parts.add(new Part(name, ok, s, error));
    }
}
