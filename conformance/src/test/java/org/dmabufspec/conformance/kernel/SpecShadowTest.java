package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link SpecShadow} follows the spec's map, cpu-access and vmap actions as the spec changes them. */
class SpecShadowTest {

    @Test
    void aMapNeedsAnAttachmentAndAnUnmapUndoesIt() {
        SpecShadow s = new SpecShadow(1, true, 2);
        s.map("d1", "b1", "DMA_BIDIRECTIONAL", false);
        assertFalse(s.mapped("d1", "b1"), "EINVAL in the spec: not attached");
        s.map("d1", "b1", "DMA_BIDIRECTIONAL", true);
        assertTrue(s.mapped("d1", "b1"));
        s.unmap("d1", "b1");
        assertFalse(s.mapped("d1", "b1"));
    }

    @Test
    void cpuAccessIsBusyWhileAWindowOrAVmapIsOpen() {
        SpecShadow s = new SpecShadow(1, true, 2);
        s.beginCpuAccess("b1", 0, 2, "DMA_BIDIRECTIONAL", true);
        assertFalse(s.cpuBusy("b1"), "EINVAL in the spec: past the end");
        s.beginCpuAccess("b1", 0, 1, "DMA_BIDIRECTIONAL", false);
        assertFalse(s.cpuBusy("b1"), "not enabled without an importer's reference");
        s.beginCpuAccess("b1", 0, 1, "DMA_BIDIRECTIONAL", true);
        assertTrue(s.cpuBusy("b1"));
        s.endCpuAccess("b1", 0, 1, "DMA_TO_DEVICE");
        assertTrue(s.cpuBusy("b1"), "EINVAL in the spec: another direction");
        s.endCpuAccess("b1", 0, 1, "DMA_BIDIRECTIONAL");
        assertFalse(s.cpuBusy("b1"));
        s.vmap("b1", true);
        s.vmap("b1", true);
        s.vunmap("b1");
        assertTrue(s.cpuBusy("b1"));
        s.vunmap("b1");
        assertFalse(s.cpuBusy("b1"));
    }

    @Test
    void withoutVmapSupportNothingIsCounted() {
        SpecShadow s = new SpecShadow(1, false, 2);
        s.vmap("b1", true);
        assertFalse(s.cpuBusy("b1"));
    }
}
