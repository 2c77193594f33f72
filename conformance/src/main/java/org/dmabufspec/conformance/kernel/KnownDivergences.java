package org.dmabufspec.conformance.kernel;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Divergences between the spec and the real kernel that are documented facts of a kernel
 * profile, each with a test that shows the fact on the kernel. A divergence that no fact
 * explains fails the replay.
 */
final class KnownDivergences {
    private KnownDivergences() {}

    /**
     * One fact.
     *
     * @param id          a short name, as reports print it
     * @param profile     the profile it belongs to
     * @param exporter    the exporter it belongs to ({@link ExporterKind#expName()}), or "*"
     * @param description the fact, with where in the kernel it comes from
     * @param matches     whether a divergence is this fact
     */
    record Fact(String id, String profile, String exporter, String description, Predicate<TraceReplay.Divergence> matches) {}

    static final List<Fact> FACTS = List.of(
            new Fact("udmabuf-sync-end-before-start", "modern", "udmabuf",
                    "udmabuf's end_cpu_access (drivers/dma-buf/udmabuf.c, end_cpu_udmabuf) returns EINVAL while the"
                            + " buffer has no sg table, which its first begin_cpu_access creates: DMA_BUF_IOCTL_SYNC"
                            + " with END before any START on the buffer gives EINVAL; the spec's SYNC checks only the"
                            + " flags. Exporter-specific: the system heap accepts it (KernelFacts checks both)",
                    d -> d.call().startsWith("DmaBufIoctlSync(") && d.expected().equals("ok")
                            && d.actual().equals("EINVAL") && endFlag(d.call())));

    /** The flags argument of a DmaBufIoctlSync call as printed ("DmaBufIoctlSync(\"p1\", 3, 7) -> ok") has END. */
    static boolean endFlag(String call) {
        int close = call.indexOf(')');
        int comma = call.lastIndexOf(',', close);
        try {
            long flags = Long.parseLong(call.substring(comma + 1, close).strip());
            return (flags & DmaBufH.DMA_BUF_SYNC_END) != 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    static Optional<Fact> explain(String profile, String exporter, TraceReplay.Divergence d) {
        return FACTS.stream().filter(f -> f.profile().equals(profile)
                && (f.exporter().equals("*") || f.exporter().equals(exporter)) && f.matches().test(d)).findFirst();
    }
}
