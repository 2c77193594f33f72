package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.NdjsonLogWriter;
import org.dmabufspec.traces.Trace;

/**
 * Replays every trace of the running kernel's profile on the kernel:
 *
 * <pre>java -cp ... org.dmabufspec.conformance.kernel.KernelReplayMain TRACES_DIR REPORT.json
 *     [--exporter udmabuf|system] [--max-traces N] [--budget-seconds S] [--workers N] [--logs DIR]</pre>
 *
 * The profile is detected first ({@link KernelProfileDetector}); a trace whose {@code #meta}
 * profile differs is counted and not replayed. A reading thread parses the traces ahead of the
 * workers (sharing the decoded values between files, {@link ItfReader.ValueCache}); each worker replays the traces it takes on its own {@link KernelTarget} (its own
 * helpers, buffers and vgem files; reset, not restarted, between traces of the same constants),
 * pinned with its helpers to CPU {@code base + k} when {@value KernelTarget#CPU_PROPERTY} gives a
 * base. The workers share nothing but the kernel: each projects only its own buffers. A
 * divergence ends its trace and is looked up among the {@link KnownDivergences}. Afterwards the
 * JVM's open fds and the dma-bufs in debugfs are compared with before. Writes a
 * {@link ReplayReport}, prints its summary, and exits 0 when at least one trace was replayed with
 * no unexplained divergence and no leak, 1 otherwise, 2 on a usage error. With {@code --logs DIR}
 * each replayed trace also leaves DIR/NAME.ndjson, the NDJSON log of what happened (the kernel's
 * outcome for each call it made, the spec's record for each step it did not), which
 * {@code dmabuf validate} checks against the spec.
 */
public final class KernelReplayMain {
    /** System property: the number of workers (default 1). */
    public static final String WORKERS_PROPERTY = "dmabufspec.kernel.workers";

    private KernelReplayMain() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: KernelReplayMain TRACES_DIR REPORT.json [--exporter udmabuf|system]"
                    + " [--max-traces N] [--budget-seconds S] [--workers N] [--logs DIR]");
            System.exit(2);
        }
        ExporterKind kind = ExporterKind.UDMABUF;
        int maxTraces = Integer.MAX_VALUE;
        double budget = Double.POSITIVE_INFINITY;
        int workers = workers();
        Path logs = null;
        for (int i = 2; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--exporter" -> kind = args[i + 1].equals("system") ? ExporterKind.SYSTEM_HEAP : ExporterKind.UDMABUF;
                case "--max-traces" -> maxTraces = Integer.parseInt(args[i + 1]);
                case "--budget-seconds" -> budget = Double.parseDouble(args[i + 1]);
                case "--workers" -> workers = Integer.parseInt(args[i + 1]);
                case "--logs" -> logs = Path.of(args[i + 1]);
                default -> {
                    System.err.println("unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }
        ReplayReport report = run(Path.of(args[0]), kind, maxTraces, budget, workers, logs);
        report.write(Path.of(args[1]));
        System.out.print(report.summary());
        System.exit(report.ok() ? 0 : 1);
    }

    /** {@value #WORKERS_PROPERTY}, at least 1. */
    static int workers() {
        return Math.max(1, Integer.getInteger(WORKERS_PROPERTY, 1));
    }

    /** Replays the traces under {@code dir} with {@link #workers()} workers. */
    public static ReplayReport run(Path dir, ExporterKind kind, int maxTraces, double budgetSeconds) throws IOException {
        return run(dir, kind, maxTraces, budgetSeconds, workers(), null);
    }

    /** A parsed trace, or the end of the folder. */
    private record Item(Path file, Trace trace, IOException error) {
        static final Item END = new Item(null, null, null);
    }

    /**
     * Replays the traces under {@code dir} with {@code workers} workers and returns the report;
     * with {@code logs} not null, writes each trace's NDJSON log there.
     */
    public static ReplayReport run(Path dir, ExporterKind kind, int maxTraces, double budgetSeconds, int workers,
            Path logs) throws IOException {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1: " + workers);
        }
        KernelProfileDetector detected = KernelProfileDetector.detect();
        String profile = detected.profile();
        List<Path> files = traceFiles(dir);
        int fdsBefore = openFds();
        Set<Long> buffersBefore = debugfsInodes();
        long t0 = System.nanoTime();

        BlockingQueue<Item> queue = new ArrayBlockingQueue<>(4 * workers);
        TraceReplay.Clock readClock = new TraceReplay.Clock();
        Thread reader = new Thread(() -> read(files, queue, workers, readClock), "trace-reader");
        reader.setDaemon(true);
        reader.start();

        if (logs != null) {
            Files.createDirectories(logs);
        }
        Shared shared = new Shared(dir, kind, profile, maxTraces, budgetSeconds, t0, files.size(), logs);
        int base = KernelTarget.cpuProperty();
        List<Worker> ws = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            ws.add(new Worker(shared, queue, base < 0 ? -1 : base + k));
        }
        List<Thread> threads = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            Thread t = new Thread(ws.get(k), "replay-" + k);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while replaying " + dir, e);
            }
        }
        Tally all = new Tally();
        for (Worker w : ws) {
            if (w.failure != null) {
                if (w.failure instanceof IOException io) {
                    throw io;
                }
                throw w.failure instanceof RuntimeException re ? re : new IllegalStateException(w.failure);
            }
            all.add(w.tally);
        }
        all.clock.read = readClock.read;
        double seconds = (System.nanoTime() - t0) / 1e9;
        int fdsAfter = openFds();
        List<String> left = new ArrayList<>();
        for (long ino : debugfsInodes()) {
            if (!buffersBefore.contains(ino)) {
                left.add("ino " + ino);
            }
        }
        Comparator<ReplayReport.Divergence> order = Comparator.comparing(ReplayReport.Divergence::trace);
        all.divergences.sort(order);
        all.explained.sort(order);
        boolean ok = all.replayed > 0 && all.divergences.isEmpty() && fdsAfter <= fdsBefore && left.isEmpty();
        return new ReplayReport(detected.release(), profile, detected.evidence(), kind.expName(), dir.toString(),
                files.size(), all.otherProfile, all.replayed, all.notReplayed, all.passed, all.steps, all.reached,
                all.called, all.skipped, all.divergences, all.explainedCounts, all.explained, all.renumbered,
                fdsBefore, fdsAfter, left, seconds, all.reached == 0 ? 0 : seconds * 1000 / all.reached, workers,
                all.clock.seconds(), ok);
    }

    /** The reading thread: parses the files in order, then one END per worker. */
    private static void read(List<Path> files, BlockingQueue<Item> queue, int workers, TraceReplay.Clock clock) {
        ItfReader.ValueCache cache = new ItfReader.ValueCache();
        try {
            for (Path f : files) {
                long t = System.nanoTime();
                Item item;
                try {
                    item = new Item(f, ItfReader.read(f, cache), null);
                } catch (IOException e) {
                    item = new Item(f, null, e);
                } catch (UncheckedIOException e) {
                    item = new Item(f, null, e.getCause());
                } catch (RuntimeException e) {
                    item = new Item(f, null, new IOException(f + ": " + e.getMessage(), e));
                }
                clock.read += System.nanoTime() - t;
                queue.put(item);
            }
            for (int k = 0; k < workers; k++) {
                queue.put(Item.END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What every worker reads; the progress counters are the only thing they write together. */
    private record Shared(Path dir, ExporterKind kind, String profile, int maxTraces, double budgetSeconds, long t0,
                          int found, Path logs, AtomicInteger started, AtomicInteger done) {
        Shared(Path dir, ExporterKind kind, String profile, int maxTraces, double budgetSeconds, long t0, int found,
                Path logs) {
            this(dir, kind, profile, maxTraces, budgetSeconds, t0, found, logs, new AtomicInteger(), new AtomicInteger());
        }
    }

    /** One worker's counts. */
    private static final class Tally {
        int otherProfile;
        int replayed;
        int notReplayed;
        int passed;
        long steps;
        long reached;
        long called;
        int renumbered;
        final Map<String, Long> skipped = new LinkedHashMap<>();
        final List<ReplayReport.Divergence> divergences = new ArrayList<>();
        final List<ReplayReport.Divergence> explained = new ArrayList<>();
        final Map<String, Long> explainedCounts = new LinkedHashMap<>();
        final TraceReplay.Clock clock = new TraceReplay.Clock();

        void add(Tally o) {
            otherProfile += o.otherProfile;
            replayed += o.replayed;
            notReplayed += o.notReplayed;
            passed += o.passed;
            steps += o.steps;
            reached += o.reached;
            called += o.called;
            renumbered += o.renumbered;
            o.skipped.forEach((k, v) -> skipped.merge(k, v, Long::sum));
            divergences.addAll(o.divergences);
            o.explainedCounts.forEach((id, n) -> {
                long before = explainedCounts.getOrDefault(id, 0L);
                explainedCounts.merge(id, n, Long::sum);
                // at most three examples of each fact, as each worker keeps
                o.explained.stream().filter(x -> id.equals(x.explanation())).limit(Math.max(0, 3 - before))
                        .forEach(explained::add);
            });
            clock.add(o.clock);
        }
    }

    /** Takes parsed traces from the queue and replays them on its own target. */
    private static final class Worker implements Runnable {
        final Shared shared;
        final BlockingQueue<Item> queue;
        final int cpu;
        final Tally tally = new Tally();
        Exception failure;

        Worker(Shared shared, BlockingQueue<Item> queue, int cpu) {
            this.shared = shared;
            this.queue = queue;
            this.cpu = cpu;
        }

        @Override
        public void run() {
            KernelTarget target = null;
            try {
                for (Item item = queue.take(); item != Item.END; item = queue.take()) {
                    if (item.error() != null) {
                        throw item.error();
                    }
                    target = replay(item, target);
                }
            } catch (Exception e) {
                failure = e;
                drain();
            } finally {
                if (target != null) {
                    tally.renumbered += target.renumbered();
                    target.close();
                }
            }
        }

        /** After a failure: takes this worker's share to the end, so that the reader never waits. */
        private void drain() {
            try {
                while (queue.take() != Item.END) {
                    tally.notReplayed++;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private KernelTarget replay(Item item, KernelTarget target) throws IOException {
            Trace trace = item.trace();
            Shared s = shared;
            if (!s.profile().equals(trace.meta().profile())) {
                tally.otherProfile++;
                return target;
            }
            if (s.started().get() >= s.maxTraces() || (System.nanoTime() - s.t0()) / 1e9 > s.budgetSeconds()) {
                tally.notReplayed++;
                return target;
            }
            s.started().incrementAndGet();
            KernelTargetConfig config = KernelTargetConfig.fromState(trace.states().get(0), s.kind());
            if (target != null && !target.config().equals(config)) {
                tally.renumbered += target.renumbered();
                target.close();
                target = null;
            }
            if (target == null) {
                target = new KernelTarget(config, s.profile(), cpu);
            }
            List<LogEvent> log = s.logs() == null ? null : new ArrayList<>();
            TraceReplay.Result r = TraceReplay.replay(trace, target,
                    d -> KnownDivergences.explain(s.profile(), s.kind().expName(), d).map(KnownDivergences.Fact::id),
                    tally.clock, log);
            tally.replayed++;
            tally.steps += r.steps();
            tally.reached += r.replayed();
            tally.called += r.called();
            r.skipped().forEach((why, n) -> tally.skipped.merge(why, (long) n, Long::sum));
            String name = s.dir().relativize(item.file()).toString();
            if (log != null) {
                Path f = s.logs().resolve(name.replace(".itf.json", "") + ".ndjson");
                Files.createDirectories(f.getParent());
                try (NdjsonLogWriter w = NdjsonLogWriter.create(f)) {
                    for (LogEvent e : log) {
                        w.accept(e);
                    }
                }
            }
            for (TraceReplay.Explained x : r.explained()) {
                TraceReplay.Divergence d = x.divergence();
                if (tally.explainedCounts.merge(x.explanation(), 1L, Long::sum) <= 3) {
                    tally.explained.add(new ReplayReport.Divergence(name, d.step(), d.call(), d.expected(), d.actual(),
                            d.differences(), x.explanation()));
                }
            }
            if (r.divergence() == null) {
                tally.passed++;
            } else {
                TraceReplay.Divergence d = r.divergence();
                Optional<KnownDivergences.Fact> fact = KnownDivergences.explain(s.profile(), s.kind().expName(), d);
                ReplayReport.Divergence entry = new ReplayReport.Divergence(name, d.step(), d.call(), d.expected(),
                        d.actual(), d.differences(), fact.map(KnownDivergences.Fact::id).orElse(null));
                if (fact.isPresent()) {
                    if (tally.explainedCounts.merge(fact.get().id(), 1L, Long::sum) <= 3) {
                        tally.explained.add(entry);
                    }
                } else {
                    tally.divergences.add(entry);
                }
            }
            int done = s.done().incrementAndGet();
            if (done % 250 == 0) {
                System.err.printf("[replay] %d of %d traces, %.0f s%n", done, s.found(), (System.nanoTime() - s.t0()) / 1e9);
            }
            try {
                target.reset();
            } catch (RuntimeException e) {
                tally.divergences.add(new ReplayReport.Divergence(name, r.replayed(), "reset after the trace", "clean",
                        e.getMessage(), List.of(), null));
                tally.renumbered += target.renumbered();
                target.close();
                target = null;
            }
            return target;
        }
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
