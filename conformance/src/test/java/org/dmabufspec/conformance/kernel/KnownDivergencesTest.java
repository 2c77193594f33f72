package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class KnownDivergencesTest {

    private static TraceReplay.Divergence sync(long flags, String actual) {
        return new TraceReplay.Divergence(4, "DmaBufIoctlSync(\"p1\", 3, " + flags + ") -> ok", "ok", actual, List.of());
    }

    @Test
    void syncEndBeforeStartIsExplainedForUdmabufOnly() {
        assertEquals("udmabuf-sync-end-before-start",
                KnownDivergences.explain("modern", "udmabuf", sync(7, "EINVAL")).orElseThrow().id());
        assertTrue(KnownDivergences.explain("modern", "system", sync(7, "EINVAL")).isEmpty());
        assertTrue(KnownDivergences.explain("v5", "udmabuf", sync(7, "EINVAL")).isEmpty());
    }

    @Test
    void aStartOrAnotherErrnoIsNotExplained() {
        assertTrue(KnownDivergences.explain("modern", "udmabuf", sync(3, "EINVAL")).isEmpty());
        assertTrue(KnownDivergences.explain("modern", "udmabuf", sync(7, "EBADF")).isEmpty());
        assertFalse(KnownDivergences.endFlag("DmaBufIoctlSync(\"p1\", 3, 3) -> ok"));
        assertTrue(KnownDivergences.endFlag("DmaBufIoctlSync(\"p1\", 3, 5) -> ok"));
    }
}
