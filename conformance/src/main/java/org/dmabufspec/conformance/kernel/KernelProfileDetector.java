package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which of the spec's kernel profiles ({@code DmaBufBase.tla}: pre312, seed, v5, modern) the
 * running kernel behaves as, from what user space can see: a buffer is made (udmabuf, else the
 * system heap) and asked
 * <ol>
 *   <li>{@code lseek(fd, 0, SEEK_END)}: ESPIPE means no dma-buf llseek (before 3.12): pre312;</li>
 *   <li>DMA_BUF_IOCTL_SYNC START|RW: ENOTTY means no dma-buf ioctls (before 4.6): seed;</li>
 *   <li>DMA_BUF_SET_NAME while vgem is attached: EBUSY is v5, success is modern.</li>
 * </ol>
 * Without vgem the last question cannot be asked; the kernel release ({@code uname -r}) then
 * decides: 6.0 and later is modern (the EBUSY went in 5.x), else v5. The evidence says which.
 * A kernel with dma-buf llseek and ioctls still has kmap only before 5.6, which user space
 * cannot see; the spec's seed profile (kmap, llseek, no ioctls) is told by the missing ioctls.
 *
 * @param profile  the spec's profile name
 * @param release  {@code uname -r}
 * @param evidence what each probe returned, in order
 */
public record KernelProfileDetector(String profile, String release, Map<String, String> evidence) {

    /** Probes the running kernel. */
    public static KernelProfileDetector detect() {
        Map<String, String> ev = new LinkedHashMap<>();
        String release = kernelRelease();
        ev.put("uname -r", release);
        try (DmaBufKernel k = new DmaBufKernel()) {
            int fd = make(k, ev);
            try {
                try {
                    ev.put("lseek(0, SEEK_END)", Long.toString(k.llseek(fd, 0, LibC.SEEK_END)));
                } catch (KernelCallException e) {
                    ev.put("lseek(0, SEEK_END)", KernelErrno.describe(e.errnoNumber()));
                    if (e.is(KernelErrno.ESPIPE)) {
                        return new KernelProfileDetector("pre312", release, ev);
                    }
                    throw e;
                }
                try {
                    k.sync(fd, DmaBufH.DMA_BUF_SYNC_START | DmaBufH.DMA_BUF_SYNC_RW);
                    k.sync(fd, DmaBufH.DMA_BUF_SYNC_END | DmaBufH.DMA_BUF_SYNC_RW);
                    ev.put("DMA_BUF_IOCTL_SYNC", "ok");
                } catch (KernelCallException e) {
                    ev.put("DMA_BUF_IOCTL_SYNC", KernelErrno.describe(e.errnoNumber()));
                    if (e.is(KernelErrno.ENOTTY)) {
                        return new KernelProfileDetector("seed", release, ev);
                    }
                    throw e;
                }
                if (DmaBufKernel.findVgemCard().isEmpty()) {
                    ev.put("DMA_BUF_SET_NAME while attached", "not asked: no vgem");
                    Optional<Integer> major = major(release);
                    return new KernelProfileDetector(major.isPresent() && major.get() >= 6 ? "modern" : "v5", release, ev);
                }
                int handle = k.vgemImport(fd);
                try {
                    k.setName(fd, "probe");
                    ev.put("DMA_BUF_SET_NAME while attached", "ok");
                    return new KernelProfileDetector("modern", release, ev);
                } catch (KernelCallException e) {
                    ev.put("DMA_BUF_SET_NAME while attached", KernelErrno.describe(e.errnoNumber()));
                    if (e.is(KernelErrno.EBUSY)) {
                        return new KernelProfileDetector("v5", release, ev);
                    }
                    throw e;
                } finally {
                    k.gemClose(handle);
                }
            } finally {
                k.close(fd);
            }
        }
    }

    private static int make(DmaBufKernel k, Map<String, String> ev) {
        if (Files.exists(Path.of(DmaBufKernel.UDMABUF_DEVICE))) {
            ev.put("buffer", "udmabuf, 1 page");
            return k.createUdmabuf(4096, true);
        }
        ev.put("buffer", "system heap, 1 page");
        return k.allocHeap("system", 4096, true);
    }

    /** {@code uname -r}, from /proc/sys/kernel/osrelease. */
    public static String kernelRelease() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return System.getProperty("os.version");
        }
    }

    static Optional<Integer> major(String release) {
        Matcher m = Pattern.compile("^(\\d+)\\.").matcher(release);
        return m.find() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }
}
