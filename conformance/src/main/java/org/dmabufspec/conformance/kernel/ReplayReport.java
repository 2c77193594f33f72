package org.dmabufspec.conformance.kernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What {@link KernelReplayMain} found: which kernel and profile ran, how many traces and steps
 * were replayed, why steps were skipped, and every divergence with its explanation, if one is
 * known ({@link KnownDivergences}).
 *
 * @param kernel            {@code uname -r}
 * @param profile           the detected profile; only traces of this profile were replayed
 * @param profileEvidence   what the profile probes returned
 * @param exporter          the kernel exporter used (udmabuf, system heap)
 * @param tracesDir         where the traces were read
 * @param tracesFound       ITF files found
 * @param tracesOtherProfile traces of another profile, not replayed
 * @param tracesReplayed    traces replayed
 * @param tracesNotReplayed traces of this profile left out by the budget
 * @param tracesPassed      traces replayed to the end without a divergence
 * @param steps             steps of the replayed traces
 * @param stepsReplayed     steps reached (a divergence ends its trace)
 * @param stepsCalled       steps the kernel performed and whose outcome was compared
 * @param skipped           skip reason to number of steps
 * @param divergences       divergences without a known explanation
 * @param explainedCounts   fact id ({@link KnownDivergences}) to the number of steps it explained
 * @param explained         the first few divergences of each fact, as examples
 * @param renumberedFds     fds whose real number differed from the spec's
 * @param jvmFdsBefore      open fds of this JVM before the run
 * @param jvmFdsAfter       and after it (targets closed)
 * @param buffersLeft       dma-bufs in debugfs after the run that were not there before
 * @param seconds           wall time of the replay
 * @param msPerStep         wall time per replayed step, projection included
 * @param workers           traces replayed at once, each on its own target and CPU
 * @param secondsIn         where the time went (reading traces, calls, projection, comparison),
 *                          summed over the workers (so more than {@code seconds} with several)
 * @param ok                at least one trace replayed, no unexplained divergence, no leak
 */
public record ReplayReport(String kernel, String profile, Map<String, String> profileEvidence, String exporter,
                           String tracesDir, int tracesFound, int tracesOtherProfile, int tracesReplayed,
                           int tracesNotReplayed, int tracesPassed, long steps, long stepsReplayed, long stepsCalled,
                           Map<String, Long> skipped, List<Divergence> divergences, Map<String, Long> explainedCounts,
                           List<Divergence> explained,
                           int renumberedFds, int jvmFdsBefore, int jvmFdsAfter, List<String> buffersLeft,
                           double seconds, double msPerStep, int workers, Map<String, Double> secondsIn,
                           boolean ok) {

    /**
     * One divergence.
     *
     * @param trace       the trace file
     * @param step        the step index (-1: the initial state)
     * @param call        the spec's call with its outcome
     * @param expected    the spec's outcome
     * @param actual      the kernel's outcome
     * @param differences the projection's differences, one per line
     * @param explanation the known profile fact, null when unexplained
     */
    public record Divergence(String trace, int step, String call, String expected, String actual,
                             List<String> differences, String explanation) {
        @Override
        public String toString() {
            return trace + " step " + step + " " + call + (expected.equals(actual) ? "" : " [kernel: " + actual + "]")
                    + (differences.isEmpty() ? "" : " " + differences)
                    + (explanation == null ? "" : " (explained: " + explanation + ")");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        JSON.writeValue(path.toFile(), this);
    }

    public static ReplayReport read(Path path) throws IOException {
        return JSON.readValue(path.toFile(), ReplayReport.class);
    }

    /** A few lines for a console. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format("kernel %s, profile %s, exporter %s%n", kernel, profile, exporter));
        s.append(String.format("traces: %d found, %d of another profile, %d replayed (%d passed), %d left out by the budget%n",
                tracesFound, tracesOtherProfile, tracesReplayed, tracesPassed, tracesNotReplayed));
        s.append(String.format("steps: %d in the replayed traces, %d reached, %d performed on the kernel and compared%n",
                steps, stepsReplayed, stepsCalled));
        skipped.forEach((why, n) -> s.append(String.format("  skipped %6d  %s%n", n, why)));
        s.append(String.format("divergences: %d unexplained%n", divergences.size()));
        explainedCounts.forEach((id, n) -> s.append(String.format("  explained %6d  %s%n", n, id)));
        divergences.stream().limit(20).forEach(d -> s.append("  ").append(d).append('\n'));
        s.append(String.format("%d worker(s); time summed over them:", workers));
        secondsIn.forEach((what, sec) -> s.append(String.format(" %s %.1f s,", what, sec)));
        s.setLength(s.length() - 1);
        s.append('\n');
        s.append(String.format("%.1f s, %.2f ms per step; JVM fds %d before, %d after; buffers left %s; ok=%s%n",
                seconds, msPerStep, jvmFdsBefore, jvmFdsAfter, buffersLeft, ok));
        return s.toString();
    }
}
