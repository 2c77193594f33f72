package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.dmabufspec.conformance.replay.TraceGeneration;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.ItfWriter;
import org.dmabufspec.traces.Step;
import org.dmabufspec.traces.Trace;

/**
 * The trace folders the kernel session replays, prepared on the host:
 * <ul>
 *   <li>{@code kernel}: {@code traces/corpus/kernel}, the community's tests as traces
 *       ({@link KernelCorpus});</li>
 *   <li>{@code modern}: {@code traces/corpus/modern}, one short trace per action/outcome pair of
 *       the modern trace model, when it is there;</li>
 *   <li>{@code generated}: every edge-covering trace of {@code MCDmaBufTraceModern.cfg}, read
 *       from {@code target/traces/MCDmaBufTraceModern/} when the trace pipeline
 *       ({@code dmabuf traces}) wrote them there, else generated here ({@link TraceGeneration}, its
 *       state graph cached in {@code target/trace-cache}).</li>
 * </ul>
 * For a quicker run, {@value #STEPS_PROPERTY}=N replays a selection that fits N steps instead:
 * greedily, the traces that add the most calls not yet covered (a call is the action with its
 * arguments and outcome) per step, then the most edges not yet covered, so that the budget buys
 * every distinct call and then as many distinct edges as it can. The test prints how many of the
 * available traces, calls and edges were replayed.
 */
final class KernelTraces {
    static final String STEPS_PROPERTY = "dmabufspec.kernel.replaySteps";
    /** The default of {@value #STEPS_PROPERTY}: every trace. */
    static final String ALL = "all";
    static final String MODEL = "MCDmaBufTraceModern.cfg";

    /**
     * A folder of traces to replay.
     *
     * @param dir         the folder
     * @param source      where its traces come from
     * @param traces      traces in the folder
     * @param steps       their steps
     * @param available   traces the selection chose from (the folder's own count when none)
     * @param callsCovered distinct calls (action, arguments, outcome) of the folder's traces
     * @param callsAvailable distinct calls of all the traces chosen from
     * @param edgesCovered distinct edges (state to state) of the folder's traces
     * @param edgesAvailable distinct edges of all the traces chosen from
     */
    record Set(Path dir, String source, int traces, long steps, int available, int callsCovered,
               int callsAvailable, int edgesCovered, int edgesAvailable) {}

    private KernelTraces() {}

    static Map<String, Set> prepare(Path module, Path work) throws IOException {
        Path repo = module.getParent();
        Map<String, Set> sets = new LinkedHashMap<>();
        sets.put("kernel", committed(repo.resolve("traces/corpus/kernel"), "traces/corpus/kernel"));
        Path modern = repo.resolve("traces/corpus/modern");
        if (hasTraces(modern)) {
            sets.put("modern", committed(modern, "traces/corpus/modern"));
        }
        sets.put("generated", generated(module, work.resolve("generated")));
        return sets;
    }

    private static Set committed(Path dir, String name) throws IOException {
        List<Trace> ts = new ArrayList<>();
        for (Path f : files(dir)) {
            ts.add(ItfReader.read(f));
        }
        java.util.Set<String> calls = new HashSet<>();
        long steps = 0;
        for (Trace t : ts) {
            steps += t.length();
            calls.addAll(calls(t));
        }
        java.util.Set<String> edges = new HashSet<>();
        ts.forEach(t -> edges.addAll(edges(t)));
        return new Set(dir, name, ts.size(), steps, ts.size(), calls.size(), calls.size(), edges.size(), edges.size());
    }

    private static Set generated(Path module, Path out) throws IOException {
        String budgetProperty = System.getProperty(STEPS_PROPERTY, ALL);
        Path written = module.resolve("target/traces/" + MODEL.replace(".cfg", ""));
        int n;
        IntFunction<Trace> trace;
        String source;
        if (hasTraces(written)) {
            List<Path> files = files(written);
            n = files.size();
            ItfReader.ValueCache cache = new ItfReader.ValueCache();
            trace = k -> read(files.get(k), cache);
            source = module.relativize(written).toString();
        } else {
            TraceGeneration.Generated g;
            try {
                g = new TraceGeneration(new TlcRunner(), null, TraceGeneration.DEFAULT_SEED, 2,
                        module.resolve("target/trace-cache")).generate(MODEL, line -> { });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while generating " + MODEL, e);
            }
            n = g.traces();
            trace = g::trace;
            source = "the edge-covering traces of " + MODEL + " (generated here)";
        }
        List<List<String>> callsOf = new ArrayList<>(n);
        List<List<String>> edgesOf = new ArrayList<>(n);
        int[] steps = new int[n];
        java.util.Set<String> all = new HashSet<>();
        java.util.Set<String> allEdges = new HashSet<>();
        for (int k = 0; k < n; k++) {
            Trace t = trace.apply(k);
            steps[k] = t.length();
            List<String> cs = new ArrayList<>(calls(t));
            callsOf.add(cs);
            edgesOf.add(new ArrayList<>(edges(t)));
            all.addAll(cs);
            allEdges.addAll(edgesOf.get(k));
        }
        boolean everything = budgetProperty.equals(ALL);
        if (everything && hasTraces(written) && files(written).stream().noneMatch(p -> p.toString().endsWith(".gz"))) {
            // the guest reads the host's files: nothing to copy
            long total = 0;
            for (int x : steps) {
                total += x;
            }
            return new Set(written, "all " + n + " traces of " + source, n, total, n, all.size(), all.size(),
                    allEdges.size(), allEdges.size());
        }
        List<Integer> chosen = everything ? java.util.stream.IntStream.range(0, n).boxed().toList()
                : select(callsOf, edgesOf, steps, Integer.parseInt(budgetProperty));
        KernelSession.deleteTree(out);
        Files.createDirectories(out);
        java.util.Set<String> covered = new HashSet<>();
        java.util.Set<String> coveredEdges = new HashSet<>();
        long total = 0;
        for (int k : chosen) {
            Trace t = trace.apply(k);
            ItfWriter.write(t, out.resolve(String.format("%05d.itf.json", k + 1)));
            covered.addAll(callsOf.get(k));
            coveredEdges.addAll(edgesOf.get(k));
            total += t.length();
        }
        source = (everything ? "all " : "a selection of the ") + n + " traces of " + source;
        return new Set(out, source, chosen.size(), total, n, covered.size(), all.size(), coveredEdges.size(),
                allEdges.size());
    }

    /**
     * Lazy greedy: next, the trace that adds the most per step (plus a fixed cost per trace for its
     * start), where a call not yet covered counts {@value #CALL_WEIGHT} and an edge not yet covered
     * counts 1, while it fits the budget and adds something: first every distinct call, then as
     * many distinct edges as the budget buys.
     */
    static List<Integer> select(List<List<String>> callsOf, List<List<String>> edgesOf, int[] steps, int budget) {
        record Cand(int k, double score) {}
        java.util.Set<String> calls = new HashSet<>();
        java.util.Set<String> edges = new HashSet<>();
        PriorityQueue<Cand> q = new PriorityQueue<>((a, b) -> a.score() != b.score()
                ? Double.compare(b.score(), a.score()) : Integer.compare(a.k(), b.k()));
        for (int k = 0; k < steps.length; k++) {
            q.add(new Cand(k, gain(callsOf.get(k), edgesOf.get(k), calls, edges, steps[k])));
        }
        List<Integer> chosen = new ArrayList<>();
        long used = 0;
        while (!q.isEmpty()) {
            Cand c = q.poll();
            double now = gain(callsOf.get(c.k()), edgesOf.get(c.k()), calls, edges, steps[c.k()]);
            if (now <= 0) {
                continue;
            }
            if (now < c.score() && !q.isEmpty() && now < q.peek().score()) {
                q.add(new Cand(c.k(), now));
                continue;
            }
            if (used + steps[c.k()] > budget) {
                continue;
            }
            chosen.add(c.k());
            used += steps[c.k()];
            calls.addAll(callsOf.get(c.k()));
            edges.addAll(edgesOf.get(c.k()));
        }
        chosen.sort(null);
        return chosen;
    }

    static final int CALL_WEIGHT = 100;

    private static double gain(List<String> callsOf, List<String> edgesOf, java.util.Set<String> calls,
            java.util.Set<String> edges, int steps) {
        int fresh = 0;
        for (String c : callsOf) {
            if (!calls.contains(c)) {
                fresh += CALL_WEIGHT;
            }
        }
        for (String e : edgesOf) {
            if (!edges.contains(e)) {
                fresh++;
            }
        }
        return fresh / (steps + 5.0);
    }

    /** The distinct calls of a trace: action, arguments and outcome with ret. */
    static java.util.Set<String> calls(Trace t) {
        java.util.Set<String> out = new HashSet<>();
        for (Step s : t.steps()) {
            out.add(s.call().toString());
        }
        return out;
    }

    /**
     * The distinct edges of a trace, as keys: the call with the hash codes of the states before
     * and after (two edges that collide on both hashes count as one: the figure is a lower bound).
     */
    static java.util.Set<String> edges(Trace t) {
        java.util.Set<String> out = new HashSet<>();
        for (Step s : t.steps()) {
            out.add(Integer.toHexString(s.before().hashCode()) + " " + s.call() + " "
                    + Integer.toHexString(s.after().hashCode()));
        }
        return out;
    }

    private static boolean hasTraces(Path dir) throws IOException {
        return Files.isDirectory(dir) && !files(dir).isEmpty();
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".itf.json")
                    || p.getFileName().toString().endsWith(".itf.json.gz")).sorted().toList();
        }
    }

    private static Trace read(Path f, ItfReader.ValueCache cache) {
        try {
            if (f.toString().endsWith(".gz")) {
                try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
                        StandardCharsets.UTF_8)) {
                    return ItfReader.read(r, f.toString());
                }
            }
            return ItfReader.read(f, cache);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
