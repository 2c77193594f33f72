package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@link KernelBench} ran in the build's {@link KernelSession}: the adapter's cost per call next
 * to the same system calls in C, in one run on one kernel. Prints the table (conformance/vm/README.md
 * quotes one); asserts only that every call was measured on all three sides.
 */
class KernelBenchTest {

    @Test
    void everyCallIsMeasuredInCJnaAndThroughTheTarget() throws IOException {
        Path f = KernelSession.get().report("bench.json");
        assertTrue(f.toFile().exists(), "no bench report");
        KernelBench.Report r = KernelBench.Report.read(f);
        System.out.print(r.table());
        assertEquals(5, r.rows().size(), r.table());
        for (KernelBench.Row row : r.rows()) {
            assertTrue(row.cNs() > 0 && row.jnaNs() > 0 && row.targetNs() > 0, row.toString());
        }
        assertTrue(Double.isFinite(r.jnaGeoMean()) && Double.isFinite(r.targetGeoMean()), r.table());
    }
}
