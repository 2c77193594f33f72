package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.Trace;

/**
 * Replays every trace of the running kernel's profile on the kernel:
 *
 * <pre>java -cp ... org.dmabufspec.conformance.kernel.KernelReplayMain TRACES_DIR REPORT.json
 *     [--exporter udmabuf|system] [--max-traces N] [--budget-seconds S]</pre>
 *
 * The profile is detected first ({@link KernelProfileDetector}); a trace whose {@code #meta}
 * profile differs is counted and not replayed. Each trace runs on a {@link KernelTarget}
 * (reset, not restarted, between traces of the same constants); a divergence ends its trace
 * and is looked up among the {@link KnownDivergences}. Afterwards the JVM's open fds and the
 * dma-bufs in debugfs are compared with before. Writes a {@link ReplayReport}, prints its
 * summary, and exits 0 when at least one trace was replayed with no unexplained divergence
 * and no leak, 1 otherwise, 2 on a usage error.
 */
public final class KernelReplayMain {
    private KernelReplayMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: KernelReplayMain TRACES_DIR REPORT.json [--exporter udmabuf|system]"
                    + " [--max-traces N] [--budget-seconds S]");
            System.exit(2);
        }
        ExporterKind kind = ExporterKind.UDMABUF;
        int maxTraces = Integer.MAX_VALUE;
        double budget = Double.POSITIVE_INFINITY;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--exporter" -> kind = args[i + 1].equals("system") ? ExporterKind.SYSTEM_HEAP : ExporterKind.UDMABUF;
                case "--max-traces" -> maxTraces = Integer.parseInt(args[i + 1]);
                case "--budget-seconds" -> budget = Double.parseDouble(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        ReplayReport report = run(Path.of(args[0]), kind, maxTraces, budget);
        report.write(Path.of(args[1]));
        System.out.print(report.summary());
        System.exit(report.ok() ? 0 : 1);
    }

    /** Replays the traces under {@code dir} and returns the report. */
    public static ReplayReport run(Path dir, ExporterKind kind, int maxTraces, double budgetSeconds) throws IOException {
        KernelProfileDetector detected = KernelProfileDetector.detect();
        String profile = detected.profile();
        List<Path> files = traceFiles(dir);
        int fdsBefore = openFds();
        Set<Long> buffersBefore = debugfsInodes();

        long t0 = System.nanoTime();
        int otherProfile = 0;
        int replayed = 0;
        int notReplayed = 0;
        int passed = 0;
        long steps = 0;
        long reached = 0;
        long called = 0;
        int renumbered = 0;
        Map<String, Long> skipped = new LinkedHashMap<>();
        List<ReplayReport.Divergence> divergences = new ArrayList<>();
        List<ReplayReport.Divergence> explained = new ArrayList<>();
        Map<String, Long> explainedCounts = new LinkedHashMap<>();
        KernelTarget target = null;
        try {
            for (Path file : files) {
                Trace trace = ItfReader.read(file);
                if (!profile.equals(trace.meta().profile())) {
                    otherProfile++;
                    continue;
                }
                if (replayed >= maxTraces || (System.nanoTime() - t0) / 1e9 > budgetSeconds) {
                    notReplayed++;
                    continue;
                }
                KernelTargetConfig config = KernelTargetConfig.fromState(trace.states().get(0), kind);
                if (target != null && !target.config().equals(config)) {
                    renumbered += target.renumbered();
                    target.close();
                    target = null;
                }
                if (target == null) {
                    target = new KernelTarget(config, profile);
                }
                TraceReplay.Result r = TraceReplay.replay(trace, target,
                        d -> KnownDivergences.explain(profile, kind.expName(), d).map(KnownDivergences.Fact::id));
                replayed++;
                steps += r.steps();
                reached += r.replayed();
                called += r.called();
                r.skipped().forEach((why, n) -> skipped.merge(why, (long) n, Long::sum));
                String name = dir.relativize(file).toString();
                for (TraceReplay.Explained x : r.explained()) {
                    TraceReplay.Divergence d = x.divergence();
                    if (explainedCounts.merge(x.explanation(), 1L, Long::sum) <= 3) {
                        explained.add(new ReplayReport.Divergence(name, d.step(), d.call(), d.expected(), d.actual(),
                                d.differences(), x.explanation()));
                    }
                }
                if (r.divergence() == null) {
                    passed++;
                } else {
                    TraceReplay.Divergence d = r.divergence();
                    Optional<KnownDivergences.Fact> fact = KnownDivergences.explain(profile, kind.expName(), d);
                    ReplayReport.Divergence entry = new ReplayReport.Divergence(name, d.step(), d.call(), d.expected(),
                            d.actual(), d.differences(), fact.map(KnownDivergences.Fact::id).orElse(null));
                    if (fact.isPresent()) {
                        explainedCounts.merge(fact.get().id(), 1L, Long::sum);
                        explained.add(entry);
                    } else {
                        divergences.add(entry);
                    }
                }
                try {
                    target.reset();
                } catch (RuntimeException e) {
                    divergences.add(new ReplayReport.Divergence(name, r.replayed(), "reset after the trace", "clean",
                            e.getMessage(), List.of(), null));
                    renumbered += target.renumbered();
                    target.close();
                    target = null;
                }
            }
        } finally {
            if (target != null) {
                renumbered += target.renumbered();
                target.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int fdsAfter = openFds();
        List<String> left = new ArrayList<>();
        for (long ino : debugfsInodes()) {
            if (!buffersBefore.contains(ino)) {
                left.add("ino " + ino);
            }
        }
        boolean ok = replayed > 0 && divergences.isEmpty() && fdsAfter <= fdsBefore && left.isEmpty();
        return new ReplayReport(detected.release(), profile, detected.evidence(), kind.expName(), dir.toString(),
                files.size(), otherProfile, replayed, notReplayed, passed, steps, reached, called, skipped, divergences,
                explainedCounts, explained, renumbered, fdsBefore, fdsAfter, left, seconds, reached == 0 ? 0 : seconds * 1000 / reached, ok);
    }

    /** Every {@code *.itf.json} under {@code dir}, sorted by path. */
    static List<Path> traceFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no trace directory " + dir);
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".itf.json")).sorted()
                    .toList();
        }
    }

    /** Open fds of this JVM: the entries of /proc/self/fd (the listing's own fd not counted). */
    static int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count() - 1;
        }
    }

    static Set<Long> debugfsInodes() {
        Set<Long> out = new HashSet<>();
        if (DmaBufKernel.hasBufinfo()) {
            new DmaBufKernel().bufinfo().forEach(b -> out.add(b.ino()));
        }
        return out;
    }
}
