package org.dmabufspec.conformance.kernel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The small C programs of this package, built from their sources (resources of this package)
 * when first needed; no binary is committed. {@code dmabuf-proc} plays one spec process for
 * {@link KernelTarget}; {@code dmabuf-bench} is the C side of {@link KernelBench}.
 *
 * <p>A program is found, in order: the system property {@code dmabufspec.<name>} (a path to a
 * built binary, e.g. the one the host built before booting the VM, whose root is read-only);
 * else it is compiled with {@code cc} (or {@code $CC}), statically when the C library allows it
 * (exec is cheaper without the dynamic loader, which matters under QEMU), into
 * {@value #DIR_PROPERTY} (default {@code java.io.tmpdir/dmabuf-spec-native}), named after the
 * source's hash so that an edited source is rebuilt.
 */
public final class ProcHelper {
    /** The spec-process helper. */
    public static final String PROC = "dmabuf-proc";
    /** The C benchmark. */
    public static final String BENCH = "dmabuf-bench";
    /** System property naming the directory to compile into. */
    public static final String DIR_PROPERTY = "dmabufspec.native.dir";

    private static final java.util.Map<String, Path> CACHED = new java.util.HashMap<>();

    private ProcHelper() {}

    /** The system property naming a ready binary of {@code program}. */
    public static String property(String program) {
        return "dmabufspec." + program;
    }

    /** The spec-process helper, compiling it on first use when no ready one is named. */
    public static Path binary() {
        return binary(PROC);
    }

    /** {@code program}, compiling it on first use when no ready one is named. */
    public static synchronized Path binary(String program) {
        Path cached = CACHED.get(program);
        if (cached != null) {
            return cached;
        }
        String named = System.getProperty(property(program));
        Path p;
        if (named != null && !named.isEmpty()) {
            p = Path.of(named);
            if (!Files.isExecutable(p)) {
                throw new IllegalStateException(property(program) + "=" + named + " is not an executable file");
            }
        } else {
            String dir = System.getProperty(DIR_PROPERTY);
            p = compile(program, dir != null ? Path.of(dir)
                    : Path.of(System.getProperty("java.io.tmpdir"), "dmabuf-spec-native"));
        }
        p = local(p);
        CACHED.put(program, p);
        return p;
    }

    /**
     * In the QEMU guest ({@code DMABUF_IN_VM=1}, set by {@code vm/run-in-vm.sh}) the binary is
     * copied to the guest's memory-backed {@code java.io.tmpdir} first: every exec of a file on
     * the host's 9p share walks and reads it through QEMU's main thread, which a replay with
     * exec steps kept busy (about 50 lookups a second). Elsewhere {@code binary} itself.
     */
    private static Path local(Path binary) {
        if (!"1".equals(System.getenv("DMABUF_IN_VM"))) {
            return binary;
        }
        try {
            Path dir = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "dmabuf-spec-local"));
            Path copy = dir.resolve(binary.getFileName());
            if (!Files.isExecutable(copy)) {
                Path tmp = Files.createTempFile(dir, binary.getFileName().toString(), ".tmp");
                Files.copy(binary, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(tmp, copy, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + binary + " into the guest's tmpdir", e);
        }
    }

    /** Compiles {@code program} into {@code dir} unless a binary of this source is already there. */
    public static Path compile(String program, Path dir) {
        byte[] source = source(program + ".c");
        Path binary = dir.resolve(program + "-" + hash(source));
        if (Files.isExecutable(binary)) {
            return binary;
        }
        try {
            Files.createDirectories(dir);
            Path src = Files.createTempFile(dir, program, ".c");
            Path out = Files.createTempFile(dir, program, ".tmp");
            try {
                Files.write(src, source);
                String cc = System.getenv().getOrDefault("CC", "cc");
                List<String> flags = List.of("-O2", "-Wall", "-o", out.toString(), src.toString());
                String staticOutput = run(cc, true, flags);
                if (staticOutput != null) {
                    String dynamicOutput = run(cc, false, flags);
                    if (dynamicOutput != null) {
                        throw new IllegalStateException("compiling " + program + ".c failed:\n" + cc + " -static "
                                + String.join(" ", flags) + "\n" + staticOutput + "\n" + cc + " "
                                + String.join(" ", flags) + "\n" + dynamicOutput);
                    }
                }
                Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
                Files.move(out, binary, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(src);
                Files.deleteIfExists(out);
            }
            return binary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot build " + program + " in " + dir
                    + " (a C compiler, cc or $CC, is needed)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while compiling " + program, e);
        }
    }

    /** Runs the compiler; null on success, else its output. */
    private static String run(String cc, boolean statically, List<String> flags)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(cc);
        if (statically) {
            cmd.add("-static");
        }
        cmd.addAll(flags);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : output;
    }

    static byte[] source(String name) {
        try (InputStream in = ProcHelper.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hash(byte[] source) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(source);
            return HexFormat.of().formatHex(d, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
