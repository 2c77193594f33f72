package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The spec's modern-profile traces replayed on the real kernel by {@link KernelReplayMain}, in the
 * build's one {@link KernelSession}: the community's tests as traces ({@code kernel}), the
 * committed modern corpus ({@code modern}, when present) and a selection of the generated traces
 * ({@code generated}, see {@link KernelTraces}). No divergence may be unexplained; explained ones
 * are documented facts ({@link KnownDivergences}) that {@link KernelSelftestCases} shows on the
 * kernel. No fd of the JVM and no dma-buf may be left behind.
 */
class KernelReplayVmTest {

    private static ReplayReport report(String set) throws IOException {
        KernelSession.Result s = KernelSession.get();
        Path file = s.report("replay-" + set + ".json");
        assertTrue(Files.exists(file), () -> "no replay report for " + set + "; the suite's parts: " + s.summary().parts());
        ReplayReport r = ReplayReport.read(file);
        System.out.println("[" + set + ": " + s.traceSets().get(set) + "]");
        System.out.print(r.summary());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel", "generated"})
    void everyDivergenceIsExplained(String set) throws IOException {
        ReplayReport r = report(set);
        assertEquals("modern", r.profile(), "6.12 is the modern profile: " + r.profileEvidence());
        assertTrue(r.tracesReplayed() > 0, "no trace replayed from " + r.tracesDir());
        assertEquals(List.of(), r.divergences(), () -> r.summary());
        assertTrue(r.ok(), r::summary);
    }

    @Test
    void theCommittedModernCorpusReplaysWhenPresent() throws IOException {
        KernelSession.Result s = KernelSession.get();
        org.junit.jupiter.api.Assumptions.assumeTrue(s.traceSets().containsKey("modern"),
                "traces/corpus/modern is not there yet");
        ReplayReport r = report("modern");
        assertEquals(List.of(), r.divergences(), r::summary);
        assertTrue(r.ok(), r::summary);
    }

    @Test
    void theCommunityTestsReplayToTheEnd() throws IOException {
        ReplayReport r = report("kernel");
        assertEquals(r.tracesFound(), r.tracesReplayed(), "every corpus trace is modern and replayed");
        assertEquals(r.tracesReplayed(), r.tracesPassed());
        assertEquals(r.steps(), r.stepsReplayed());
        // Every step of these traces is a user-space call but the deferred release, the exporter's
        // bookkeeping export, and the kernel-internal parts of the heap/vgem round trip.
        assertTrue(r.stepsCalled() >= r.steps() / 2, r::summary);
    }

    @Test
    void theGeneratedSelectionReplaysWithinItsBudget() throws IOException {
        ReplayReport r = report("generated");
        KernelTraces.Set set = KernelSession.get().traceSets().get("generated");
        assertTrue(r.stepsCalled() > 0, r::summary);
        assertEquals(set.traces(), r.tracesFound());
        System.out.printf("generated: %d of %d traces selected (%d distinct calls of %d, %d edges of %d),"
                        + " %d replayed in the budget%n", set.traces(), set.available(), set.callsCovered(),
                set.callsAvailable(), set.edgesCovered(), set.edgesAvailable(), r.tracesReplayed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel", "generated"})
    void nothingLeaks(String set) throws IOException {
        ReplayReport r = report(set);
        assertTrue(r.jvmFdsAfter() <= r.jvmFdsBefore(), "JVM fds " + r.jvmFdsBefore() + " -> " + r.jvmFdsAfter());
        assertEquals(List.of(), r.buffersLeft());
        assertEquals(0, r.renumberedFds(), "the helpers' fd numbers are the spec's");
    }

    @Test
    void skippedStepsSayWhy() throws IOException {
        for (Map.Entry<String, Long> e : report("generated").skipped().entrySet()) {
            assertTrue(e.getKey().contains(":") && e.getKey().length() > 20, "a skip reason: " + e.getKey());
        }
    }
}
