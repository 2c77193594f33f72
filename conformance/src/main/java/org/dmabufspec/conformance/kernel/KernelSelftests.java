package org.dmabufspec.conformance.kernel;

import static org.dmabufspec.conformance.kernel.DmaBufH.DMA_BUF_SYNC_END;
import static org.dmabufspec.conformance.kernel.DmaBufH.DMA_BUF_SYNC_RW;
import static org.dmabufspec.conformance.kernel.DmaBufH.DMA_BUF_SYNC_START;
import static org.dmabufspec.conformance.kernel.DmaBufH.DMA_BUF_SYNC_VALID_FLAGS_MASK;
import static org.dmabufspec.conformance.kernel.KernelErrno.EBADF;
import static org.dmabufspec.conformance.kernel.KernelErrno.EBADFD;
import static org.dmabufspec.conformance.kernel.KernelErrno.EINVAL;
import static org.dmabufspec.conformance.kernel.KernelErrno.ENOTTY;
import static org.dmabufspec.conformance.kernel.LibC.F_SEAL_SHRINK;
import static org.dmabufspec.conformance.kernel.LibC.O_CLOEXEC;
import static org.dmabufspec.conformance.kernel.LibC.O_RDONLY;
import static org.dmabufspec.conformance.kernel.LibC.O_RDWR;
import static org.dmabufspec.conformance.kernel.LibC.PROT_READ;
import static org.dmabufspec.conformance.kernel.LibC.PROT_WRITE;
import static org.dmabufspec.conformance.kernel.LibC.SEEK_END;
import static org.dmabufspec.conformance.kernel.LibC.SEEK_SET;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel community's own user-space tests of dma-buf, case by case, on the running kernel:
 * <ul>
 *   <li>{@code tools/testing/selftests/drivers/dma-buf/udmabuf.c}: misaligned offset, size not
 *       a page multiple, a file that is not a memfd, a valid create;</li>
 *   <li>{@code tools/testing/selftests/dmabuf-heaps/dmabuf-heap.c}: allocate, mmap, write
 *       between SYNC START and END, import into vgem; a zeroed allocation; the smaller (older)
 *       and larger (newer, with garbage) argument structs; an invalid heap fd, heap flags and
 *       fd flags;</li>
 *   <li>IGT {@code prime_self_import} basic-llseek-size and basic-llseek-bad;</li>
 *   <li>IGT {@code prime_mmap} test_errors and test_invalid_sync_flags;</li>
 *   <li>the facts behind {@link KnownDivergences} and the {@link KernelTarget} projection
 *       (SYNC END before START per exporter, the references a vgem import holds).</li>
 * </ul>
 * The cases the spec's vocabulary can say (llseek size and bad offsets of one page, mmap after
 * close and past the end, sync flags 0 and 8, the heap and vgem round trip) are also traces under
 * {@code traces/corpus/kernel}; the rest (udmabuf and heap argument errors, offsets like -1 or
 * size+1, flags -1 and RW+1, unaligned mmap offsets) exist only here. The IGT cases use a buffer
 * from udmabuf (IGT's i915 GEM buffers are not available), else from the system heap.
 * {@code KernelSelftestCases} asserts the result, and runs the cases that are meaningful for the
 * Java reference there too.
 */
public final class KernelSelftests {
    static final long PAGE = 4096;
    static final long ONE_MEG = 1 << 20;
    static final int RW = PROT_READ | PROT_WRITE;

    private final DmaBufKernel k;
    private final Checks c = new Checks();

    private KernelSelftests(DmaBufKernel k) {
        this.k = k;
    }

    public static void main(String[] args) throws Exception {
        ProbeReport r = run();
        r.checks().forEach(System.out::println);
        r.skipped().forEach(s -> System.out.println("skip " + s));
        System.out.printf("kernel %s: %d passed, %d failed%n", r.kernel(), r.passed(), r.failed());
        if (args.length > 0) {
            r.write(Path.of(args[0]));
        }
        System.exit(r.ok() ? 0 : 1);
    }

    /** Runs every case on this kernel; sections whose device is absent are skipped with the reason. */
    public static ProbeReport run() {
        try (DmaBufKernel k = new DmaBufKernel()) {
            KernelSelftests t = new KernelSelftests(k);
            Map<String, String> devices = new LinkedHashMap<>();
            boolean udmabuf = Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE));
            boolean heap = DmaBufKernel.heaps().contains("system");
            Optional<Path> vgem = DmaBufKernel.findVgemCard();
            devices.put(DmaBufKernel.UDMABUF_DEVICE, udmabuf ? "present" : "absent");
            devices.put(DmaBufKernel.DMA_HEAP_DIR + "/system", heap ? "present" : "absent");
            devices.put("vgem", vgem.map(Path::toString).orElse("absent"));
            if (udmabuf) {
                t.c.section("selftests/drivers/dma-buf/udmabuf.c", t::udmabufSelftest);
            } else {
                t.c.skip("selftests/drivers/dma-buf/udmabuf.c: no " + DmaBufKernel.UDMABUF_DEVICE);
            }
            if (heap) {
                t.c.section("selftests/dmabuf-heaps/dmabuf-heap.c", () -> t.heapSelftest(vgem.isPresent()));
            } else {
                t.c.skip("selftests/dmabuf-heaps/dmabuf-heap.c: no system heap");
            }
            if (udmabuf || heap) {
                Exporter make = udmabuf ? size -> k.createUdmabuf(size, true) : size -> k.allocHeap("system", size, true);
                t.c.section("IGT prime_self_import", () -> t.primeSelfImport(make));
                t.c.section("IGT prime_mmap", () -> t.primeMmap(make));
                t.c.section("facts", () -> t.facts(udmabuf, heap, vgem.isPresent()));
            } else {
                t.c.skip("IGT cases and facts: no exporter");
            }
            return t.c.report(devices);
        }
    }

    /** Makes a buffer of {@code size} bytes, returns its fd. */
    interface Exporter {
        int make(long size);
    }

    // ------------------------------------------------------------------ udmabuf.c

    private void udmabufSelftest() {
        long size = PAGE * 4; // NUM_PAGES
        int memfd = k.createMemfd(size, F_SEAL_SHRINK);
        try {
            c.fails("check 1: offset not page aligned (offset = page/2, size = page)", EINVAL,
                    () -> closing(k.udmabufCreate(memfd, 0, PAGE / 2, PAGE)));
            c.fails("check 2: size not a multiple of the page (size = page/2)", EINVAL,
                    () -> closing(k.udmabufCreate(memfd, 0, 0, PAGE / 2)));
            int devNull = k.open("/dev/null", O_RDWR | O_CLOEXEC);
            try {
                c.fails("check 3: not a memfd (/dev/null)", EBADFD, () -> closing(k.udmabufCreate(devNull, 0, 0, size)));
            } finally {
                k.close(devNull);
            }
            Integer fd = c.expect("check 4: valid create", () -> k.udmabufCreate(memfd, 0, 0, size), f -> f >= 0, "an fd");
            if (fd != null) {
                c.expectValue("the valid buffer's size (lseek SEEK_END)", () -> k.llseek(fd, 0, SEEK_END), size);
                k.close(fd);
            }
        } finally {
            k.close(memfd);
        }
    }

    // ------------------------------------------------------------------ dmabuf-heap.c

    private void heapSelftest(boolean vgem) {
        // test_alloc_and_import
        Integer fd = c.expect("test_alloc_and_import: allocate 1 MiB", () -> k.allocHeap("system", ONE_MEG, true),
                f -> f >= 0, "an fd");
        if (fd != null) {
            try {
                Pointer p = c.ok("test_alloc_and_import: mmap", () -> k.mmap(fd, ONE_MEG, RW, 0));
                if (p != null) {
                    c.ok("SYNC START|RW", () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)));
                    p.setMemory(0, ONE_MEG, (byte) 0xff);
                    c.ok("SYNC END|RW", () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
                    c.that("the written bytes read back", (byte) 0xff, p.getByte(ONE_MEG - 1));
                    k.munmap(p, ONE_MEG);
                }
                if (vgem) {
                    Integer h = c.expect("import into vgem (PRIME_FD_TO_HANDLE)", () -> k.vgemImport(fd), x -> x > 0,
                            "a handle");
                    if (h != null) {
                        c.ok("close the vgem handle (GEM_CLOSE)", () -> Checks.done(() -> k.gemClose(h)));
                    }
                } else {
                    c.skip("dmabuf-heap.c import into vgem: no vgem");
                }
            } finally {
                k.close(fd);
            }
        }
        // test_alloc_zeroed: a fresh allocation reads as zeros
        Integer z = c.expect("test_alloc_zeroed: allocate 1 MiB", () -> k.allocHeap("system", ONE_MEG, true),
                f -> f >= 0, "an fd");
        if (z != null) {
            try {
                Pointer p = k.mmap(z, ONE_MEG, PROT_READ, 0);
                byte[] bytes = p.getByteArray(0, (int) ONE_MEG);
                k.munmap(p, ONE_MEG);
                int nonZero = 0;
                for (byte b : bytes) {
                    nonZero += b == 0 ? 0 : 1;
                }
                c.that("test_alloc_zeroed: non-zero bytes", 0, nonZero);
            } finally {
                k.close(z);
            }
        }
        // test_alloc_compat (older, smaller struct: no heap_flags) and test_alloc_newer (larger, with garbage)
        c.expect("test_alloc_compat: the older 16-byte struct", () -> closing(allocWithStruct(16, new long[0])),
                f -> f >= 0, "an fd");
        c.expect("test_alloc_newer: a 48-byte struct with garbage after heap_flags",
                () -> closing(allocWithStruct(48, new long[] {0xffffffffL, 0x88888888L, 0x11111111L})), f -> f >= 0,
                "an fd");
        // test_alloc_errors
        int devNull = k.open("/dev/null", O_RDWR | O_CLOEXEC);
        try {
            c.fails("test_alloc_errors: invalid heap fd (/dev/null)", ENOTTY, () -> closing(rawAlloc(devNull, ONE_MEG,
                    O_RDWR | O_CLOEXEC, 0)));
        } finally {
            k.close(devNull);
        }
        c.fails("test_alloc_errors: invalid heap flags (~0)", EINVAL,
                () -> closing(k.heapAlloc("system", ONE_MEG, O_RDWR | O_CLOEXEC, ~0L, 0)));
        c.fails("test_alloc_errors: invalid fd flags (~(O_RDWR|O_CLOEXEC))", EINVAL,
                () -> closing(k.heapAlloc("system", ONE_MEG, ~(O_RDWR | O_CLOEXEC), 0, 0)));
    }

    /** DMA_HEAP_IOCTL_ALLOC with a struct of {@code size} bytes: len, fd, fd_flags, [heap_flags, extra...]. */
    private int allocWithStruct(int size, long[] extra) {
        int heap = k.open(DmaBufKernel.DMA_HEAP_DIR + "/system", O_RDONLY | O_CLOEXEC);
        try {
            Memory m = new Memory(size);
            m.clear();
            m.setLong(0, ONE_MEG);
            m.setInt(8, 0);
            m.setInt(12, O_RDWR | O_CLOEXEC);
            for (int i = 0; i < extra.length; i++) {
                m.setLong(24 + 8L * i, extra[i]);
            }
            long request = Ioctl._IOWR(DmaHeapH.DMA_HEAP_IOC_MAGIC, 0, size);
            k.ioctl(heap, request, Pointer.nativeValue(m));
            return m.getInt(8);
        } finally {
            k.close(heap);
        }
    }

    private int rawAlloc(int fd, long len, int fdFlags, long heapFlags) {
        DmaHeapH.dma_heap_allocation_data d = new DmaHeapH.dma_heap_allocation_data();
        d.len = len;
        d.fd_flags = fdFlags;
        d.heap_flags = heapFlags;
        d.write();
        k.ioctl(fd, DmaHeapH.DMA_HEAP_IOCTL_ALLOC, Pointer.nativeValue(d.getPointer()));
        d.read();
        return d.fd;
    }

    // ------------------------------------------------------------------ IGT

    private void primeSelfImport(Exporter make) {
        // basic-llseek-size: for (i = 0; i < 10; i++) bufsz = 4096 << i; lseek(SEEK_END) == bufsz
        for (int i = 0; i < 10; i++) {
            long size = PAGE << i;
            int fd = make.make(size);
            try {
                c.expectValue("basic-llseek-size: " + size + " bytes", () -> k.llseek(fd, 0, SEEK_END), size);
            } finally {
                k.close(fd);
            }
        }
        // basic-llseek-bad
        long size = PAGE;
        int fd = make.make(size);
        try {
            c.expect("basic-llseek-bad: lseek(0, SEEK_END) works", () -> k.llseek(fd, 0, SEEK_END), v -> v >= 0, ">= 0");
            for (long[] bad : new long[][] {{-1, SEEK_END}, {1, SEEK_SET}, {size, SEEK_SET}, {size + 1, SEEK_SET},
                    {size - 1, SEEK_SET}}) {
                c.fails("basic-llseek-bad: lseek(" + bad[0] + ", " + DmaBufKernel.whenceName((int) bad[1]) + ")", EINVAL,
                        () -> k.llseek(fd, bad[0], (int) bad[1]));
            }
        } finally {
            k.close(fd);
        }
    }

    private void primeMmap(Exporter make) {
        long size = 16 * 1024; // IGT's BO_SIZE
        // test_errors: mmap after close
        int closed = make.make(size);
        k.close(closed);
        c.fails("test_errors: mmap after close", EBADF, () -> unmapping(k.mmap(closed, size, PROT_READ, 0), size));
        int fd = make.make(size);
        try {
            c.fails("test_errors: mmap of twice the size", EINVAL,
                    () -> unmapping(k.mmap(fd, 2 * size, PROT_READ, 0), 2 * size));
            c.fails("test_errors: mmap overlapping the end (offset BO_SIZE/2, length BO_SIZE)", EINVAL,
                    () -> unmapping(k.mmap(fd, size, PROT_READ, size / 2), size));
            // test_invalid_sync_flags: {-1, 0, RW + 1, MASK + 1}
            for (long flags : new long[] {-1, 0, DMA_BUF_SYNC_RW + 1, DMA_BUF_SYNC_VALID_FLAGS_MASK + 1}) {
                c.fails("test_invalid_sync_flags: flags " + flags, EINVAL, () -> Checks.done(() -> k.sync(fd, flags)));
            }
        } finally {
            k.close(fd);
        }
    }

    // ------------------------------------------------------------------ facts

    private void facts(boolean udmabuf, boolean heap, boolean vgem) {
        if (udmabuf) {
            int fd = k.createUdmabuf(PAGE, true);
            try {
                c.fails("udmabuf: SYNC END|RW before any START", EINVAL,
                        () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
                c.ok("udmabuf: SYNC START|RW", () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW)));
                c.ok("udmabuf: SYNC END|RW after a START", () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
                c.ok("udmabuf: SYNC END|RW again (the sg table stays)",
                        () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
            } finally {
                k.close(fd);
            }
        }
        if (heap) {
            int fd = k.allocHeap("system", PAGE, true);
            try {
                c.ok("system heap: SYNC END|RW before any START",
                        () -> Checks.done(() -> k.sync(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_RW)));
            } finally {
                k.close(fd);
            }
        }
        if (vgem) {
            int fd = udmabuf ? k.createUdmabuf(PAGE, true) : k.allocHeap("system", PAGE, true);
            try {
                long before = k.fdinfo(fd).count();
                int h = k.vgemImport(fd);
                c.that("a vgem import adds " + VgemDevice.REFS_PER_IMPORT + " references",
                        before + VgemDevice.REFS_PER_IMPORT, k.fdinfo(fd).count());
                int again = k.vgemImport(fd);
                c.that("a second import into the same DRM file returns the same handle", h, again);
                c.that("and adds no reference", before + VgemDevice.REFS_PER_IMPORT, k.fdinfo(fd).count());
                c.ok("DMA_BUF_SET_NAME while attached (modern: no EBUSY)", () -> Checks.done(() -> k.setName(fd, "cam")));
                k.gemClose(h);
                c.that("GEM_CLOSE drops them", before, k.fdinfo(fd).count());
                c.fails("GEM_CLOSE of the closed handle", EINVAL, () -> Checks.done(() -> k.gemClose(h)));
            } finally {
                k.close(fd);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    private int closing(int fd) {
        try {
            k.close(fd);
        } catch (KernelCallException ignored) {
            // not an fd after all
        }
        return fd;
    }

    private String unmapping(Pointer p, long length) {
        k.munmap(p, length);
        return "mapped at 0x" + Long.toHexString(Pointer.nativeValue(p));
    }

    /** The sections, in order, for tests that list them. */
    static final List<String> SECTIONS = List.of("selftests/drivers/dma-buf/udmabuf.c",
            "selftests/dmabuf-heaps/dmabuf-heap.c", "IGT prime_self_import", "IGT prime_mmap", "facts");
}
