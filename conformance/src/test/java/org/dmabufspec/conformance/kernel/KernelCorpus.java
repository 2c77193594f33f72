package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dmabufspec.conformance.replay.TraceGeneration;
import org.dmabufspec.spec.tlc.StateGraph;
import org.dmabufspec.spec.tlc.TlcRunner;
import org.dmabufspec.spec.value.Value;
import org.dmabufspec.spec.value.Values;
import org.dmabufspec.traces.ActionCall;
import org.dmabufspec.traces.ItfWriter;
import org.dmabufspec.traces.Trace;
import org.dmabufspec.traces.TraceMeta;

/**
 * Writes {@code traces/corpus/kernel}: the kernel community's user-space dma-buf tests, as far
 * as the spec's vocabulary reaches, as traces of {@code spec/MCDmaBufTraceModern.cfg}. Each case
 * is a list of calls with their expected outcomes; its trace is the path through TLC's state
 * graph whose edges are exactly those calls (the lowest-numbered successor where several
 * match), so every file is a behaviour of the spec by construction. Cases the vocabulary cannot
 * say are in {@link KernelSelftests} only.
 *
 * <pre>mvn -q -pl conformance test-compile exec:java ... or run main() from the IDE, from the repo root:
 *     KernelCorpus [SPEC_DIR] [OUT_DIR]   (defaults: spec, traces/corpus/kernel)</pre>
 */
public final class KernelCorpus {
    private KernelCorpus() {}

    /** One call and its outcome (ret checked when not null). */
    record Call(String name, List<Value> args, String outcome, Long ret) {
        static Call of(String name, String outcome, Object... args) {
            return new Call(name, values(args), outcome, null);
        }

        static Call ret(String name, String outcome, long ret, Object... args) {
            return new Call(name, values(args), outcome, ret);
        }

        boolean matches(ActionCall c) {
            return c.name().equals(name) && c.outcome().equals(outcome) && (ret == null || c.ret() == ret)
                    && c.args().size() == args.size() && sameArgs(c.args());
        }

        private boolean sameArgs(List<Value> other) {
            for (int i = 0; i < args.size(); i++) {
                if (!Values.format(args.get(i)).equals(Values.format(other.get(i)))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return name + Values.format(new Value.Tuple(args)) + " -> " + outcome + (ret == null ? "" : " " + ret);
        }

        private static List<Value> values(Object... xs) {
            List<Value> out = new ArrayList<>();
            for (Object x : xs) {
                out.add(x instanceof String s ? Values.str(s) : x instanceof Boolean b ? new Value.Bool(b)
                        : Values.num(((Number) x).longValue()));
            }
            return out;
        }
    }

    /** One case: the file name, where it comes from, its calls. */
    record Case(String file, String description, List<Call> calls) {}

    static Call export() {
        return Call.of("DmaBufExport", "ok", "b1");
    }

    static Call fd(String p, boolean cloexec) {
        return Call.ret("DmaBufFd", "fd", 3, p, "b1", cloexec);
    }

    static Call close(String p) {
        return Call.of("FdClose", "ok", p, 3);
    }

    static Call release() {
        return Call.of("DmaBufRelease", "ok", "b1");
    }

    static Call llseek(long off, String whence, String outcome, long ret) {
        return Call.ret("DmaBufLlseek", outcome, ret, "p1", 3, off, whence);
    }

    static Call sync(long flags, String outcome) {
        return Call.of("DmaBufIoctlSync", outcome, "p1", 3, flags);
    }

    static Call mmap(int len, int pgoff, String outcome) {
        return Call.of("DmaBufMmap", outcome, "p1", 3, len, pgoff);
    }

    /** The cases, in the order of KernelSelftests. */
    static List<Case> cases() {
        return List.of(
                new Case("udmabuf-valid-create.itf.json",
                        "selftests/drivers/dma-buf/udmabuf.c check 4: a valid create gives a dma-buf of the size",
                        List.of(export(), fd("p1", true), llseek(0, "SEEK_END", "ok", 4096), close("p1"), release())),
                new Case("dmabuf-heap-alloc-and-import.itf.json",
                        "selftests/dmabuf-heaps/dmabuf-heap.c test_alloc_and_import: allocate, mmap, SYNC START|RW,"
                                + " SYNC END|RW, munmap, import into vgem (get, attach), close the handle (detach, put)",
                        List.of(export(), fd("p1", true), mmap(1, 0, "ok"), sync(3, "ok"), sync(7, "ok"),
                                Call.of("Munmap", "ok", "p1", "b1"), Call.of("DmaBufGet", "ok", "d1", "p1", 3),
                                Call.of("DmaBufAttach", "attachment", "d1", "b1"), Call.of("DmaBufDetach", "ok", "d1", "b1"),
                                Call.of("DmaBufPut", "ok", "d1", "b1"), close("p1"), release())),
                new Case("igt-prime-self-import-basic-llseek-size.itf.json",
                        "IGT prime_self_import basic-llseek-size (one page): SEEK_END gives the size, SEEK_SET 0",
                        List.of(export(), fd("p1", true), llseek(0, "SEEK_END", "ok", 4096), llseek(0, "SEEK_SET", "ok", 0),
                                close("p1"), release())),
                new Case("igt-prime-self-import-basic-llseek-bad.itf.json",
                        "IGT prime_self_import basic-llseek-bad: any offset but 0, any whence but SEEK_SET and"
                                + " SEEK_END, is EINVAL (the spec's offsets are 0 and 1; -1 and size+-1 are in"
                                + " KernelSelftests)",
                        List.of(export(), fd("p1", true), llseek(0, "SEEK_END", "ok", 4096), llseek(1, "SEEK_END", "EINVAL", 0),
                                llseek(1, "SEEK_SET", "EINVAL", 0), llseek(0, "SEEK_CUR", "EINVAL", 0),
                                llseek(1, "SEEK_CUR", "EINVAL", 0), close("p1"), release())),
                new Case("igt-prime-mmap-test-errors.itf.json",
                        "IGT prime_mmap test_errors: twice the size is EINVAL, past the end is EINVAL, after close"
                                + " EBADF (offsets in pages; IGT's BO_SIZE/2 offset is in KernelSelftests)",
                        List.of(export(), fd("p1", true), mmap(2, 0, "EINVAL"), mmap(1, 1, "EINVAL"), close("p1"),
                                mmap(1, 0, "EBADF"), release())),
                new Case("igt-prime-mmap-test-invalid-sync-flags.itf.json",
                        "IGT prime_mmap test_invalid_sync_flags: 0 and MASK+1 = 8 are EINVAL (-1 and RW+1 are in"
                                + " KernelSelftests); START|RW then END|RW work",
                        List.of(export(), fd("p1", true), sync(0, "EINVAL"), sync(8, "EINVAL"), sync(3, "ok"), sync(7, "ok"),
                                close("p1"), release())),
                new Case("sync-end-before-start.itf.json",
                        "DMA_BUF_IOCTL_SYNC END|RW before any START: the spec and the system heap accept it,"
                                + " udmabuf gives EINVAL until its first begin_cpu_access (a documented fact of that"
                                + " exporter, KnownDivergences)",
                        List.of(export(), fd("p1", true), sync(7, "ok"), sync(3, "ok"), sync(7, "ok"), close("p1"),
                                release())),
                new Case("cloexec-exec.itf.json",
                        "guide, Miscellaneous notes: a dma-buf fd created with O_CLOEXEC is gone after exec; one"
                                + " sent to another process (no CLOEXEC there) survives that process's exec",
                        List.of(export(), fd("p1", true), Call.ret("FdSend", "fd", 3, "p1", "p2", 3),
                                Call.of("ProcessExec", "ok", "p1"), Call.of("ProcessExec", "ok", "p2"),
                                Call.of("FdClose", "ok", "p2", 3), release())),
                new Case("set-name-while-attached.itf.json",
                        "DMA_BUF_SET_NAME while vgem is attached: modern kernels accept it (5.x gave EBUSY)",
                        List.of(export(), fd("p1", false), Call.of("DmaBufGet", "ok", "d1", "p1", 3),
                                Call.of("DmaBufAttach", "attachment", "d1", "b1"),
                                Call.of("DmaBufSetName", "ok", "p1", 3, "cam"), Call.of("DmaBufDetach", "ok", "d1", "b1"),
                                Call.of("DmaBufPut", "ok", "d1", "b1"), close("p1"), release())));
    }

    public static void main(String[] args) throws Exception {
        Path spec = Path.of(args.length > 0 ? args[0] : "spec");
        Path out = Path.of(args.length > 1 ? args[1] : "traces/corpus/kernel");
        TraceGeneration.Generated g = new TraceGeneration(new TlcRunner(), spec, TraceGeneration.DEFAULT_SEED, 2,
                Path.of("conformance", "target", "trace-cache")).generate("MCDmaBufTraceModern.cfg", System.out::println);
        write(g.graph(), out);
    }

    /** Writes every case's trace into {@code out}, replacing the files of earlier cases. */
    static void write(StateGraph graph, Path out) throws IOException {
        Files.createDirectories(out);
        try (Stream<Path> old = Files.list(out)) {
            for (Path p : old.filter(p -> p.toString().endsWith(".itf.json")).toList()) {
                Files.delete(p);
            }
        }
        for (Case c : cases()) {
            Trace t = trace(graph, c);
            ItfWriter.write(t, out.resolve(c.file()));
            System.out.println(c.file() + ": " + t.length() + " steps");
        }
    }

    /** The path of the graph that makes exactly the case's calls. */
    static Trace trace(StateGraph graph, Case c) {
        Map<Long, List<Long>> succ = new HashMap<>();
        for (StateGraph.Edge e : graph.edges()) {
            succ.computeIfAbsent(e.from(), k -> new ArrayList<>()).add(e.to());
        }
        long init = graph.initial().stream().min(Comparator.naturalOrder()).orElseThrow();
        List<Map<String, Value>> states = new ArrayList<>();
        states.add(graph.state(init));
        long at = init;
        for (Call call : c.calls()) {
            Long next = succ.getOrDefault(at, List.of()).stream().sorted()
                    .filter(s -> call.matches(ActionCall.ofState(graph.state(s)))).findFirst().orElse(null);
            if (next == null) {
                List<String> offered = new ArrayList<>();
                for (long s : succ.getOrDefault(at, List.of())) {
                    offered.add(ActionCall.ofState(graph.state(s)).toString());
                }
                offered.sort(null);
                throw new IllegalStateException(c.file() + ": the spec has no step " + call + " after "
                        + (states.size() - 1) + " steps; it offers " + offered);
            }
            at = next;
            states.add(graph.state(at));
        }
        List<String> vars = new ArrayList<>(states.get(0).keySet());
        vars.sort(null);
        TraceMeta meta = TraceMeta.empty().withSource("DmaBuf.tla").withModelConfig("MCDmaBufTraceModern.cfg")
                .withGenerator("KernelCorpus").withProfile("modern").withDescription(c.description());
        return new Trace(meta, vars, states);
    }
}
