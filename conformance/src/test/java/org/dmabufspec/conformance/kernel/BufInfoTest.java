package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** debugfs dma_buf/bufinfo as dma_buf_debug_show() prints it in 6.x. */
class BufInfoTest {

    static final String TWO_BUFFERS = """

            Dma-buf Objects:
            size    \tflags   \tmode    \tcount   \texp_name\tino     \tname
            00065536\t00000002\t000a0003\t00000004\tudmabuf\t00001041\tprobe buffer
            \tAttached Devices:
            \tvgem
            Total 1 devices attached

            00004096\t00080002\t000a0003\t00000001\tsystem\t00001042\t<none>
            \tread write fence:dma_fence_stub signalled
            \tAttached Devices:
            Total 0 devices attached


            Total 2 objects, 69632 bytes
            """;

    @Test
    void parsesEachBufferWithItsAttachments() {
        List<BufInfo> buffers = BufInfo.parse(TWO_BUFFERS);
        assertEquals(2, buffers.size());
        BufInfo u = buffers.get(0);
        assertEquals(65536, u.size());
        assertEquals(2, u.flags());
        assertEquals(0xa0003, u.mode());
        assertEquals(4, u.count());
        assertEquals("udmabuf", u.expName());
        assertEquals(1041, u.ino());
        assertEquals("probe buffer", u.name());
        assertEquals(List.of("vgem"), u.attachedDevices());
        BufInfo s = buffers.get(1);
        assertEquals("system", s.expName());
        assertEquals(0x80002, s.flags(), "flags are printed in hex");
        assertNull(s.name());
        assertEquals(List.of(), s.attachedDevices());
    }

    /** Captured by KernelProbe from Debian's 6.12.95 kernel under QEMU, with vgem attached. */
    @Test
    void textFromA612Kernel() {
        String captured = "\nDma-buf Objects:\nsize    \tflags   \tmode    \tcount   \texp_name\tino     \tname\n"
                + "00065536\t00000002\t00080007\t00000004\tudmabuf\t00000008\t<none>\n"
                + "\tAttached Devices:\n\tvgem\nTotal 1 devices attached\n\n\nTotal 1 objects, 65536 bytes\n";
        assertEquals(List.of(new BufInfo(65536, 2, 0x80007, 4, "udmabuf", 8, null, List.of("vgem"))),
                BufInfo.parse(captured));
    }

    @Test
    void noBuffers() {
        assertEquals(List.of(), BufInfo.parse("\nDma-buf Objects:\nsize    \tflags   \tmode    \tcount   \texp_name\tino     \tname\n\nTotal 0 objects, 0 bytes\n"));
    }

    @Test
    void totalsThatDisagreeAreAFormatError() {
        String wrong = TWO_BUFFERS.replace("Total 2 objects", "Total 3 objects");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BufInfo.parse(wrong));
        assertTrue(e.getMessage().contains("3 objects"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BufInfo.parse(TWO_BUFFERS.replace("Total 1 devices", "Total 2 devices")));
        assertThrows(IllegalArgumentException.class, () -> BufInfo.parse("Dma-buf Objects:\n"));
    }
}
