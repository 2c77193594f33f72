package org.dmabufspec.conformance.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the kernel tests can run, from what this machine has: in this JVM when the running
 * kernel offers a dma-buf device, in the QEMU guest when QEMU and the cached kernel are there (or
 * when asked to install them with DMABUF_VM=1, or on CI), else nowhere, with the reason.
 *
 * @param kind    the route
 * @param missing what was looked for and not found, for the skip (or CI failure) message
 */
record KernelRoute(Kind kind, List<String> missing) {

    enum Kind {
        /** /dev/udmabuf or /dev/dma_heap/system is usable here: run the probe in this JVM. */
        IN_PROCESS,
        /** Boot the 6.12 kernel under QEMU and run the probe there. */
        VM,
        /** Neither, and not on CI: skip. */
        SKIP
    }

    static final String UDMABUF = "/dev/udmabuf";
    static final String SYSTEM_HEAP = "/dev/dma_heap/system";
    static final String QEMU = "qemu-system-x86_64";

    /** What the decision looks at; {@link #probe} reads it from this machine. */
    record Machine(boolean udmabuf, boolean systemHeap, boolean qemu, boolean kernelCached, Path kernelCache,
                   Map<String, String> env) {
    }

    static Machine probe(Map<String, String> env) {
        return new Machine(usable(UDMABUF), usable(SYSTEM_HEAP), onPath(QEMU, env),
                Files.isRegularFile(kernelCache(env).resolve("vmlinuz")), kernelCache(env), env);
    }

    static KernelRoute choose(Machine m) {
        List<String> missing = new ArrayList<>();
        if (!m.udmabuf()) {
            missing.add(UDMABUF + " (missing or not read-write for this user)");
        }
        if (!m.systemHeap()) {
            missing.add(SYSTEM_HEAP + " (missing or not read-write for this user)");
        }
        if (m.udmabuf() || m.systemHeap()) {
            return new KernelRoute(Kind.IN_PROCESS, List.copyOf(missing));
        }
        if (!m.qemu()) {
            missing.add(QEMU + " (not on PATH)");
        }
        if (!m.kernelCached()) {
            missing.add("the kernel cache " + m.kernelCache().resolve("vmlinuz"));
        }
        boolean asked = "1".equals(m.env().get("DMABUF_VM")) || isCi(m.env());
        if ((m.qemu() && m.kernelCached()) || asked) {
            return new KernelRoute(Kind.VM, List.copyOf(missing));
        }
        return new KernelRoute(Kind.SKIP, List.copyOf(missing));
    }

    static boolean isCi(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("CI", ""));
    }

    /** The message of a skip: what is missing and how to get it. */
    String reason() {
        return "no kernel with dma-buf devices to test: " + String.join(", ", missing)
                + ". Install them with conformance/vm/install-deps.sh and conformance/vm/fetch-kernel.sh,"
                + " or set DMABUF_VM=1 to let this test do it (CI=true always does).";
    }

    static Path kernelCache(Map<String, String> env) {
        String cache = env.get("DMABUF_VM_CACHE");
        Path root = cache != null && !cache.isEmpty() ? Path.of(cache)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home")), ".cache", "dmabuf-spec", "vm");
        return root.resolve("kernel");
    }

    private static boolean usable(String device) {
        Path p = Path.of(device);
        return Files.exists(p) && Files.isReadable(p) && Files.isWritable(p);
    }

    private static boolean onPath(String program, Map<String, String> env) {
        for (String dir : env.getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }
}
