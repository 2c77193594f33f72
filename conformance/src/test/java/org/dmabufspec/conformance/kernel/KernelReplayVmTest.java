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
        System.out.println("[" + set + ": " + s.traceSets().get(set.replace("-heap", "")) + "]");
        System.out.print(r.summary());
        return r;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kernel", "generated", "kernel-heap"})
    void everyDivergenceIsExplained(String set) throws IOException {
        if (set.endsWith("-heap")) {
            org.junit.jupiter.api.Assumptions.assumeTrue(KernelSession.kind() == KernelRoute.Kind.VM
                    || DmaBufKernel.heaps().contains("system"), "no system heap on this host's kernel");
        }
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

    /** The udmabuf fact is udmabuf's: with the system heap as exporter nothing needs explaining. */
    @Test
    void withTheSystemHeapNothingNeedsExplaining() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(KernelSession.kind() == KernelRoute.Kind.VM
                || DmaBufKernel.heaps().contains("system"), "no system heap on this host's kernel");
        ReplayReport r = report("kernel-heap");
        assertEquals("system", r.exporter());
        assertEquals(List.of(), r.divergences(), r::summary);
        assertEquals(Map.of(), r.explainedCounts(), r::summary);
        assertEquals(r.tracesFound(), r.tracesPassed(), r::summary);
    }

    /** traces/corpus/kernel/sync-end-before-start.itf.json meets the udmabuf fact exactly once. */
    @Test
    void withUdmabufTheSyncFactIsMetWhereTheCorpusPutsIt() throws IOException {
        ReplayReport r = report("kernel");
        assertEquals(Map.of("udmabuf-sync-end-before-start", 1L), r.explainedCounts(), r::summary);
        assertEquals("sync-end-before-start.itf.json", r.explained().get(0).trace());
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

    /** Issue 5's bar: every modern-profile trace the spec generates replays on the kernel. */
    @Test
    void everyGeneratedTraceIsReplayed() throws IOException {
        ReplayReport r = report("generated");
        KernelTraces.Set set = KernelSession.get().traceSets().get("generated");
        System.out.printf("generated: %d of %d traces (%d distinct calls of %d, %d edges of %d), %d replayed,"
                        + " %d steps reached, %d performed on the kernel, %.0f s with %d workers%n", set.traces(),
                set.available(), set.callsCovered(), set.callsAvailable(), set.edgesCovered(), set.edgesAvailable(),
                r.tracesReplayed(), r.stepsReplayed(), r.stepsCalled(), r.seconds(), r.workers());
        assertTrue(r.stepsCalled() > 0, r::summary);
        assertEquals(set.traces(), r.tracesFound());
        assertEquals(0, r.tracesNotReplayed(), r::summary);
        assertEquals(r.tracesFound() - r.tracesOtherProfile(), r.tracesReplayed(), r::summary);
        if (System.getProperty(KernelTraces.STEPS_PROPERTY) == null) {
            assertEquals(set.available(), set.traces(), "without a step budget every generated trace is replayed");
        }
    }

    /** The project's own Replayer drives the kernel target through the corpus just as well. */
    @Test
    void theSharedReplayerAgreesOnTheKernelCorpus() throws IOException {
        Path f = KernelSession.get().report("replayer.txt");
        assertTrue(Files.exists(f), "no replayer.txt");
        List<String> lines = Files.readAllLines(f);
        assertTrue(lines.size() >= 9, lines.toString());
        for (String line : lines) {
            assertTrue(line.startsWith("ok "), line);
        }
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
