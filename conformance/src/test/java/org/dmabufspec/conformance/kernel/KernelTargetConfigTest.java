package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.dmabufspec.traces.ItfReader;
import org.dmabufspec.traces.Trace;
import org.junit.jupiter.api.Test;

class KernelTargetConfigTest {

    @Test
    void theConstantsComeFromTheInitialState() throws IOException {
        Path repo = KernelSession.moduleDir().getParent();
        Trace t = ItfReader.read(repo.resolve("traces/corpus/kernel/cloexec-exec.itf.json"));
        KernelTargetConfig c = KernelTargetConfig.fromState(t.states().get(0), ExporterKind.UDMABUF);
        assertEquals(List.of("p1", "p2"), c.procs());
        assertEquals(List.of("d1"), c.devices());
        assertEquals(List.of("b1"), c.buffers());
        assertEquals("exp", c.exporter());
        assertEquals(1, c.maxFds());
        assertEquals(4096, (long) c.nPages() * c.pageSize());
        assertTrue(c.vmapSupported());
    }
}
