package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.conformance.reference.ReferenceTarget;
import org.dmabufspec.conformance.replay.Replayer;
import org.dmabufspec.conformance.replay.TraceResult;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.Trace;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code traces/corpus/kernel} ({@link KernelCorpus}): one file per case, each a trace of the
 * modern trace model that the reference replays to the end, with the calls its case lists.
 * Regenerate with {@link KernelCorpus#main} when the spec changes.
 */
class KernelCorpusTest {

    static List<String> files() {
        return KernelCorpus.cases().stream().map(KernelCorpus.Case::file).toList();
    }

    private static Trace read(String file) throws IOException {
        return ItfReader.read(KernelSession.moduleDir().getParent().resolve(Path.of("traces/corpus/kernel", file)));
    }

    @ParameterizedTest
    @MethodSource("files")
    void replaysOnTheReference(String file) throws IOException {
        Trace t = read(file);
        assertEquals("modern", t.meta().profile());
        assertEquals("MCDmaBufTraceModern.cfg", t.meta().modelConfig());
        TraceResult r = Replayer.replay(file, t, ReferenceTarget.forModel(t.meta().modelConfig()));
        assertNull(r.mismatch(), r::toString);
        assertEquals(t.length(), r.replayed());
    }

    @ParameterizedTest
    @MethodSource("files")
    void makesExactlyItsCasesCalls(String file) throws IOException {
        Trace t = read(file);
        KernelCorpus.Case c = KernelCorpus.cases().stream().filter(x -> x.file().equals(file)).findFirst().orElseThrow();
        assertEquals(c.calls().size(), t.length());
        for (int i = 0; i < t.length(); i++) {
            KernelCorpus.Call call = c.calls().get(i);
            assertTrue(call.matches(t.steps().get(i).call()), "step " + i + ": " + t.steps().get(i).call()
                    + " is not " + call);
        }
        assertEquals(c.description(), t.meta().description());
    }
}
