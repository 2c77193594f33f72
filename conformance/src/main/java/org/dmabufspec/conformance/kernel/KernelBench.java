package org.dmabufspec.conformance.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dmabufspec.conformance.target.Outcome;

/**
 * The adapter's cost per call against the same system calls made by a small C program
 * ({@code dmabuf-bench.c}, built by {@link ProcHelper}), in one run on one kernel:
 * <ul>
 *   <li>C: the calls in a loop, on a one-page dma-buf;</li>
 *   <li>JNA: the same calls through {@link DmaBufKernel} in this JVM (JNA marshalling,
 *       errno to exception, the call's description);</li>
 *   <li>target: the same calls through {@link KernelTarget}, i.e. a request to the spec
 *       process's helper over its pipes, the call there, the reply parsed (the cost a replayed
 *       step pays before its projection); and the projection itself.</li>
 * </ul>
 * Each is warmed up first; the mean per call is reported, and the ratios to C.
 *
 * <pre>java -cp ... org.dmabufspec.conformance.kernel.KernelBench [REPORT.json] [N]</pre>
 */
public final class KernelBench {

    /**
     * One operation's mean cost in nanoseconds.
     *
     * @param op       what was called
     * @param cNs      in C
     * @param jnaNs    through the JNA facade
     * @param targetNs through the kernel target
     */
    public record Row(String op, double cNs, double jnaNs, double targetNs) {
        public double jnaRatio() {
            return jnaNs / cNs;
        }

        public double targetRatio() {
            return targetNs / cNs;
        }
    }

    /**
     * The measurement.
     *
     * @param kernel        {@code uname -r}
     * @param exporter      the exporter of the buffer
     * @param iterations    calls per operation in C and JNA
     * @param targetIterations calls per operation through the target
     * @param rows          per operation
     * @param projectionNs  one {@link KernelTarget#projection()} (two processes, one device)
     * @param jnaGeoMean    geometric mean of the JNA/C ratios
     * @param targetGeoMean geometric mean of the target/C ratios
     */
    public record Report(String kernel, String exporter, int iterations, int targetIterations, List<Row> rows,
                         double projectionNs, double jnaGeoMean, double targetGeoMean) {
        public void write(Path path) throws IOException {
            Files.createDirectories(path.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), this);
        }

        public static Report read(Path path) throws IOException {
            return new ObjectMapper().readValue(path.toFile(), Report.class);
        }

        /** A table for a console or a README. */
        public String table() {
            StringBuilder s = new StringBuilder(String.format(
                    "kernel %s, %s buffer, %d calls each (%d through the target)%n", kernel, exporter, iterations,
                    targetIterations));
            s.append(String.format("%-12s %10s %10s %12s %8s %10s%n", "call", "C ns", "JNA ns", "target ns", "JNA/C",
                    "target/C"));
            for (Row r : rows) {
                s.append(String.format("%-12s %10.0f %10.0f %12.0f %8.1f %10.1f%n", r.op(), r.cNs(), r.jnaNs(),
                        r.targetNs(), r.jnaRatio(), r.targetRatio()));
            }
            s.append(String.format("geometric mean: JNA/C %.1f, target/C %.1f; one projection %.0f ns%n", jnaGeoMean,
                    targetGeoMean, projectionNs));
            return s.toString();
        }
    }

    private KernelBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Report r = run(n, Math.max(100, n / 20), KernelProfileDetector.detect().profile());
        System.out.print(r.table());
        if (args.length > 0) {
            r.write(Path.of(args[0]));
        }
    }

    public static Report run(int n, int targetN, String profile) throws IOException, InterruptedException {
        ExporterKind kind = Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE)) ? ExporterKind.UDMABUF
                : ExporterKind.SYSTEM_HEAP;
        Map<String, Double> c = c(n, kind);
        Map<String, Double> jna = jna(n, kind);
        Map<String, Double> target = new LinkedHashMap<>();
        double projection = target(targetN, kind, profile, target);
        List<Row> rows = new ArrayList<>();
        double jnaLog = 0;
        double targetLog = 0;
        for (String op : c.keySet()) {
            Row r = new Row(op, c.get(op), jna.get(op), target.get(op));
            rows.add(r);
            jnaLog += Math.log(r.jnaRatio());
            targetLog += Math.log(r.targetRatio());
        }
        return new Report(KernelProfileDetector.kernelRelease(), kind.expName(), n, targetN, rows, projection,
                Math.exp(jnaLog / rows.size()), Math.exp(targetLog / rows.size()));
    }

    private static Map<String, Double> c(int n, ExporterKind kind) throws IOException, InterruptedException {
        Path bin = ProcHelper.binary(ProcHelper.BENCH);
        Process p = new ProcessBuilder(bin.toString(), Integer.toString(n), kind.expName())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!p.waitFor(600, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException(bin + " failed: " + out);
        }
        Map<String, Double> m = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 2) {
                m.put(f[0], Double.parseDouble(f[1]));
            }
        }
        return m;
    }

    private interface Op {
        void run(int i);
    }

    private static double time(int n, Op op) {
        for (int i = 0; i < Math.min(n, 2000); i++) {
            op.run(i);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            op.run(i);
        }
        return (System.nanoTime() - t0) / (double) n;
    }

    private static Map<String, Double> jna(int n, ExporterKind kind) {
        Map<String, Double> m = new LinkedHashMap<>();
        try (DmaBufKernel k = new DmaBufKernel()) {
            int fd = kind == ExporterKind.UDMABUF ? k.createUdmabuf(4096, true) : k.allocHeap("system", 4096, true);
            try {
                k.sync(fd, DmaBufH.DMA_BUF_SYNC_START | DmaBufH.DMA_BUF_SYNC_RW);
                k.sync(fd, DmaBufH.DMA_BUF_SYNC_END | DmaBufH.DMA_BUF_SYNC_RW);
                m.put("lseek", time(n, i -> k.llseek(fd, 0, LibC.SEEK_END)));
                m.put("sync", time(n, i -> k.sync(fd, (i & 1) == 1 ? 7 : 3)));
                m.put("setname", time(n, i -> k.setName(fd, "bench")));
                m.put("dup+close", time(n, i -> k.close(k.dup(fd))));
                m.put("mmap+munmap", time(n, i -> {
                    Pointer p = k.mmap(fd, 4096, LibC.PROT_READ | LibC.PROT_WRITE, 0);
                    k.munmap(p, 4096);
                }));
            } finally {
                k.close(fd);
            }
        }
        return m;
    }

    private static double target(int n, ExporterKind kind, String profile, Map<String, Double> m) {
        KernelTargetConfig config = new KernelTargetConfig(List.of("p1", "p2"),
                DmaBufKernel.findVgemCard().isPresent() ? List.of("d1") : List.of(), List.of("b1"), "exp", 2, 1, 4096,
                kind, true, 2);
        try (KernelTarget t = new KernelTarget(config, profile)) {
            t.dmaBufExport("b1");
            expect(t.dmaBufFd("p1", "b1", true), "fd");
            expect(t.dmaBufIoctlSync("p1", 3, 3), "ok");
            m.put("lseek", time(n, i -> expect(t.dmaBufLlseek("p1", 3, 0, "SEEK_END"), "ok")));
            m.put("sync", time(n, i -> expect(t.dmaBufIoctlSync("p1", 3, (i & 1) == 1 ? 3 : 7), "ok")));
            m.put("setname", time(n, i -> expect(t.dmaBufSetName("p1", 3, "bench"), "ok")));
            m.put("dup+close", time(n, i -> {
                expect(t.fdDup("p1", 3), "fd");
                expect(t.fdClose("p1", 4), "ok");
            }));
            m.put("mmap+munmap", time(n, i -> {
                expect(t.dmaBufMmap("p1", 3, 1, 0), "ok");
                expect(t.munmap("p1", "b1"), "ok");
            }));
            return time(Math.max(10, n / 4), i -> t.projection());
        }
    }

    private static void expect(Outcome o, String outcome) {
        if (!o.outcome().equals(outcome)) {
            throw new IllegalStateException("benchmark call returned " + o + ", not " + outcome);
        }
    }
}
