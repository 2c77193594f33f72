package org.dmabufspec.conformance.kernel;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.dmabufspec.conformance.target.Outcome;
import org.dmabufspec.conformance.target.Target;
import org.dmabufspec.spec.value.Value;

/**
 * The spec's calls on the running Linux kernel: each user-space process of the spec is a real
 * process, each importer device an open vgem DRM file, each buffer a real dma-buf; the
 * projection is what the kernel shows of them.
 *
 * <h2>Processes</h2>
 * Each spec process (p1, p2) is a {@code dmabuf-proc} helper ({@link SpecProcess}), a small C
 * program driven over a line protocol, so that every file-side call happens in the right
 * process: fd numbers are that process's, FD_CLOEXEC is the kernel's, {@code FdSend} is
 * {@code sendmsg}/{@code recvmsg} with SCM_RIGHTS over a SOCK_SEQPACKET link between the two
 * helpers, {@code ProcessExec} is the helper re-executing itself ({@code execv} of
 * /proc/self/exe) and the new image listing its fds. Its fds 0-2 are the protocol's; the spec's
 * slots 3 .. 2+MaxFds are its only other fds below 500, and RLIMIT_NOFILE is 3+MaxFds, so the
 * kernel allocates the spec's numbers (lowest free from 3) and a full table gives the kernel's
 * own EMFILE. A spec fd is still translated through a per-process map (spec number to real
 * number, {@link #renumbered()} counts the fds whose numbers differed: none so far); outcomes
 * report spec numbers.
 *
 * <h2>The actions</h2>
 * <table>
 * <caption>spec action: kernel call (outcome), or why not</caption>
 * <tr><td>DmaBufExport(b)</td><td>bookkeeping: the exporter's buffer exists for user space only
 *     once it has an fd; "ok". ENOMEM is a fault ({@link #armFault} refuses).</td></tr>
 * <tr><td>DmaBufFd(p, b, ce)</td><td>in p: a memfd of NPages*PageSize bytes sealed against
 *     shrinking, then UDMABUF_CREATE with UDMABUF_FLAGS_CLOEXEC iff ce (or DMA_HEAP_IOCTL_ALLOC
 *     on /dev/dma_heap/system with O_RDWR and O_CLOEXEC iff ce); "fd" or the kernel's EMFILE.
 *     On EMFILE the kernel released the new buffer at once, where the spec's exporter keeps its
 *     reference: the buffer stays bookkeeping until a later DmaBufFd succeeds.</td></tr>
 * <tr><td>DmaBufGet(d, p, fd)</td><td>{@code pidfd_getfd(p, fd)}: the JVM, playing the
 *     drivers, takes a file reference through p's fd, as dma_buf_get does in p's context; EBADF
 *     from the kernel, EINVAL when the file is not a dma-buf (fdinfo has no exp_name).</td></tr>
 * <tr><td>DmaBufAttach(d, b)</td><td>DRM_IOCTL_PRIME_FD_TO_HANDLE of that reference on d's vgem
 *     file ({@link VgemDevice}): vgem attaches (and maps at once). Unsupported without a
 *     reference of d (the spec's EINVAL: dma_buf_attach needs the pointer dma_buf_get gave) and
 *     when d is attached already (the spec's EBUSY: vgem returns its cached handle and never
 *     calls dma_buf_attach twice).</td></tr>
 * <tr><td>DmaBufDetach(d, b)</td><td>DRM_IOCTL_GEM_CLOSE of d's handle ("ok"). Unsupported when
 *     d is not attached (EINVAL) or its attachment is mapped in the spec (EBUSY; see
 *     {@link SpecShadow}).</td></tr>
 * <tr><td>DmaBufPut(d, b)</td><td>close of d's reference in the JVM. Unsupported for the
 *     exporter's own reference (no user-space entry; the kernel's udmabuf never holds one past
 *     UDMABUF_CREATE), without a reference (EINVAL), and for the driver-discipline EBUSY cases
 *     (the last reference of an attached device, or of the last importer while cpu access is
 *     open): the kernel would accept the close, vgem holding its own references.</td></tr>
 * <tr><td>DmaBufRelease(b)</td><td>checks that the kernel object is gone (debugfs bufinfo no
 *     longer lists its inode): "ok", or the outcome "live (count N)". The kernel releases a
 *     buffer when its last reference goes, inside that call; the spec makes the deferred
 *     release a separate step, so between the two the projection omits bufState.</td></tr>
 * <tr><td>map, unmap, resume, interrupted map, migration, begin/end cpu access, vmap, vunmap,
 *     kmap</td><td>unsupported: kernel-internal, no user-space entry point. Followed in
 *     {@link SpecShadow}.</td></tr>
 * <tr><td>FdDup, FdClose, FdSend, ProcessExec</td><td>dup, close, sendmsg+recvmsg (a recvmsg
 *     whose table is full reports MSG_CTRUNC and drops the file: "EMFILE"), exec.</td></tr>
 * <tr><td>DmaBufMmap(p, fd, len, pgoff), Munmap(p, b)</td><td>mmap of len pages at page pgoff,
 *     PROT_READ|PROT_WRITE, MAP_SHARED; munmap of that mapping.</td></tr>
 * <tr><td>DmaBufLlseek, DmaBufIoctlSync, DmaBufSetName</td><td>lseek, DMA_BUF_IOCTL_SYNC,
 *     DMA_BUF_SET_NAME, in p.</td></tr>
 * </table>
 * Errors are the kernel's errno, named as the spec names them.
 *
 * <h2>The projection: what the kernel shows</h2>
 * <ul>
 *   <li>{@code fds[p][fd]}: every slot 3 .. 2+MaxFds of every process, from the helper's own
 *       {@code fcntl(F_GETFD)} (cloexec) and {@code fstat} (the inode names the buffer).</li>
 *   <li>{@code mmaps[p][b]}: /proc/PID/maps, the {@code /dmabuf:} lines by inode: {@code
 *       <<pgoff, len>>} in pages from the offset and the length.</li>
 *   <li>{@code bufState[b]}: "live" while debugfs lists the buffer; "released" once it is gone
 *       and DmaBufRelease was replayed; omitted before the buffer reached the kernel and between
 *       its disappearance and the spec's release step.</li>
 *   <li>{@code refcount[b]}: debugfs's count (the file's f_count: one per fd in any process,
 *       one per user mapping, one per driver reference taken by DmaBufGet) minus
 *       {@link VgemDevice#REFS_PER_IMPORT} per vgem attachment; 0 once the buffer is gone (a
 *       file is freed only at count 0).</li>
 *   <li>{@code attached[b]}: the devices whose vgem file holds a handle on the buffer
 *       (PRIME_HANDLE_TO_FD, by inode), checked against the number of attachments debugfs
 *       lists (an attachment no device accounts for appears as "unaccounted attachment").</li>
 *   <li>{@code drvRefs[b][d]}: the references d holds in the JVM (by inode); the exporter's is
 *       0 once the buffer reached the kernel (dma_buf_fd passed it to the fd, and neither
 *       udmabuf nor the heaps keep one: the compared refcount would show it).</li>
 *   <li>{@code name[b]}: debugfs's name ("" for none) while the buffer is live.</li>
 * </ul>
 * Not observable, hence absent: mapped, stalled, storage, everMapped, releases, cpuWindow,
 * kmapped, atomics, vmapCount, exporterVmaps, granted. A buffer that never reached the kernel
 * (bookkeeping only) appears only in fds and mmaps, as it would if it existed.
 *
 * <p>Needs /dev/udmabuf (or the system heap), /dev/dri of vgem for devices, debugfs for the
 * buffer-wide fields (root), and pidfd_getfd on its own children (same user). Not
 * thread-safe. With the system property {@value #CPU_PROPERTY}=N the thread that creates the
 * target and its helpers run on CPU N only (a pipe round trip under QEMU: 75 us on one CPU, 3-4
 * ms between two on a busy host).
 */
public final class KernelTarget implements Target {

    /** Where a buffer is, as far as the kernel is concerned. */
    private enum Phase {
        /** Not exported, or exported and held only by the exporter (no kernel object yet). */
        BOOKKEEPING,
        /** The kernel object exists. */
        IN_KERNEL,
        /** The kernel object was seen to be gone; the spec's release step has not run. */
        GONE,
        /** Gone, and DmaBufRelease replayed. */
        RELEASED
    }

    private static final class Buffer {
        final String name;
        Phase phase = Phase.BOOKKEEPING;
        boolean exported;
        boolean everInKernel;
        long ino = -1;

        Buffer(String name) {
            this.name = name;
        }
    }

    /** One user mapping in a helper. */
    private record Mapping(long addr, long pgoff, long len) {}

    /** Per process: spec fd to real fd, real fd to inode, mappings by buffer. */
    private static final class ProcState {
        final SpecProcess proc;
        final TreeMap<Integer, Integer> specToReal = new TreeMap<>();
        final Map<Integer, Long> inoOfReal = new LinkedHashMap<>();
        final Map<String, Mapping> mmaps = new LinkedHashMap<>();
        /** The helper's last "state" reply, and its request count just after that request. */
        ProcView view;
        long viewAt = -1;

        ProcState(SpecProcess proc) {
            this.proc = proc;
        }
    }

    private record DrvKey(String d, String b) {}

    /** A driver's reference: an fd of this JVM, and the inode it had when taken. */
    private record Ref(int fd, long ino) {}

    private static final AtomicLong INSTANCES = new AtomicLong();

    private final KernelTargetConfig config;
    private final String profile;
    private final LibC libc;
    private final Map<String, ProcState> procs = new LinkedHashMap<>();
    private final Map<String, VgemDevice> devices = new LinkedHashMap<>();
    private final Map<String, Buffer> buffers = new LinkedHashMap<>();
    private final Map<DrvKey, List<Ref>> driverRefs = new LinkedHashMap<>();
    private final Map<DrvKey, Integer> handles = new LinkedHashMap<>();
    private final SpecShadow shadow;
    private long dmabufDev = -1;
    private int renumbered;
    private boolean closed;

    /**
     * Starts one helper per spec process and opens one vgem file per device.
     *
     * @param config  the spec's constants for this trace
     * @param profile the detected kernel profile ({@link KernelProfileDetector})
     */
    public KernelTarget(KernelTargetConfig config, String profile) {
        this(config, profile, LibC.INSTANCE, cpuProperty());
    }

    /**
     * As {@link #KernelTarget(KernelTargetConfig, String)}, with the calling thread and the
     * helpers pinned to {@code cpu} (none when negative), whatever {@value #CPU_PROPERTY} says:
     * for replays that run one target per CPU.
     */
    public KernelTarget(KernelTargetConfig config, String profile, int cpu) {
        this(config, profile, LibC.INSTANCE, cpu);
    }

    KernelTarget(KernelTargetConfig config, String profile, LibC libc) {
        this(config, profile, libc, cpuProperty());
    }

    private KernelTarget(KernelTargetConfig config, String profile, LibC libc, int cpu) {
        this.config = Objects.requireNonNull(config);
        this.profile = Objects.requireNonNull(profile);
        this.libc = libc;
        this.shadow = new SpecShadow(config.nPages(), config.vmapSupported(), config.maxVmaps());
        config.buffers().forEach(b -> buffers.put(b, new Buffer(b)));
        String prefix = "dmabuf-spec." + ProcessHandle.current().pid() + "." + INSTANCES.incrementAndGet();
        try {
            if (!config.devices().isEmpty()) {
                Path card = DmaBufKernel.findVgemCard().orElseThrow(() -> new IllegalStateException(
                        "the trace has importer devices " + config.devices() + " but no vgem DRM card is present"
                                + " (modprobe vgem)"));
                for (String d : config.devices()) {
                    devices.put(d, new VgemDevice(d, card, libc));
                }
            }
            String udmabuf = config.exporterKind() == ExporterKind.UDMABUF ? DmaBufKernel.UDMABUF_DEVICE : null;
            String heap = config.exporterKind() == ExporterKind.SYSTEM_HEAP
                    ? DmaBufKernel.DMA_HEAP_DIR + "/system" : null;
            pin(libc, cpu);
            for (String p : config.procs()) {
                procs.put(p, new ProcState(SpecProcess.start(p, config.maxFds(), prefix, udmabuf, heap, cpu, libc)));
            }
            link();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** System property: pin the calling thread and the helpers to this CPU. */
    public static final String CPU_PROPERTY = "dmabufspec.kernel.cpu";

    /** {@value #CPU_PROPERTY} as a CPU number, -1 when unset. */
    static int cpuProperty() {
        String cpu = System.getProperty(CPU_PROPERTY);
        return cpu == null || cpu.isEmpty() ? -1 : Integer.parseInt(cpu);
    }

    /**
     * Pins the calling thread (the one that will drive this target) to CPU {@code n} when it is
     * not negative, so that the helpers can run there too: under QEMU's emulation a pipe round
     * trip between two CPUs costs milliseconds, on one CPU tens of microseconds.
     */
    private static void pin(LibC libc, int n) {
        if (n < 0) {
            return;
        }
        long[] mask = new long[16];
        mask[n / 64] = 1L << (n % 64);
        try {
            libc.sched_setaffinity(0, mask.length * 8L, mask);
        } catch (LastErrorException e) {
            throw new KernelCallException("sched_setaffinity(0, CPU " + n + ")", e.getErrorCode());
        }
    }

    /** Connects every pair of helpers: the lower one connects, the higher one accepts. */
    private void link() {
        List<String> names = new ArrayList<>(procs.keySet());
        for (int i = 0; i < names.size(); i++) {
            for (int j = i + 1; j < names.size(); j++) {
                expectOk(procs.get(names.get(i)).proc, "connect " + names.get(j));
                expectOk(procs.get(names.get(j)).proc, "accept " + names.get(i));
            }
        }
    }

    private static SpecProcess.Reply expectOk(SpecProcess p, String request) {
        SpecProcess.Reply r = p.request(request);
        if (!r.ok()) {
            throw new KernelCallException(p + ": " + r.call(), r.errno());
        }
        return r;
    }

    @Override
    public String name() {
        return "kernel";
    }

    @Override
    public String profile() {
        return profile;
    }

    /** The configuration this target replays under. */
    public KernelTargetConfig config() {
        return config;
    }

    /** Fds whose real number differed from the spec's (0 while the helpers' tables match). */
    public int renumbered() {
        return renumbered;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public Outcome dmaBufExport(String b) {
        Buffer buf = buffer(b);
        if (buf.exported) {
            return Outcome.unsupported("DmaBufExport(" + b + ") again: the spec exports a buffer once");
        }
        buf.exported = true;
        return Outcome.of("ok");
    }

    @Override
    public Outcome dmaBufFd(String p, String b, boolean cloexec) {
        Buffer buf = buffer(b);
        ProcState ps = proc(p);
        if (!buf.exported || buf.phase != Phase.BOOKKEEPING) {
            return Outcome.unsupported("DmaBufFd(" + b + "): the exporter holds no reference to pass to an fd");
        }
        long size = (long) config.nPages() * config.pageSize();
        SpecProcess.Reply r = switch (config.exporterKind()) {
            case UDMABUF -> ps.proc.request("udmabuf " + size + " " + (cloexec ? UdmabufH.UDMABUF_FLAGS_CLOEXEC : 0));
            case SYSTEM_HEAP -> ps.proc.request("heap " + size + " "
                    + (LibC.O_RDWR | (cloexec ? LibC.O_CLOEXEC : 0)) + " 0");
        };
        if (!r.ok()) {
            return errno(r);
        }
        buf.phase = Phase.IN_KERNEL;
        buf.everInKernel = true;
        buf.ino = r.longValue("ino");
        dmabufDev = r.longValue("dev");
        return Outcome.of("fd", assign(ps, r.intValue("fd"), buf.ino));
    }

    @Override
    public Outcome dmaBufGet(String d, String p, int fd) {
        device(d);
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        int ref;
        try {
            ref = (int) libc.syscall(LibC.SYS_pidfd_getfd, (long) ps.proc.pidfd(), (long) real, 0L);
        } catch (LastErrorException e) {
            return Outcome.of(KernelErrno.of(e.getErrorCode()).map(Enum::name).orElse("errno " + e.getErrorCode()));
        }
        FdInfo info = jvmFdInfo(ref);
        Optional<Buffer> buf = bufferByIno(info.ino());
        if (!info.isDmaBuf() || buf.isEmpty()) {
            libc.close(ref);
            // dma_buf_get: a file that is not a dma-buf is EINVAL.
            return info.isDmaBuf() ? Outcome.unsupported("fd " + fd + " of " + p + " is a dma-buf the trace did not create")
                    : Outcome.of("EINVAL");
        }
        driverRefs.computeIfAbsent(new DrvKey(d, buf.get().name), k -> new ArrayList<>()).add(new Ref(ref, info.ino()));
        return Outcome.of("ok");
    }

    @Override
    public Outcome dmaBufAttach(String d, String b) {
        VgemDevice dev = device(d);
        buffer(b);
        DrvKey key = new DrvKey(d, b);
        List<Ref> refs = driverRefs.getOrDefault(key, List.of());
        if (refs.isEmpty()) {
            return Outcome.unsupported("DmaBufAttach without a reference of " + d + " (the spec's EINVAL):"
                    + " dma_buf_attach takes the dma_buf that dma_buf_get returned; no user-space path calls it without one");
        }
        if (handles.containsKey(key)) {
            return Outcome.unsupported("DmaBufAttach of an attached device (the spec's EBUSY): a second vgem"
                    + " PRIME import into the same DRM file returns the cached handle and never calls dma_buf_attach");
        }
        try {
            handles.put(key, dev.importBuffer(refs.get(0).fd()));
            return Outcome.of("attachment");
        } catch (KernelCallException e) {
            return errno(e);
        }
    }

    @Override
    public Outcome dmaBufMapAttachment(String d, String b, String dir) {
        shadow.map(d, b, dir, handles.containsKey(new DrvKey(d, b)));
        return Outcome.unsupported("dma_buf_map_attachment has no user-space entry point (vgem maps at import)");
    }

    @Override
    public Outcome dmaBufMapAttachmentResume(String d, String b) {
        return Outcome.unsupported("a stalled dma_buf_map_attachment has no user-space entry point");
    }

    @Override
    public Outcome dmaBufMapAttachmentInterrupted(String d, String b) {
        return Outcome.unsupported("a stalled dma_buf_map_attachment has no user-space entry point");
    }

    @Override
    public Outcome dmaBufUnmapAttachment(String d, String b) {
        shadow.unmap(d, b);
        return Outcome.unsupported("dma_buf_unmap_attachment has no user-space entry point (vgem unmaps at GEM_CLOSE)");
    }

    @Override
    public Outcome dmaBufDetach(String d, String b) {
        VgemDevice dev = device(d);
        buffer(b);
        DrvKey key = new DrvKey(d, b);
        Integer handle = handles.get(key);
        if (handle == null) {
            return Outcome.unsupported("DmaBufDetach of a device that is not attached (the spec's EINVAL):"
                    + " dma_buf_detach takes an attachment, which user space cannot name");
        }
        if (shadow.mapped(d, b)) {
            return Outcome.unsupported("DmaBufDetach while the spec has the attachment mapped (EBUSY): the map was"
                    + " not replayed (kernel-internal), and GEM_CLOSE would unmap and detach");
        }
        try {
            dev.closeHandle(handle);
            handles.remove(key);
            return Outcome.of("ok");
        } catch (KernelCallException e) {
            return errno(e);
        }
    }

    @Override
    public Outcome dmaBufPut(String d, String b) {
        buffer(b);
        if (d.equals(config.exporter())) {
            return Outcome.unsupported("DmaBufPut by the exporter: its own reference has no user-space entry point"
                    + " (the kernel target creates the buffer at DmaBufFd; a udmabuf keeps no reference of its own)");
        }
        device(d);
        DrvKey key = new DrvKey(d, b);
        List<Ref> refs = driverRefs.getOrDefault(key, new ArrayList<>());
        if (refs.isEmpty()) {
            return Outcome.unsupported("DmaBufPut by " + d + " without a reference (the spec's EINVAL)");
        }
        if (refs.size() == 1 && handles.containsKey(key)) {
            return Outcome.unsupported("DmaBufPut of an attached device's last reference (the spec's EBUSY): driver"
                    + " discipline; the kernel accepts it (vgem holds references of its own)");
        }
        if (refs.size() == 1 && shadow.cpuBusy(b) && importerRefs(b) == 1) {
            return Outcome.unsupported("DmaBufPut of the last importer reference while the spec has cpu access"
                    + " open (EBUSY): begin_cpu_access and vmap were not replayed (kernel-internal)");
        }
        int ref = refs.remove(refs.size() - 1).fd();
        try {
            libc.close(ref);
        } catch (LastErrorException e) {
            return Outcome.of(KernelErrno.of(e.getErrorCode()).map(Enum::name).orElse("errno " + e.getErrorCode()));
        }
        return Outcome.of("ok");
    }

    private int importerRefs(String b) {
        int n = 0;
        for (Map.Entry<DrvKey, List<Ref>> e : driverRefs.entrySet()) {
            if (e.getKey().b().equals(b)) {
                n += e.getValue().size();
            }
        }
        return n;
    }

    @Override
    public Outcome dmaBufRelease(String b) {
        Buffer buf = buffer(b);
        if (!buf.everInKernel) {
            buf.phase = Phase.BOOKKEEPING;
            return Outcome.unsupported("DmaBufRelease of " + b + ", which never reached the kernel (the exporter"
                    + " held it alone; its kernel object, if any, went with the failed DmaBufFd)");
        }
        if (buf.phase == Phase.IN_KERNEL) {
            Optional<Long> count = liveCount(buf);
            if (count.isPresent()) {
                return Outcome.of("live (count " + count.get() + ")");
            }
        }
        buf.phase = Phase.RELEASED;
        shadow.forget(b);
        return Outcome.of("ok");
    }

    @Override
    public Outcome exporterMigrate(String b) {
        return Outcome.unsupported("exporter migration is exporter-internal: no user-space entry point");
    }

    // ------------------------------------------------------------------ cpu access

    @Override
    public Outcome dmaBufBeginCpuAccess(String b, int start, int len, String dir) {
        shadow.beginCpuAccess(b, start, len, dir, importerRefs(b) > 0);
        return Outcome.unsupported("dma_buf_begin_cpu_access is kernel-internal (user space has DMA_BUF_IOCTL_SYNC)");
    }

    @Override
    public Outcome dmaBufEndCpuAccess(String b, int start, int len, String dir) {
        shadow.endCpuAccess(b, start, len, dir);
        return Outcome.unsupported("dma_buf_end_cpu_access is kernel-internal (user space has DMA_BUF_IOCTL_SYNC)");
    }

    @Override
    public Outcome dmaBufKmap(String b, int page) {
        return Outcome.unsupported("dma_buf_kmap is kernel-internal and gone since 5.6");
    }

    @Override
    public Outcome dmaBufKunmap(String b, int page) {
        return Outcome.unsupported("dma_buf_kunmap is kernel-internal and gone since 5.6");
    }

    @Override
    public Outcome dmaBufKmapAtomic(String c, String b, int page) {
        return Outcome.unsupported("dma_buf_kmap_atomic is kernel-internal and gone since 4.19");
    }

    @Override
    public Outcome dmaBufKunmapAtomic(String c, String b, int page) {
        return Outcome.unsupported("dma_buf_kunmap_atomic is kernel-internal and gone since 4.19");
    }

    @Override
    public Outcome dmaBufVmap(String b) {
        shadow.vmap(b, importerRefs(b) > 0);
        return Outcome.unsupported("dma_buf_vmap is kernel-internal: no user-space entry point");
    }

    @Override
    public Outcome dmaBufVunmap(String b) {
        shadow.vunmap(b);
        return Outcome.unsupported("dma_buf_vunmap is kernel-internal: no user-space entry point");
    }

    // ------------------------------------------------------------------ file side

    @Override
    public Outcome fdDup(String p, int fd) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        SpecProcess.Reply r = ps.proc.request("dup " + real);
        if (!r.ok()) {
            return errno(r);
        }
        return Outcome.of("fd", assign(ps, r.intValue("fd"), r.longValue("ino")));
    }

    @Override
    public Outcome fdClose(String p, int fd) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        SpecProcess.Reply r = ps.proc.request("close " + real);
        if (!r.ok()) {
            return errno(r);
        }
        ps.specToReal.remove(fd);
        ps.inoOfReal.remove(real);
        return Outcome.of("ok");
    }

    @Override
    public Outcome fdSend(String p, String q, int fd) {
        ProcState from = proc(p);
        ProcState to = proc(q);
        if (p.equals(q)) {
            return Outcome.unsupported("FdSend from a process to itself: the spec sends between two processes");
        }
        Integer real = realFd(from, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        SpecProcess.Reply sent = from.proc.request("send " + q + " " + real);
        if (!sent.ok()) {
            return errno(sent);
        }
        SpecProcess.Reply got = to.proc.request("recv " + p);
        if (!got.ok()) {
            return errno(got);
        }
        if (got.fields().containsKey("trunc")) {
            // scm_detach_fds: no fd could be installed (EMFILE inside); the file is dropped and
            // recvmsg reports MSG_CTRUNC.
            return Outcome.of("EMFILE");
        }
        return Outcome.of("fd", assign(to, got.intValue("fd"), got.longValue("ino")));
    }

    @Override
    public Outcome processExec(String p) {
        ProcState ps = proc(p);
        SpecProcess.Reply r = ps.proc.request("exec");
        if (!r.ok()) {
            return errno(r);
        }
        if (r.intValue("pid") != ps.proc.pid()) {
            throw new IllegalStateException(p + " came back from exec with pid " + r.get("pid"));
        }
        // The new image listed its fds: whatever FD_CLOEXEC closed is gone from the map.
        Map<Integer, long[]> open = parseFds(r);
        ps.specToReal.values().removeIf(real -> !open.containsKey(real));
        ps.inoOfReal.keySet().removeIf(real -> !open.containsKey(real));
        ps.mmaps.clear();
        return Outcome.of("ok");
    }

    @Override
    public Outcome dmaBufMmap(String p, int fd, int len, int pgoff) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        long bytes = (long) len * config.pageSize();
        long offset = (long) pgoff * config.pageSize();
        SpecProcess.Reply r = ps.proc.request("mmap " + real + " " + bytes + " " + offset + " "
                + (LibC.PROT_READ | LibC.PROT_WRITE));
        if (!r.ok()) {
            return errno(r);
        }
        Long ino = ps.inoOfReal.get(real);
        String b = ino == null ? null : bufferByIno(ino).map(x -> x.name).orElse(null);
        String key = b != null ? b : "ino " + ino;
        if (ps.mmaps.containsKey(key)) {
            key = key + "#" + ps.mmaps.size();
        }
        ps.mmaps.put(key, new Mapping(r.longValue("addr"), pgoff, len));
        return Outcome.of("ok");
    }

    @Override
    public Outcome munmap(String p, String b) {
        ProcState ps = proc(p);
        Mapping m = ps.mmaps.get(b);
        if (m == null) {
            return Outcome.unsupported("Munmap(" + p + ", " + b + "): " + p + " has no mapping of " + b);
        }
        SpecProcess.Reply r = ps.proc.request("munmap " + m.addr());
        if (!r.ok()) {
            return errno(r);
        }
        ps.mmaps.remove(b);
        return Outcome.of("ok");
    }

    @Override
    public Outcome dmaBufLlseek(String p, int fd, long off, String whence) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        int wh = switch (whence) {
            case "SEEK_SET" -> LibC.SEEK_SET;
            case "SEEK_CUR" -> LibC.SEEK_CUR;
            case "SEEK_END" -> LibC.SEEK_END;
            case "SEEK_DATA" -> 3;
            case "SEEK_HOLE" -> 4;
            default -> -1;
        };
        if (wh < 0) {
            return Outcome.unsupported("llseek whence " + whence + " has no number");
        }
        SpecProcess.Reply r = ps.proc.request("lseek " + real + " " + off + " " + wh);
        return r.ok() ? Outcome.of("ok", r.longValue("ret")) : errno(r);
    }

    @Override
    public Outcome dmaBufIoctlSync(String p, int fd, long flags) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        SpecProcess.Reply r = ps.proc.request("sync " + real + " " + flags);
        return r.ok() ? Outcome.of("ok") : errno(r);
    }

    @Override
    public Outcome dmaBufSetName(String p, int fd, String name) {
        ProcState ps = proc(p);
        Integer real = realFd(ps, fd);
        if (real == null) {
            return helperFd(p, fd);
        }
        String hex = name.isEmpty() ? "-" : HexFormat.of().formatHex(name.getBytes(StandardCharsets.UTF_8));
        SpecProcess.Reply r = ps.proc.request("setname " + real + " " + hex);
        return r.ok() ? Outcome.of("ok") : errno(r);
    }

    @Override
    public boolean armFault(String action, String errno) {
        return false; // a real kernel's ENOMEM and EINTR cannot be provoked on demand
    }

    // ------------------------------------------------------------------ projection

    /** What one helper reported of itself: open slots and dma-buf mappings. */
    private record ProcView(Map<Integer, long[]> fds, List<MapsLine> maps) {}

    /** One dma-buf line of /proc/PID/maps. */
    private record MapsLine(long start, long end, long offset, long ino) {}

    @Override
    public Map<String, Value> projection() {
        // The helpers list their fds and mappings while this JVM reads debugfs and the handles.
        // A helper's fds and mappings change only through its own system calls, which it makes
        // only when asked (an fd sent to it arrives when it is asked to receive): a helper asked
        // nothing since its last listing is not asked again.
        List<ProcState> asked = new ArrayList<>();
        for (ProcState ps : procs.values()) {
            if (ps.view == null || ps.proc.sent() != ps.viewAt) {
                ps.proc.send("state");
                asked.add(ps);
            }
        }
        boolean debugfs = DmaBufKernel.hasBufinfo();
        Map<Long, BufInfo> bufinfo;
        Map<String, Map<Integer, Long>> held;
        Map<String, ProcView> views = new LinkedHashMap<>();
        try {
            bufinfo = debugfs ? bufinfo() : Map.of();
            // A vgem handle on an imported buffer keeps its attachment: when debugfs lists no
            // attachment at all, no device holds a handle and the scan is skipped.
            boolean anyAttachment = !debugfs || bufinfo.values().stream().anyMatch(b -> !b.attachedDevices().isEmpty());
            held = anyAttachment ? heldHandles() : noHandles();
        } finally {
            for (ProcState ps : asked) {
                ps.view = view(ps, ps.proc.receive());
                ps.viewAt = ps.proc.sent();
            }
            procs.forEach((p, ps) -> views.put(p, ps.view));
        }
        Map<String, Value> out = new LinkedHashMap<>();

        Map<Value, Value> fds = new LinkedHashMap<>();
        Map<Value, Value> mmaps = new LinkedHashMap<>();
        for (Map.Entry<String, ProcState> e : procs.entrySet()) {
            ProcView v = views.get(e.getKey());
            fds.put(str(e.getKey()), fdTable(e.getValue(), v));
            mmaps.put(str(e.getKey()), mappings(v));
        }
        out.put("fds", new Value.Fun(fds));
        out.put("mmaps", new Value.Fun(mmaps));

        Map<Value, Value> bufState = new LinkedHashMap<>();
        Map<Value, Value> refcount = new LinkedHashMap<>();
        Map<Value, Value> attached = new LinkedHashMap<>();
        Map<Value, Value> drvRefs = new LinkedHashMap<>();
        Map<Value, Value> names = new LinkedHashMap<>();
        for (Buffer buf : buffers.values()) {
            Value b = str(buf.name);
            if (buf.phase == Phase.IN_KERNEL
                    && !(debugfs ? bufinfo.containsKey(buf.ino) : referenced(buf.ino, views, held))) {
                buf.phase = Phase.GONE;
                shadow.forget(buf.name);
            }
            switch (buf.phase) {
                case BOOKKEEPING -> { }
                case IN_KERNEL -> {
                    bufState.put(b, str("live"));
                    TreeSet<String> devs = new TreeSet<>();
                    held.forEach((d, hs) -> {
                        if (hs.containsValue(buf.ino)) {
                            devs.add(d);
                        }
                    });
                    drvRefs.put(b, driverRefsValue(buf.name));
                    BufInfo info = bufinfo.get(buf.ino);
                    if (info != null) {
                        int unaccounted = info.attachedDevices().size() - devs.size();
                        for (int i = 1; i <= unaccounted; i++) {
                            devs.add("unaccounted attachment " + i);
                        }
                        refcount.put(b, Value.Int.of(info.count()
                                - (long) VgemDevice.REFS_PER_IMPORT * info.attachedDevices().size()));
                        names.put(b, str(info.name() == null ? "" : info.name()));
                    }
                    attached.put(b, set(devs));
                }
                case GONE, RELEASED -> {
                    if (buf.phase == Phase.RELEASED) {
                        bufState.put(b, str("released"));
                    }
                    refcount.put(b, Value.Int.of(0));
                    attached.put(b, set(new TreeSet<>()));
                    drvRefs.put(b, driverRefsValue(buf.name));
                }
            }
        }
        // A variable none of whose parts is observable is left out, not given as an empty function.
        putUnlessEmpty(out, "bufState", bufState);
        putUnlessEmpty(out, "refcount", refcount);
        putUnlessEmpty(out, "attached", attached);
        putUnlessEmpty(out, "drvRefs", drvRefs);
        putUnlessEmpty(out, "name", names);
        return out;
    }

    private static void putUnlessEmpty(Map<String, Value> out, String var, Map<Value, Value> parts) {
        if (!parts.isEmpty()) {
            out.put(var, new Value.Fun(parts));
        }
    }

    private Value driverRefsValue(String b) {
        Map<Value, Value> m = new LinkedHashMap<>();
        Buffer buf = buffers.get(b);
        for (String d : devices.keySet()) {
            long n = 0;
            for (Ref ref : driverRefs.getOrDefault(new DrvKey(d, b), List.of())) {
                if (ref.ino() == buf.ino) {
                    n++;
                }
            }
            m.put(str(d), Value.Int.of(n));
        }
        // The exporter's reference passed to the first fd (dma_buf_fd); neither udmabuf nor the
        // heaps keep a file reference of their own, which the compared count would show.
        m.put(str(config.exporter()), Value.Int.of(0));
        return new Value.Fun(m);
    }

    /** Without debugfs: true while an fd, a mapping, a driver reference or a handle refers to the inode. */
    private boolean referenced(long ino, Map<String, ProcView> views, Map<String, Map<Integer, Long>> held) {
        for (ProcView v : views.values()) {
            if (v.fds().values().stream().anyMatch(x -> x[1] == ino) || v.maps().stream().anyMatch(m -> m.ino() == ino)) {
                return true;
            }
        }
        return driverRefs.values().stream().flatMap(List::stream).anyMatch(r -> r.ino() == ino)
                || held.values().stream().anyMatch(h -> h.containsValue(ino));
    }

    /** The kernel's count of a buffer still in the kernel, empty once it is gone. */
    private Optional<Long> liveCount(Buffer buf) {
        if (DmaBufKernel.hasBufinfo()) {
            return Optional.ofNullable(bufinfo().get(buf.ino)).map(BufInfo::count);
        }
        Map<String, ProcView> views = new LinkedHashMap<>();
        procs.forEach((p, ps) -> views.put(p, view(ps)));
        return referenced(buf.ino, views, heldHandles()) ? Optional.of(-1L) : Optional.empty();
    }

    /** The helper's open slots and its dma-buf mappings: its last listing while it is current. */
    private static ProcView view(ProcState ps) {
        if (ps.view == null || ps.proc.sent() != ps.viewAt) {
            ps.view = view(ps, ps.proc.request("state"));
            ps.viewAt = ps.proc.sent();
        }
        return ps.view;
    }

    private static ProcView view(ProcState ps, SpecProcess.Reply r) {
        if (!r.ok()) {
            throw new KernelCallException(ps.proc + ": state: " + r.call(), r.errno());
        }
        List<MapsLine> maps = new ArrayList<>();
        r.fields().forEach((k, v) -> {
            if (k.startsWith("m")) {
                String[] f = v.split(":");
                maps.add(new MapsLine(Long.parseUnsignedLong(f[0], 16), Long.parseUnsignedLong(f[1], 16),
                        Long.parseUnsignedLong(f[2], 16), Long.parseLong(f[3])));
            }
        });
        return new ProcView(parseFds(r), maps);
    }

    private Value fdTable(ProcState ps, ProcView view) {
        Map<Integer, Integer> realToSpec = new TreeMap<>();
        ps.specToReal.forEach((spec, real) -> realToSpec.put(real, spec));
        Map<Value, Value> table = new TreeMap<>(KernelTarget::compareInts);
        for (int slot = 3; slot < 3 + config.maxFds(); slot++) {
            table.put(Value.Int.of(slot), entry("none", false));
        }
        for (Map.Entry<Integer, long[]> e : view.fds().entrySet()) {
            int real = e.getKey();
            long[] devInoFlags = e.getValue();
            Integer spec = realToSpec.get(real);
            String buf = bufferByIno(devInoFlags[1]).filter(x -> devInoFlags[0] == dmabufDev).map(x -> x.name)
                    .orElse("unknown file (dev " + devInoFlags[0] + ", ino " + devInoFlags[1] + ")");
            if (spec == null) {
                buf = "unmapped real fd " + real + ": " + buf;
                spec = real;
            }
            table.put(Value.Int.of(spec), entry(buf, (devInoFlags[2] & LibC.FD_CLOEXEC) != 0));
        }
        return new Value.Fun(table);
    }

    private static int compareInts(Value a, Value b) {
        return ((Value.Int) a).value().compareTo(((Value.Int) b).value());
    }

    private static Value entry(String buf, boolean cloexec) {
        return new Value.Record(Map.of("buf", str(buf), "cloexec", new Value.Bool(cloexec)));
    }

    /** "ok 3=DEV:INO:FLAGS 4=- ..." to real fd -> {dev, ino, fd flags} for the open slots. */
    private static Map<Integer, long[]> parseFds(SpecProcess.Reply r) {
        Map<Integer, long[]> open = new TreeMap<>();
        r.fields().forEach((k, v) -> {
            if (!k.matches("\\d+") || v.equals("-")) {
                return;
            }
            if (v.equals("?")) {
                open.put(Integer.parseInt(k), new long[] {-1, -1, 0});
                return;
            }
            String[] parts = v.split(":");
            open.put(Integer.parseInt(k), new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]),
                    Long.parseLong(parts[2])});
        });
        return open;
    }

    private Value mappings(ProcView view) {
        Map<String, List<Value>> byBuffer = new LinkedHashMap<>();
        for (String b : buffers.keySet()) {
            byBuffer.put(b, new ArrayList<>());
        }
        for (MapsLine m : view.maps()) {
            String b = bufferByIno(m.ino()).map(x -> x.name).orElse("unknown buffer (ino " + m.ino() + ")");
            byBuffer.computeIfAbsent(b, k -> new ArrayList<>()).add(new Value.Tuple(List.of(
                    Value.Int.of(m.offset() / config.pageSize()),
                    Value.Int.of((m.end() - m.start()) / config.pageSize()))));
        }
        Map<Value, Value> out = new LinkedHashMap<>();
        byBuffer.forEach((b, ms) -> out.put(str(b), ms.isEmpty() ? new Value.Tuple(List.of())
                : ms.size() == 1 ? ms.get(0) : new Value.Tuple(ms)));
        return new Value.Fun(out);
    }

    private Map<Long, BufInfo> bufinfo() {
        if (!DmaBufKernel.hasBufinfo()) {
            return Map.of();
        }
        Map<Long, BufInfo> m = new LinkedHashMap<>();
        for (BufInfo b : new DmaBufKernel(libc).bufinfo()) {
            m.put(b.ino(), b);
        }
        return m;
    }

    private Map<String, Map<Integer, Long>> noHandles() {
        Map<String, Map<Integer, Long>> m = new LinkedHashMap<>();
        devices.keySet().forEach(d -> m.put(d, Map.of()));
        return m;
    }

    private Map<String, Map<Integer, Long>> heldHandles() {
        Map<String, Map<Integer, Long>> m = new LinkedHashMap<>();
        devices.forEach((d, dev) -> m.put(d, dev.handles()));
        return m;
    }

    // ------------------------------------------------------------------ reset and close

    /**
     * Returns to the spec's initial state without new processes: every helper closes its slots
     * and unmaps, the driver references and vgem handles go. Fails when a buffer of this
     * target is still in the kernel afterwards.
     */
    public void reset() {
        for (ProcState ps : procs.values()) {
            expectOk(ps.proc, "reset");
            ps.specToReal.clear();
            ps.inoOfReal.clear();
            ps.mmaps.clear();
        }
        driverRefs.values().forEach(refs -> refs.forEach(r -> libc.close(r.fd())));
        driverRefs.clear();
        devices.values().forEach(VgemDevice::reset);
        handles.clear();
        shadow.clear();
        List<String> left = new ArrayList<>();
        Map<Long, BufInfo> info = bufinfo();
        for (Buffer buf : buffers.values()) {
            if (buf.ino >= 0 && info.containsKey(buf.ino)) {
                left.add(buf.name + " (ino " + buf.ino + ", count " + info.get(buf.ino).count() + ")");
            }
        }
        buffers.replaceAll((b, old) -> new Buffer(b));
        if (!left.isEmpty()) {
            throw new IllegalStateException("buffers still in the kernel after reset: " + left);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        for (ProcState ps : procs.values()) {
            try {
                ps.proc.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        for (List<Ref> refs : driverRefs.values()) {
            for (Ref r : refs) {
                try {
                    libc.close(r.fd());
                } catch (LastErrorException e) {
                    first = first == null ? new KernelCallException("close(fd=" + r.fd() + ")", e.getErrorCode()) : first;
                }
            }
        }
        driverRefs.clear();
        for (VgemDevice d : devices.values()) {
            try {
                d.close();
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    // ------------------------------------------------------------------ helpers

    private Buffer buffer(String b) {
        Buffer buf = buffers.get(b);
        if (buf == null) {
            throw new IllegalArgumentException("unknown buffer " + b + " (the trace's buffers: " + buffers.keySet() + ")");
        }
        return buf;
    }

    private ProcState proc(String p) {
        ProcState ps = procs.get(p);
        if (ps == null) {
            throw new IllegalArgumentException("unknown process " + p + " (the trace's processes: " + procs.keySet() + ")");
        }
        return ps;
    }

    private VgemDevice device(String d) {
        VgemDevice dev = devices.get(d);
        if (dev == null) {
            throw new IllegalArgumentException("unknown device " + d + " (the trace's devices: " + devices.keySet() + ")");
        }
        return dev;
    }

    private Optional<Buffer> bufferByIno(long ino) {
        return buffers.values().stream().filter(b -> b.ino == ino && b.phase != Phase.BOOKKEEPING).findFirst();
    }

    /**
     * The real fd behind spec fd {@code fd} of a process: its mapping, or for a spec fd that is
     * not open the same number (closed in the helper too); null for 0-2 and the helper's own
     * range, which no spec call may touch.
     */
    private static Integer realFd(ProcState ps, int fd) {
        Integer real = ps.specToReal.get(fd);
        if (real != null) {
            return real;
        }
        if ((fd >= 0 && fd <= 2) || fd >= SpecProcess.HELPER_FDS) {
            return null;
        }
        return ps.specToReal.containsValue(fd) ? Integer.valueOf(-1) : Integer.valueOf(fd);
    }

    private static Outcome helperFd(String p, int fd) {
        return Outcome.unsupported("fd " + fd + " of " + p + " is the helper's own (0-2 are its protocol pipes,"
                + " " + SpecProcess.HELPER_FDS + " and up its devices and sockets); the spec's fds start at 3");
    }

    /** Records a new real fd and gives it the spec's number: the lowest free slot from 3. */
    private int assign(ProcState ps, int real, long ino) {
        int spec = 3;
        while (ps.specToReal.containsKey(spec)) {
            spec++;
        }
        if (spec != real) {
            renumbered++;
        }
        ps.specToReal.put(spec, real);
        ps.inoOfReal.put(real, ino);
        return spec;
    }

    private FdInfo jvmFdInfo(int fd) {
        try {
            return FdInfo.parse(Files.readString(Path.of("/proc/self/fdinfo/" + fd)));
        } catch (IOException e) {
            throw new KernelCallException("read(/proc/self/fdinfo/" + fd + ")", KernelErrno.EBADF.number());
        }
    }

    private static Outcome errno(SpecProcess.Reply r) {
        return Outcome.of(r.errnoName());
    }

    private static Outcome errno(KernelCallException e) {
        return Outcome.of(e.errno().map(Enum::name).orElse("errno " + e.errnoNumber()));
    }

    private static Value str(String s) {
        return new Value.Str(s);
    }

    private static Value set(TreeSet<String> names) {
        List<Value> vs = new ArrayList<>();
        names.forEach(n -> vs.add(str(n)));
        return new Value.SetV(new java.util.HashSet<>(vs));
    }
}
