package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.conformance.validate.LogValidator;
import org.dmabufspec.conformance.validate.ValidationResult;
import org.dmabufspec.reference.Config;
import org.dmabufspec.traces.LogEvent;
import org.dmabufspec.traces.NdjsonLogReader;
import org.junit.jupiter.api.Test;

/**
 * The kernel target's NDJSON logs, checked against the spec with TLC like any implementation's
 * log ({@link LogValidator}): the logs the community's tests left on the real kernel
 * ({@code KernelSuite}'s logs-kernel/) are behaviours of the spec, all but the one that meets
 * udmabuf's documented SYNC END before START, which the validator must reject at that call.
 */
class KernelLogValidationTest {
    private static final String FACT_TRACE = "sync-end-before-start";

    @Test
    void theKernelsLogsOfTheCommunityTestsAreBehavioursOfTheSpec() throws Exception {
        Path dir = KernelSession.get().report("logs-kernel");
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = s.filter(p -> p.toString().endsWith(".ndjson")).sorted().toList();
        }
        assertTrue(logs.size() >= 9, "one log per corpus trace: " + logs);
        Config config = ReferenceTarget.configFor("MCDmaBufTraceModern.cfg");
        LogValidator validator = new LogValidator();
        boolean sawFact = false;
        for (Path log : logs) {
            ValidationResult r = validator.validate(log, config);
            String name = log.getFileName().toString();
            if (name.startsWith(FACT_TRACE)) {
                sawFact = true;
                assertFalse(r.accepted(), () -> name + ": udmabuf's EINVAL is no behaviour of the spec\n" + r.report());
                LogEvent e = r.event();
                assertEquals("DmaBufIoctlSync", e.call().name(), r::report);
                assertEquals("EINVAL", e.call().outcome(), r::report);
                assertEquals(TraceReplay.PERFORMED, e.thread(), r::report);
            } else {
                assertTrue(r.accepted(), () -> name + "\n" + r.report());
            }
            System.out.println(name + ": " + (r.accepted() ? "accepted" : "rejected at event " + r.index())
                    + ", " + r.events() + " events");
        }
        assertTrue(sawFact, "the udmabuf fact's log is among them");
    }

    /** A log names what the kernel did and what it did not do. */
    @Test
    void everyEventSaysWhetherTheKernelPerformedIt() throws Exception {
        Path dir = KernelSession.get().report("logs-kernel");
        try (Stream<Path> s = Files.list(dir)) {
            for (Path log : s.filter(p -> p.toString().endsWith(".ndjson")).toList()) {
                for (LogEvent e : NdjsonLogReader.read(log)) {
                    assertTrue(e.thread().equals(TraceReplay.PERFORMED) || e.thread().equals(TraceReplay.NOT_PERFORMED),
                            log + ": " + e);
                }
            }
        }
    }
}
