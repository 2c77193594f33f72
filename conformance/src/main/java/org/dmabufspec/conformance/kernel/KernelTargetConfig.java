package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dmabufspec.spec.value.Value;

/**
 * The spec's constants a {@link KernelTarget} needs for one trace, and the kernel exporter to
 * use. Most are read from a trace's initial state ({@link #fromState}); NPages, PageSize,
 * VmapSupported and MaxVmaps are not visible in a state and default to the values of
 * {@code spec/MCDmaBufTraceModern.cfg} (1 page of 4096 bytes, vmap supported, 2 vmaps).
 *
 * @param procs         {@code Procs}
 * @param devices       {@code Devices}: each becomes one vgem DRM file
 * @param buffers       {@code Buffers}
 * @param exporter      {@code Exporter}, the exporter's name as a driver ("exp")
 * @param maxFds        {@code MaxFds}: fd slots 3 .. 2+maxFds per process
 * @param nPages        {@code NPages}
 * @param pageSize      {@code PageSize}: must be the kernel's page size for mmap offsets
 * @param exporterKind  udmabuf or the system heap
 * @param vmapSupported {@code VmapSupported}, for {@link SpecShadow}
 * @param maxVmaps      {@code MaxVmaps}, for {@link SpecShadow}
 */
public record KernelTargetConfig(List<String> procs, List<String> devices, List<String> buffers, String exporter,
                                 int maxFds, int nPages, int pageSize, ExporterKind exporterKind,
                                 boolean vmapSupported, int maxVmaps) {

    public KernelTargetConfig {
        procs = List.copyOf(procs);
        devices = List.copyOf(devices);
        buffers = List.copyOf(buffers);
        Objects.requireNonNull(exporter, "exporter");
        Objects.requireNonNull(exporterKind, "exporterKind");
        if (maxFds < 1 || maxFds > 64) {
            throw new IllegalArgumentException("maxFds must be 1..64 (the helper's limit), was " + maxFds);
        }
        if (nPages < 1 || pageSize < 1) {
            throw new IllegalArgumentException("nPages and pageSize must be positive: " + nPages + ", " + pageSize);
        }
    }

    /**
     * The constants visible in a spec state (the initial state of a trace): the processes and
     * fd slots from {@code fds}, the buffers from {@code bufState}, the devices from
     * {@code mapped[b]}, the exporter as the driver of {@code drvRefs[b]} that is no device.
     */
    public static KernelTargetConfig fromState(Map<String, Value> state, ExporterKind kind) {
        Value.Fun fds = fun(state, "fds");
        List<String> procs = names(fds);
        int maxFds = procs.isEmpty() ? 1 : ProjectionDiff.asFun(fds.mapping().values().iterator().next()).mapping().size();
        List<String> buffers = names(fun(state, "bufState"));
        List<String> devices = List.of();
        List<String> drivers = List.of();
        if (!buffers.isEmpty()) {
            devices = names(ProjectionDiff.asFun(fun(state, "mapped").mapping().values().iterator().next()));
            drivers = names(ProjectionDiff.asFun(fun(state, "drvRefs").mapping().values().iterator().next()));
        }
        List<String> exporters = new ArrayList<>(drivers);
        exporters.removeAll(devices);
        if (exporters.size() != 1) {
            throw new IllegalArgumentException("cannot tell the exporter among the drivers " + drivers
                    + " and devices " + devices);
        }
        return new KernelTargetConfig(procs, devices, buffers, exporters.get(0), maxFds, 1, 4096, kind, true, 2);
    }

    /** The same with another buffer size. */
    public KernelTargetConfig withPages(int n, int size) {
        return new KernelTargetConfig(procs, devices, buffers, exporter, maxFds, n, size, exporterKind,
                vmapSupported, maxVmaps);
    }

    private static Value.Fun fun(Map<String, Value> state, String var) {
        Value.Fun f = state.get(var) == null ? null : ProjectionDiff.asFun(state.get(var));
        if (f != null) {
            return f;
        }
        throw new IllegalArgumentException("the state's " + var + " is not a function: " + state.get(var));
    }

    private static List<String> names(Value.Fun f) {
        List<String> out = new ArrayList<>();
        for (Value k : f.mapping().keySet()) {
            if (k instanceof Value.Str s) {
                out.add(s.value());
            } else if (k instanceof Value.ModelValue m) {
                out.add(m.name());
            } else {
                throw new IllegalArgumentException("not a name: " + k);
            }
        }
        out.sort(null);
        return out;
    }
}
