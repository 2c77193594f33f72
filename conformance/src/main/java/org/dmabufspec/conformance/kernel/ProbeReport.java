package org.dmabufspec.conformance.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link KernelProbe} found on one kernel: each call with its expected and actual outcome,
 * the sections it could not run and why, and raw fdinfo/bufinfo text as the kernel printed it.
 *
 * @param kernel   {@code uname -r} of the kernel that answered
 * @param devices  which of the dma-buf devices were present
 * @param checks   every expectation, in the order it was checked
 * @param skipped  sections not run, each with its reason (a missing device)
 * @param passed   checks that matched
 * @param failed   checks that did not
 * @param ok       true when nothing failed
 * @param samples  raw kernel text, keyed by what it is
 */
public record ProbeReport(String kernel, Map<String, String> devices, List<Check> checks, List<String> skipped,
                          int passed, int failed, boolean ok, Map<String, String> samples) {

    /**
     * One expectation.
     *
     * @param section  the exporter or feature, e.g. {@code udmabuf}, {@code heap:system}, {@code vgem}
     * @param name     what was called or observed, e.g. {@code lseek(1, SEEK_SET)}
     * @param expected the value or errno name expected
     * @param actual   the value, or the errno as {@code EINVAL (22)}
     * @param call     the failing call as the kernel saw it, null when the call succeeded
     * @param matched  true when actual is what was expected
     */
    public record Check(String section, String name, String expected, String actual, String call, boolean matched) {
        @Override
        public String toString() {
            return (matched ? "ok   " : "FAIL ") + section + ": " + name + ": expected " + expected + ", got " + actual
                    + (call == null ? "" : " from " + call);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The failed checks, one per line, for an assertion message. */
    public String failures() {
        StringBuilder s = new StringBuilder();
        checks.stream().filter(c -> !c.matched()).forEach(c -> s.append(c).append('\n'));
        return s.toString();
    }

    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(path.toFile(), this);
    }

    public String toJson() throws IOException {
        return JSON.writeValueAsString(this);
    }

    public static ProbeReport read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), ProbeReport.class);
    }
}
