package org.dmabufspec.conformance.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.dmabufspec.conformance.target.Outcome;

/**
 * A bounded, seeded random run of calls with bad fds, flags and sizes, through both layers:
 * the {@link KernelTarget} (its helpers get closed fds, the helpers' own fd numbers, negative
 * and huge fds, lengths of 0 and past the end, any sync flags and whence, long names) and the
 * JNA facade {@link DmaBufKernel} in this JVM (closed and invalid fds, zero, huge and negative
 * mmap lengths and offsets, any sync flags, unknown dma-buf ioctls with a NULL argument, bad
 * UDMABUF_CREATE and heap arguments, bad vgem handles). The JVM must survive all of it; every
 * failure must be an outcome or a {@link KernelCallException} naming the call and the errno;
 * afterwards this JVM has no more fds than before, no dma-buf of the run is left in debugfs and
 * no helper process is left.
 *
 * <p>Only fds this run knows to be closed, or its own dma-bufs, are ever passed in this JVM:
 * a random fd here could be one of the JVM's own files.
 */
public final class KernelRobustness {
    private static final Pattern NAMED_FAILURE = Pattern.compile(".+ failed: (E[A-Z0-9]+ \\(\\d+\\)|errno \\d+)");
    private static final Set<String> OUTCOMES = Set.of("ok", "fd", "attachment");

    /**
     * What the run did.
     *
     * @param seed          the random seed
     * @param calls         calls made
     * @param outcomes      outcome (or errno) to count, both layers
     * @param problems      calls that threw something other than a named failure, or whose
     *                      failure did not name the call and errno
     * @param jvmFdsBefore  open fds of this JVM before
     * @param jvmFdsAfter   and after
     * @param buffersLeft   dma-bufs in debugfs afterwards that were not there before
     * @param helpersLeft   helper processes still alive afterwards
     * @param ok            no problem, no leak
     */
    public record Report(long seed, int calls, Map<String, Integer> outcomes, List<String> problems, int jvmFdsBefore,
                         int jvmFdsAfter, List<Long> buffersLeft, int helpersLeft, boolean ok) {
        public void write(Path path) throws IOException {
            Files.createDirectories(path.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(path.toFile(), this);
        }

        public static Report read(Path path) throws IOException {
            return new ObjectMapper().readValue(path.toFile(), Report.class);
        }
    }

    private final Random rnd;
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private int calls;

    private KernelRobustness(long seed) {
        this.rnd = new Random(seed);
    }

    /** {@code targetCalls} random target calls and {@code jnaCalls} random facade calls. */
    public static Report run(long seed, int targetCalls, int jnaCalls, String profile) throws IOException {
        KernelRobustness r = new KernelRobustness(seed);
        int fdsBefore = KernelReplayMain.openFds();
        Set<Long> before = KernelReplayMain.debugfsInodes();
        List<ProcessHandle> helpers = new ArrayList<>();
        r.targetRun(targetCalls, profile, helpers);
        r.jnaRun(jnaCalls);
        int fdsAfter = KernelReplayMain.openFds();
        List<Long> left = new ArrayList<>();
        for (long ino : KernelReplayMain.debugfsInodes()) {
            if (!before.contains(ino)) {
                left.add(ino);
            }
        }
        int alive = (int) helpers.stream().filter(ProcessHandle::isAlive).count();
        boolean ok = r.problems.isEmpty() && fdsAfter <= fdsBefore && left.isEmpty() && alive == 0;
        return new Report(seed, r.calls, r.outcomes, r.problems, fdsBefore, fdsAfter, left, alive, ok);
    }

    // ------------------------------------------------------------------ the target

    private void targetRun(int n, String profile, List<ProcessHandle> helpers) {
        KernelTargetConfig config = new KernelTargetConfig(List.of("p1", "p2"),
                DmaBufKernel.findVgemCard().isPresent() ? List.of("d1") : List.of(), List.of("b1", "b2"), "exp", 2, 1,
                4096, Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE)) ? ExporterKind.UDMABUF : ExporterKind.SYSTEM_HEAP,
                true, 2);
        try (KernelTarget t = new KernelTarget(config, profile)) {
            ProcessHandle.current().children().forEach(helpers::add);
            for (int i = 0; i < n; i++) {
                String p = pick("p1", "p2");
                String q = pick("p1", "p2");
                String b = pick("b1", "b2");
                String d = config.devices().isEmpty() ? null : "d1";
                int fd = badFd();
                int op = rnd.nextInt(d == null ? 12 : 16);
                String call = "?";
                try {
                    Outcome o = switch (op) {
                        case 0 -> { call = "dmaBufExport(" + b + ")"; yield t.dmaBufExport(b); }
                        case 1 -> { call = "dmaBufFd(" + p + ", " + b + ")"; yield t.dmaBufFd(p, b, rnd.nextBoolean()); }
                        case 2 -> { call = "fdDup(" + p + ", " + fd + ")"; yield t.fdDup(p, fd); }
                        case 3 -> { call = "fdClose(" + p + ", " + fd + ")"; yield t.fdClose(p, fd); }
                        case 4 -> { call = "fdSend(" + p + ", " + q + ", " + fd + ")"; yield t.fdSend(p, q, fd); }
                        case 5 -> { call = "processExec(" + p + ")"; yield t.processExec(p); }
                        case 6 -> {
                            int len = pickInt(0, 1, 2, 3, 1 << 20, -1);
                            int pgoff = pickInt(0, 1, 2, -1, 1 << 20);
                            call = "dmaBufMmap(" + p + ", " + fd + ", " + len + ", " + pgoff + ")";
                            yield t.dmaBufMmap(p, fd, len, pgoff);
                        }
                        case 7 -> { call = "munmap(" + p + ", " + b + ")"; yield t.munmap(p, b); }
                        case 8 -> {
                            long off = pickLong(0, 1, -1, 4096, Long.MAX_VALUE, Long.MIN_VALUE);
                            String wh = pick("SEEK_SET", "SEEK_CUR", "SEEK_END", "SEEK_DATA", "SEEK_HOLE", "SEEK_BOGUS");
                            call = "dmaBufLlseek(" + p + ", " + fd + ", " + off + ", " + wh + ")";
                            yield t.dmaBufLlseek(p, fd, off, wh);
                        }
                        case 9 -> {
                            long flags = rnd.nextBoolean() ? rnd.nextInt(16) : rnd.nextLong();
                            call = "dmaBufIoctlSync(" + p + ", " + fd + ", " + flags + ")";
                            yield t.dmaBufIoctlSync(p, fd, flags);
                        }
                        case 10 -> {
                            String name = pick("", "cam", "x".repeat(31), "y".repeat(32), "z".repeat(300), "sp ace\u00e9");
                            call = "dmaBufSetName(" + p + ", " + fd + ", " + name.length() + " chars)";
                            yield t.dmaBufSetName(p, fd, name);
                        }
                        case 11 -> { call = "dmaBufRelease(" + b + ")"; yield t.dmaBufRelease(b); }
                        case 12 -> { call = "dmaBufGet(" + d + ", " + p + ", " + fd + ")"; yield t.dmaBufGet(d, p, fd); }
                        case 13 -> { call = "dmaBufAttach(" + d + ", " + b + ")"; yield t.dmaBufAttach(d, b); }
                        case 14 -> { call = "dmaBufDetach(" + d + ", " + b + ")"; yield t.dmaBufDetach(d, b); }
                        default -> { call = "dmaBufPut(" + d + ", " + b + ")"; yield t.dmaBufPut(d, b); }
                    };
                    count(o.isUnsupported() ? "target: unsupported" : "target: " + o.outcome());
                    if (!o.isUnsupported() && !OUTCOMES.contains(o.outcome()) && KernelErrno.of(errnoNumber(o.outcome())).isEmpty()
                            && !o.outcome().startsWith("live (count")) {
                        problems.add(call + ": outcome " + o + " is neither a result nor an errno name");
                    }
                    t.projection();
                } catch (RuntimeException e) {
                    problems.add(call + ": threw " + e);
                }
                calls++;
            }
        }
    }

    private static int errnoNumber(String name) {
        try {
            return KernelErrno.valueOf(name).number();
        } catch (IllegalArgumentException e) {
            return -1;
        }
    }

    /** Fds a helper may be handed: open slots, closed slots, its own pipes and sockets, nonsense. */
    private int badFd() {
        return pickInt(3, 4, 3, 4, 5, -1, 0, 1, 2, SpecProcess.HELPER_FDS, SpecProcess.HELPER_FDS + 1, 1000,
                Integer.MAX_VALUE, Integer.MIN_VALUE);
    }

    // ------------------------------------------------------------------ the JNA facade

    private void jnaRun(int n) throws IOException {
        boolean udmabuf = Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE));
        boolean heap = DmaBufKernel.heaps().contains("system");
        boolean vgem = DmaBufKernel.findVgemCard().isPresent();
        try (DmaBufKernel k = new DmaBufKernel()) {
            int closed = closedFd(k);
            int buf = udmabuf ? k.createUdmabuf(4096, true) : k.allocHeap("system", 4096, true);
            try {
                for (int i = 0; i < n; i++) {
                    int fd = rnd.nextInt(4) == 0 ? pickInt(closed, -1, Integer.MAX_VALUE, Integer.MIN_VALUE) : buf;
                    int op = rnd.nextInt(9);
                    jna(() -> {
                        switch (op) {
                            case 0 -> k.llseek(fd, pickLong(0, 1, -1, 4096, Long.MAX_VALUE), rnd.nextInt(6) - 1);
                            case 1 -> {
                                long len = pickLong(0, 1, 4096, 8192, 1L << 40, -1, -4096);
                                long off = pickLong(0, 4096, -4096, 1, 1L << 40);
                                Pointer p = k.mmap(fd, len, pickInt(LibC.PROT_READ, LibC.PROT_READ | LibC.PROT_WRITE,
                                        LibC.PROT_NONE, 0x7), off);
                                k.munmap(p, len);
                            }
                            case 2 -> k.sync(fd, rnd.nextBoolean() ? rnd.nextInt(16) : rnd.nextLong());
                            case 3 -> k.setName(fd, pick("", "n", "x".repeat(32), "y".repeat(4096)));
                            case 4 -> k.ioctl(fd, Ioctl._IO(DmaBufH.DMA_BUF_BASE, 4 + rnd.nextInt(250)), 0);
                            case 5 -> {
                                if (udmabuf) {
                                    int memfd = k.createMemfd(pickLong(4096, 65536), pickInt(0, LibC.F_SEAL_SHRINK,
                                            LibC.F_SEAL_SHRINK | LibC.F_SEAL_WRITE));
                                    try {
                                        k.close(k.udmabufCreate(rnd.nextBoolean() ? memfd : fd, rnd.nextInt(8),
                                                pickLong(0, 1, 4096, -4096, 1L << 40), pickLong(0, 1, 4096, 65536,
                                                        131072, -1)));
                                    } finally {
                                        k.close(memfd);
                                    }
                                }
                            }
                            case 6 -> {
                                if (heap) {
                                    // lengths stay small: a huge system-heap allocation would really allocate
                                    k.close(k.heapAlloc("system", pickLong(0, 1, 4096, 65536), rnd.nextInt(),
                                            rnd.nextBoolean() ? 0 : rnd.nextLong(), pickInt(0, 0, 5, -1)));
                                }
                            }
                            case 7 -> {
                                if (vgem) {
                                    k.gemClose(k.vgemImport(fd));
                                }
                            }
                            default -> {
                                if (vgem) {
                                    k.gemClose(rnd.nextInt(100) + 1);
                                }
                            }
                        }
                    });
                }
            } finally {
                k.close(buf);
            }
        }
    }

    private interface Body {
        void run();
    }

    private void jna(Body body) {
        calls++;
        try {
            body.run();
            count("jna: ok");
        } catch (KernelCallException e) {
            count("jna: " + e.errno().map(Enum::name).orElse("errno " + e.errnoNumber()));
            if (!NAMED_FAILURE.matcher(e.getMessage()).matches()) {
                problems.add("a failure that does not name its call and errno: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            problems.add("threw " + e);
        }
    }

    /** A number that is not an open fd of this JVM (opened, then closed). */
    private static int closedFd(DmaBufKernel k) {
        int fd = k.open("/dev/null", LibC.O_RDONLY | LibC.O_CLOEXEC);
        k.close(fd);
        int n = fd + 10_000;
        while (Files.exists(Path.of("/proc/self/fd/" + n))) {
            n++;
        }
        return n;
    }

    private void count(String what) {
        outcomes.merge(what, 1, Integer::sum);
    }

    @SafeVarargs
    private <T> T pick(T... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private int pickInt(int... xs) {
        return xs[rnd.nextInt(xs.length)];
    }

    private long pickLong(long... xs) {
        return xs[rnd.nextInt(xs.length)];
    }
}
