package org.dmabufspec.conformance.kernel;

import static org.dmabufspec.conformance.kernel.DmaBufH.*;
import static org.dmabufspec.conformance.kernel.KernelErrno.*;
import static org.dmabufspec.conformance.kernel.LibC.*;

import com.sun.jna.Pointer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * Calls every entry point of {@link DmaBufKernel} on the running kernel (udmabuf, each dma heap
 * present, vgem when loaded), success and error cases, and checks each outcome against what
 * the 6.x sources and the measurements in KERNEL-VM.md say. Sections whose device is absent
 * are skipped with the reason.
 *
 * <pre>java -cp ... org.dmabufspec.conformance.kernel.KernelProbe [REPORT.json]</pre>
 *
 * Prints one line per check, writes the JSON {@link ProbeReport} (to stdout without a path) and
 * exits 0 only when at least one check ran and every check matched, 1 otherwise.
 */
public final class KernelProbe {
    /** Buffer size of every probe buffer: 16 pages. */
    static final long SIZE = 64 * 1024;
    static final long PAGE = 4096;
    static final int RW = PROT_READ | PROT_WRITE;

    private final DmaBufKernel k;
    private final List<ProbeReport.Check> checks = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();
    private final Map<String, String> devices = new LinkedHashMap<>();
    private final Map<String, String> samples = new LinkedHashMap<>();
    private String section = "";

    private KernelProbe(DmaBufKernel k) {
        this.k = k;
    }

    public static void main(String[] args) throws IOException {
        ProbeReport report = run();
        report.checks().forEach(System.out::println);
        report.skipped().forEach(s -> System.out.println("skip " + s));
        System.out.printf("kernel %s: %d passed, %d failed%n", report.kernel(), report.passed(), report.failed());
        if (args.length > 0) {
            report.write(Path.of(args[0]));
        } else {
            System.out.println(report.toJson());
        }
        System.exit(report.ok() ? 0 : 1);
    }

    /** Runs every section in this process and returns the report. */
    public static ProbeReport run() {
        try (DmaBufKernel k = new DmaBufKernel()) {
            KernelProbe probe = new KernelProbe(k);
            probe.all();
            return probe.report();
        }
    }

    private void all() {
        boolean udmabuf = Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE));
        List<String> heaps = DmaBufKernel.heaps();
        Optional<Path> vgem = DmaBufKernel.findVgemCard();
        devices.put(DmaBufKernel.UDMABUF_DEVICE, udmabuf ? "present" : "absent");
        devices.put(DmaBufKernel.DMA_HEAP_DIR, heaps.isEmpty() ? "absent" : String.join(",", heaps));
        devices.put("vgem", vgem.map(Path::toString).orElse("absent"));
        devices.put(BufInfo.PATH, DmaBufKernel.hasBufinfo() ? "present" : "absent");

        if (udmabuf) {
            section("udmabuf", this::udmabuf);
        } else {
            skipped.add("udmabuf: no " + DmaBufKernel.UDMABUF_DEVICE);
        }
        if (heaps.contains("system")) {
            section("heap:system", this::systemHeap);
        } else {
            skipped.add("heap:system: no " + DmaBufKernel.DMA_HEAP_DIR + "/system");
        }
        IntSupplier exporter = udmabuf ? () -> k.createUdmabuf(SIZE, true)
                : heaps.contains("system") ? () -> k.allocHeap("system", SIZE, true) : null;
        if (exporter == null) {
            skipped.add("fd passing and vgem: no exporter to create a buffer");
            return;
        }
        section("fd", () -> fdPassing(exporter));
        if (vgem.isPresent()) {
            section("vgem", () -> vgem(exporter));
        } else {
            skipped.add("vgem: no /sys/class/drm/card* is the vgem device (module not loaded)");
        }
    }

    // ------------------------------------------------------------------ exporters

    private void udmabuf() {
        buffer("UDMABUF_CREATE(64 KiB, UDMABUF_FLAGS_CLOEXEC)", () -> k.createUdmabuf(SIZE, true), "udmabuf", SIZE);
        withoutCloexec("UDMABUF_CREATE(64 KiB, flags=0)", () -> k.createUdmabuf(SIZE, false));

        // tools/testing/selftests/drivers/dma-buf/udmabuf.c and KERNEL-VM.md
        withMemfd(0, memfd -> fails("UDMABUF_CREATE on a memfd without F_SEAL_SHRINK", EINVAL,
                () -> closing(k.udmabufCreate(memfd, 0, 0, SIZE))));
        withMemfd(F_SEAL_SHRINK | F_SEAL_WRITE, memfd -> fails("UDMABUF_CREATE on a memfd sealed against writing",
                EINVAL, () -> closing(k.udmabufCreate(memfd, 0, 0, SIZE))));
        withMemfd(F_SEAL_SHRINK, memfd -> {
            fails("UDMABUF_CREATE with size 1000 (not a page multiple)", EINVAL,
                    () -> closing(k.udmabufCreate(memfd, 0, 0, 1000)));
            fails("UDMABUF_CREATE at offset 100 (not page-aligned)", EINVAL,
                    () -> closing(k.udmabufCreate(memfd, 0, 100, PAGE)));
            fails("UDMABUF_CREATE of 128 KiB from a 64 KiB memfd", EINVAL,
                    () -> closing(k.udmabufCreate(memfd, 0, 0, 2 * SIZE)));
            expect("UDMABUF_CREATE with unknown flag 0x2 (6.12 accepts it)",
                    () -> closing(k.udmabufCreate(memfd, 0x2, 0, SIZE)), fd -> fd >= 0, "an fd");
        });
        int[] sv = k.socketpair();
        try {
            fails("UDMABUF_CREATE on a socket (not shmem)", EBADFD, () -> closing(k.udmabufCreate(sv[0], 0, 0, PAGE)));
        } finally {
            k.close(sv[0]);
            k.close(sv[1]);
        }
    }

    private void systemHeap() {
        buffer("DMA_HEAP_IOCTL_ALLOC(system, 64 KiB, O_RDWR|O_CLOEXEC)", () -> k.allocHeap("system", SIZE, true),
                "system", SIZE);
        withoutCloexec("DMA_HEAP_IOCTL_ALLOC(system, 64 KiB, O_RDWR)", () -> k.allocHeap("system", SIZE, false));

        // tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c and KERNEL-VM.md
        int flags = O_RDWR | O_CLOEXEC;
        fails("DMA_HEAP_IOCTL_ALLOC with heap_flags=1", EINVAL, () -> closing(k.heapAlloc("system", SIZE, flags, 1, 0)));
        fails("DMA_HEAP_IOCTL_ALLOC with O_NONBLOCK in fd_flags", EINVAL,
                () -> closing(k.heapAlloc("system", SIZE, flags | O_NONBLOCK, 0, 0)));
        fails("DMA_HEAP_IOCTL_ALLOC with len=0", EINVAL, () -> closing(k.heapAlloc("system", 0, flags, 0, 0)));
        fails("DMA_HEAP_IOCTL_ALLOC with fd=5 on input", EINVAL, () -> closing(k.heapAlloc("system", SIZE, flags, 0, 5)));
        Integer small = expect("DMA_HEAP_IOCTL_ALLOC(system, 1000 bytes)", () -> k.allocHeap("system", 1000, true),
                fd -> fd >= 0, "an fd");
        if (small != null) {
            try {
                expectValue("lseek(0, SEEK_END) of a 1000-byte allocation (rounded up to a page)",
                        () -> k.llseek(small, 0, SEEK_END), PAGE);
            } finally {
                k.close(small);
            }
        }
    }

    /** Every file operation on a fresh 64 KiB buffer, then its release on the last close. */
    private void buffer(String create, IntSupplier make, String expName, long size) {
        Integer created = expect(create, make::getAsInt, fd -> fd >= 0, "an fd");
        if (created == null) {
            return;
        }
        int fd = created;
        long ino = -1;
        try {
            that("F_GETFD", FD_CLOEXEC, k.fdFlags(fd));
            FdInfo info = k.fdinfo(fd);
            ino = info.ino();
            that("fdinfo exp_name", expName, info.expName());
            that("fdinfo size", size, info.size());
            that("fdinfo count", 1L, info.count());
            that("fdinfo flags (O_RDWR|O_CLOEXEC)", "02000002", octal(info.flags()));
            that("fdinfo name before SET_NAME", null, info.name());

            // llseek: dma-buf.c::dma_buf_llseek()
            expectValue("lseek(0, SEEK_END)", () -> k.llseek(fd, 0, SEEK_END), size);
            expectValue("lseek(0, SEEK_SET)", () -> k.llseek(fd, 0, SEEK_SET), 0L);
            fails("lseek(1, SEEK_SET)", EINVAL, () -> k.llseek(fd, 1, SEEK_SET));
            fails("lseek(0, SEEK_CUR)", EINVAL, () -> k.llseek(fd, 0, SEEK_CUR));
            fails("lseek(4096, SEEK_END)", EINVAL, () -> k.llseek(fd, PAGE, SEEK_END));

            mmapAndSync(fd, size);

            // DMA_BUF_IOCTL_SYNC with bad flags: IGT prime_mmap test_invalid_sync_flags, plus 0x80
            for (long flags : new long[] {0x80, -1, 0, DMA_BUF_SYNC_RW + 1, DMA_BUF_SYNC_VALID_FLAGS_MASK + 1}) {
                fails("DMA_BUF_IOCTL_SYNC flags=0x" + Long.toHexString(flags), EINVAL, () -> done(() -> k.sync(fd, flags)));
            }
            // mmap beyond the buffer: dma-buf.c::dma_buf_mmap_internal(), IGT prime_mmap test_errors
            fails("mmap of twice the size", EINVAL, () -> unmapping(k.mmap(fd, 2 * size, RW, 0), 2 * size));
            fails("mmap of one page at offset = size", EINVAL, () -> unmapping(k.mmap(fd, PAGE, RW, size), PAGE));
            fails("mmap of two pages overlapping the end", EINVAL,
                    () -> unmapping(k.mmap(fd, 2 * PAGE, RW, size - PAGE), 2 * PAGE));
            fails("unknown dma-buf ioctl _IO('b', 0x7f)", ENOTTY, () -> k.ioctl(fd, Ioctl._IO(DMA_BUF_BASE, 0x7f), 0));

            // names: dma-buf.c::dma_buf_set_name()
            ok("DMA_BUF_SET_NAME \"dmabuf-spec probe\"", () -> done(() -> k.setName(fd, "dmabuf-spec probe")));
            that("fdinfo name", "dmabuf-spec probe", k.fdinfo(fd).name());
            ok("DMA_BUF_SET_NAME_A \"probe-a\"", () -> done(() -> k.setName(fd, "probe-a", DMA_BUF_SET_NAME_A)));
            that("fdinfo name after SET_NAME_A", "probe-a", k.fdinfo(fd).name());
            String longName = "n".repeat(DMA_BUF_NAME_LEN);
            fails("DMA_BUF_SET_NAME with 32 characters (DMA_BUF_NAME_LEN counts the NUL)", EINVAL,
                    () -> done(() -> k.setName(fd, longName)));
            that("fdinfo name after the failed SET_NAME", "probe-a", k.fdinfo(fd).name());
            ok("DMA_BUF_SET_NAME with 31 characters", () -> done(() -> k.setName(fd, "n".repeat(DMA_BUF_NAME_LEN - 1))));

            // dup: one more fd, one more reference to the same file, without FD_CLOEXEC
            Integer dup = ok("dup", () -> k.dup(fd));
            if (dup != null) {
                that("F_GETFD of the dup", 0, k.fdFlags(dup));
                that("fdinfo ino of the dup", ino, k.fdinfo(dup).ino());
                that("fdinfo count with the dup open", 2L, k.fdinfo(fd).count());
                ok("close(dup)", () -> done(() -> k.close(dup)));
                that("fdinfo count after closing the dup", 1L, k.fdinfo(fd).count());
            }

            if (DmaBufKernel.hasBufinfo()) {
                long id = ino;
                Optional<BufInfo> b = k.bufinfo(id);
                that("bufinfo lists the buffer by ino", true, b.isPresent());
                b.ifPresent(buf -> {
                    that("bufinfo size", size, buf.size());
                    that("bufinfo exp_name", expName, buf.expName());
                    that("bufinfo count", 1L, buf.count());
                    that("bufinfo name", "n".repeat(DMA_BUF_NAME_LEN - 1), buf.name());
                    that("bufinfo attached devices", List.of(), buf.attachedDevices());
                });
            }
        } finally {
            closeLast(fd, ino);
        }
    }

    private void mmapAndSync(int fd, long size) {
        Pointer map = expect("mmap(size, PROT_READ|PROT_WRITE, MAP_SHARED)", () -> k.mmap(fd, size, RW, 0),
                Objects::nonNull, "an address");
        if (map == null) {
            return;
        }
        try {
            ok("DMA_BUF_IOCTL_SYNC START|RW", () -> done(() -> k.sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)));
            for (long off = 0; off < size; off += PAGE) {
                map.setLong(off, 0x5eed_0000L + off);
            }
            ok("DMA_BUF_IOCTL_SYNC END|RW", () -> done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
            Pointer second = ok("mmap of the last page, read-only", () -> k.mmap(fd, PAGE, PROT_READ, size - PAGE));
            if (second != null) {
                ok("DMA_BUF_IOCTL_SYNC START|READ", () -> done(() -> k.sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ)));
                that("a second mapping sees what the first wrote", 0x5eed_0000L + size - PAGE, second.getLong(0));
                ok("DMA_BUF_IOCTL_SYNC END|READ", () -> done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ)));
                ok("munmap of the second mapping", () -> done(() -> k.munmap(second, PAGE)));
            }
        } finally {
            ok("munmap", () -> done(() -> k.munmap(map, size)));
        }
    }

    private void withoutCloexec(String create, IntSupplier make) {
        Integer fd = expect(create, make::getAsInt, v -> v >= 0, "an fd");
        if (fd != null) {
            try {
                that("F_GETFD without CLOEXEC", 0, k.fdFlags(fd));
                that("fdinfo flags without CLOEXEC", "02", octal(k.fdinfo(fd).flags()));
            } finally {
                k.close(fd);
            }
        }
    }

    /** Closes the last fd of a buffer and checks that the fd is gone and the buffer released. */
    private void closeLast(int fd, long ino) {
        ok("close", () -> done(() -> k.close(fd)));
        fails("lseek after close", EBADF, () -> k.llseek(fd, 0, SEEK_END));
        fails("DMA_BUF_IOCTL_SYNC after close", EBADF, () -> done(() -> k.sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)));
        fails("mmap after close", EBADF, () -> unmapping(k.mmap(fd, PAGE, RW, 0), PAGE));
        fails("close again", EBADF, () -> done(() -> k.close(fd)));
        if (DmaBufKernel.hasBufinfo() && ino >= 0) {
            that("bufinfo after the last close (buffer released)", false, k.bufinfo(ino).isPresent());
        }
    }

    // ------------------------------------------------------------------ fd passing

    private void fdPassing(IntSupplier exporter) {
        int fd = exporter.getAsInt();
        int[] sv = k.socketpair();
        try {
            long ino = k.fdinfo(fd).ino();
            ok("sendmsg(SCM_RIGHTS)", () -> done(() -> k.sendFd(sv[0], fd)));
            that("fdinfo count while the fd is in flight", 2L, k.fdinfo(fd).count());
            Integer received = ok("recvmsg(SCM_RIGHTS, MSG_CMSG_CLOEXEC)", () -> k.recvFd(sv[1], true));
            if (received != null) {
                that("received fd names the same buffer (ino)", ino, k.fdinfo(received).ino());
                that("received fd has FD_CLOEXEC", FD_CLOEXEC, k.fdFlags(received));
                that("fdinfo count with the received fd", 2L, k.fdinfo(fd).count());
                expectValue("lseek(0, SEEK_END) on the received fd", () -> k.llseek(received, 0, SEEK_END), SIZE);
                ok("close(received)", () -> done(() -> k.close(received)));
                that("fdinfo count after closing the received fd", 1L, k.fdinfo(fd).count());
            }
        } finally {
            k.close(sv[0]);
            k.close(sv[1]);
            k.close(fd);
        }
    }

    // ------------------------------------------------------------------ vgem importer

    private void vgem(IntSupplier exporter) {
        int fd = exporter.getAsInt();
        boolean fdOpen = true;
        long ino = k.fdinfo(fd).ino();
        boolean bufinfo = DmaBufKernel.hasBufinfo();
        try {
            Integer handle = expect("DRM_IOCTL_PRIME_FD_TO_HANDLE (vgem attaches)", () -> k.vgemImport(fd), h -> h > 0,
                    "a handle > 0");
            if (handle == null) {
                return;
            }
            expect("fdinfo count after the import", () -> k.fdinfo(fd).count(), c -> c > 1, "more than 1");
            if (bufinfo) {
                that("bufinfo attached devices after the import", List.of("vgem"),
                        k.bufinfo(ino).map(BufInfo::attachedDevices).orElse(null));
            }
            samples.put("fdinfo with vgem attached", read("/proc/self/fdinfo/" + fd));
            if (bufinfo) {
                samples.put("bufinfo with vgem attached", read(BufInfo.PATH));
            }
            expectValue("PRIME_FD_TO_HANDLE again gives the same handle", () -> k.vgemImport(fd), handle);
            ok("DMA_BUF_SET_NAME while vgem is attached (6.12: no EBUSY)", () -> done(() -> k.setName(fd, "attached")));
            ok("DRM_IOCTL_GEM_CLOSE (vgem detaches)", () -> done(() -> k.gemClose(handle)));
            that("fdinfo count after GEM_CLOSE", 1L, k.fdinfo(fd).count());
            if (bufinfo) {
                that("bufinfo attached devices after GEM_CLOSE", List.of(),
                        k.bufinfo(ino).map(BufInfo::attachedDevices).orElse(null));
            }
            fails("DRM_IOCTL_GEM_CLOSE of the closed handle", EINVAL, () -> done(() -> k.gemClose(handle)));

            withMemfd(F_SEAL_SHRINK, memfd -> fails("PRIME_FD_TO_HANDLE of a memfd (not a dma-buf)", EINVAL,
                    () -> k.vgemImport(memfd)));
            int closed = k.dup(fd);
            k.close(closed);
            fails("PRIME_FD_TO_HANDLE of a closed fd", EBADF, () -> k.vgemImport(closed));

            // The importer's reference keeps the buffer alive after the exporter's last fd is closed.
            Integer kept = ok("PRIME_FD_TO_HANDLE before closing the fd", () -> k.vgemImport(fd));
            if (kept != null) {
                fdOpen = false;
                ok("close the only fd while vgem holds the buffer", () -> done(() -> k.close(fd)));
                if (bufinfo) {
                    that("bufinfo still lists the buffer held by vgem", true, k.bufinfo(ino).isPresent());
                }
                ok("DRM_IOCTL_GEM_CLOSE of the last reference", () -> done(() -> k.gemClose(kept)));
                if (bufinfo) {
                    that("bufinfo after the importer's last reference (released)", false, k.bufinfo(ino).isPresent());
                }
            }
        } finally {
            if (fdOpen) {
                closeQuietly(fd);
            }
        }
    }

    // ------------------------------------------------------------------ expectations

    private interface Call<T> {
        T call();
    }

    private void section(String name, Runnable body) {
        section = name;
        try {
            body.run();
        } catch (RuntimeException e) {
            record("section ended early", "to run to the end", e.toString(),
                    e instanceof KernelCallException kce ? kce.call() : null, false);
        }
    }

    private <T> T ok(String name, Call<T> op) {
        return expect(name, op, v -> true, "success");
    }

    private <T> T expectValue(String name, Call<T> op, T expected) {
        return expect(name, op, v -> Objects.equals(v, expected), String.valueOf(expected));
    }

    private <T> T expect(String name, Call<T> op, Predicate<T> matches, String expected) {
        try {
            T value = op.call();
            record(name, expected, String.valueOf(value), null, matches.test(value));
            return value;
        } catch (KernelCallException e) {
            record(name, expected, KernelErrno.describe(e.errnoNumber()), e.call(), false);
            return null;
        }
    }

    private void fails(String name, KernelErrno errno, Call<?> op) {
        try {
            Object value = op.call();
            record(name, errno.name(), "success (" + value + ")", null, false);
        } catch (KernelCallException e) {
            record(name, errno.name(), KernelErrno.describe(e.errnoNumber()), e.call(), e.is(errno));
        }
    }

    private void that(String name, Object expected, Object actual) {
        record(name, String.valueOf(expected), String.valueOf(actual), null, Objects.equals(expected, actual));
    }

    private void record(String name, String expected, String actual, String call, boolean matched) {
        checks.add(new ProbeReport.Check(section, name, expected, actual, call, matched));
    }

    private ProbeReport report() {
        int passed = (int) checks.stream().filter(ProbeReport.Check::matched).count();
        int failed = checks.size() - passed;
        return new ProbeReport(read("/proc/sys/kernel/osrelease").strip(), Map.copyOf(devices), List.copyOf(checks),
                List.copyOf(skipped), passed, failed, failed == 0 && passed > 0, Map.copyOf(samples));
    }

    // ------------------------------------------------------------------ helpers

    private void withMemfd(int seals, IntConsumer body) {
        int memfd = k.createMemfd(SIZE, seals);
        try {
            body.accept(memfd);
        } finally {
            k.close(memfd);
        }
    }

    /** For calls expected to fail: closes the fd if one was created anyway. */
    private int closing(int fd) {
        closeQuietly(fd);
        return fd;
    }

    /** For mmaps expected to fail: unmaps if one was made anyway. */
    private String unmapping(Pointer p, long length) {
        k.munmap(p, length);
        return "mapped at 0x" + Long.toHexString(Pointer.nativeValue(p));
    }

    private static String done(Runnable r) {
        r.run();
        return "ok";
    }

    private void closeQuietly(int fd) {
        try {
            k.close(fd);
        } catch (KernelCallException ignored) {
            // already closed
        }
    }

    private static String octal(int flags) {
        return "0" + Integer.toOctalString(flags);
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
