package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelRobustness} on the real kernel (in the build's {@link KernelSession}): a seeded,
 * bounded run of calls with bad fds, flags and sizes through the kernel target and the JNA facade.
 * The JVM survived it (the report exists and the suite went on), every failure named its call and
 * errno, and nothing leaked.
 */
class KernelRobustnessTest {

    private static KernelRobustness.Report report() throws IOException {
        Path f = KernelSession.get().report("robustness.json");
        assertTrue(f.toFile().exists(), "no robustness report: the run did not finish");
        return KernelRobustness.Report.read(f);
    }

    @Test
    void everyFailureIsAnErrnoAndTheJvmSurvives() throws IOException {
        KernelRobustness.Report r = report();
        assertTrue(r.calls() >= 400, "calls made: " + r.calls());
        assertEquals(List.of(), r.problems());
        assertTrue(r.outcomes().keySet().stream().anyMatch(k -> k.startsWith("jna: E")), r.outcomes().toString());
        assertTrue(r.outcomes().keySet().stream().anyMatch(k -> k.startsWith("target: E")), r.outcomes().toString());
    }

    @Test
    void nothingLeaks() throws IOException {
        KernelRobustness.Report r = report();
        assertTrue(r.jvmFdsAfter() <= r.jvmFdsBefore(), "JVM fds " + r.jvmFdsBefore() + " -> " + r.jvmFdsAfter());
        assertEquals(List.of(), r.buffersLeft(), "dma-bufs left in debugfs");
        assertEquals(0, r.helpersLeft(), "helper processes left");
        assertTrue(r.ok());
    }
}
