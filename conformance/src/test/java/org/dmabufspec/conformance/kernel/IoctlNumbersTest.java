package org.dmabufspec.conformance.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Request numbers and struct layouts against the values of the uapi headers on x86_64. */
class IoctlNumbersTest {

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("DMA_BUF_IOCTL_SYNC", DmaBufH.DMA_BUF_IOCTL_SYNC, 0x40086200L),
                Arguments.of("DMA_BUF_SET_NAME", DmaBufH.DMA_BUF_SET_NAME, 0x40086201L),
                Arguments.of("DMA_BUF_SET_NAME_A", DmaBufH.DMA_BUF_SET_NAME_A, 0x40046201L),
                Arguments.of("DMA_BUF_SET_NAME_B", DmaBufH.DMA_BUF_SET_NAME_B, 0x40086201L),
                Arguments.of("DMA_BUF_IOCTL_EXPORT_SYNC_FILE", DmaBufH.DMA_BUF_IOCTL_EXPORT_SYNC_FILE, 0xC0086202L),
                Arguments.of("DMA_BUF_IOCTL_IMPORT_SYNC_FILE", DmaBufH.DMA_BUF_IOCTL_IMPORT_SYNC_FILE, 0x40086203L),
                Arguments.of("UDMABUF_CREATE", UdmabufH.UDMABUF_CREATE, 0x40187542L),
                Arguments.of("UDMABUF_CREATE_LIST", UdmabufH.UDMABUF_CREATE_LIST, 0x40087543L),
                Arguments.of("DMA_HEAP_IOCTL_ALLOC", DmaHeapH.DMA_HEAP_IOCTL_ALLOC, 0xC0184800L),
                Arguments.of("DRM_IOCTL_PRIME_FD_TO_HANDLE", DrmH.DRM_IOCTL_PRIME_FD_TO_HANDLE, 0xC00C642EL),
                Arguments.of("DRM_IOCTL_PRIME_HANDLE_TO_FD", DrmH.DRM_IOCTL_PRIME_HANDLE_TO_FD, 0xC00C642DL),
                // DRM_IOW(0x09, struct drm_gem_close): write, size 8, type 'd' (0x64), nr 9.
                Arguments.of("DRM_IOCTL_GEM_CLOSE", DrmH.DRM_IOCTL_GEM_CLOSE, 0x40086409L),
                Arguments.of("DRM_IOCTL_VERSION", DrmH.DRM_IOCTL_VERSION, 0xC0406400L));
    }

    @ParameterizedTest(name = "{0} = 0x{2}")
    @MethodSource("requests")
    void requestNumbersMatchTheHeaders(String name, long actual, long expected) {
        assertEquals(Long.toHexString(expected), Long.toHexString(actual), name);
    }

    @Test
    void fieldsDecodeBack() {
        long sync = DmaBufH.DMA_BUF_IOCTL_SYNC;
        assertEquals(Ioctl._IOC_WRITE, Ioctl.dir(sync));
        assertEquals('b', Ioctl.type(sync));
        assertEquals(0, Ioctl.nr(sync));
        assertEquals(8, Ioctl.size(sync));
        assertEquals(Ioctl._IOC_READ | Ioctl._IOC_WRITE, Ioctl.dir(DmaHeapH.DMA_HEAP_IOCTL_ALLOC));
        assertEquals(0x6201L, Ioctl._IO('b', 1));
        assertEquals(0x80046201L, Ioctl._IOR('b', 1, 4));
    }

    @Test
    void fieldsThatDoNotFitAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Ioctl._IOW('b', 256, 8));
        assertThrows(IllegalArgumentException.class, () -> Ioctl._IOW('b', 0, 1 << 14));
        assertThrows(IllegalArgumentException.class, () -> Ioctl._IOW(-1, 0, 8));
    }

    static Stream<Arguments> structs() {
        return Stream.of(
                struct("udmabuf_create", UdmabufH.udmabuf_create::new, UdmabufH.udmabuf_create.SIZE, 24),
                struct("udmabuf_create_item", UdmabufH.udmabuf_create_item::new, UdmabufH.udmabuf_create_item.SIZE, 24),
                struct("udmabuf_create_list", UdmabufH.udmabuf_create_list::new, UdmabufH.udmabuf_create_list.SIZE, 8),
                struct("dma_heap_allocation_data", DmaHeapH.dma_heap_allocation_data::new, DmaHeapH.dma_heap_allocation_data.SIZE, 24),
                struct("dma_buf_sync", DmaBufH.dma_buf_sync::new, DmaBufH.dma_buf_sync.SIZE, 8),
                struct("dma_buf_export_sync_file", DmaBufH.dma_buf_export_sync_file::new, DmaBufH.dma_buf_export_sync_file.SIZE, 8),
                struct("dma_buf_import_sync_file", DmaBufH.dma_buf_import_sync_file::new, DmaBufH.dma_buf_import_sync_file.SIZE, 8),
                struct("drm_prime_handle", DrmH.drm_prime_handle::new, DrmH.drm_prime_handle.SIZE, 12),
                struct("drm_gem_close", DrmH.drm_gem_close::new, DrmH.drm_gem_close.SIZE, 8),
                struct("drm_version", DrmH.drm_version::new, DrmH.drm_version.SIZE, 64),
                struct("iovec", LibC.iovec::new, LibC.iovec.SIZE, 16),
                struct("msghdr", LibC.msghdr::new, LibC.msghdr.SIZE, 56),
                struct("cmsghdr", LibC.cmsghdr::new, LibC.cmsghdr.SIZE, 16));
    }

    private static Arguments struct(String name, Supplier<Structure> make, int declared, int cSize) {
        return Arguments.of(name, make, declared, cSize);
    }

    @ParameterizedTest(name = "sizeof(struct {0}) = {3}")
    @MethodSource("structs")
    void structSizesMatchC(String name, Supplier<Structure> make, int declared, int cSize) {
        assertEquals(cSize, make.get().size(), "JNA layout of struct " + name);
        assertEquals(cSize, declared, "SIZE constant of struct " + name);
    }

    /** Writes each field and reads the native memory at the offset the C compiler gives it. */
    @Test
    void fieldOffsetsMatchC() {
        UdmabufH.udmabuf_create c = new UdmabufH.udmabuf_create();
        c.memfd = 7;
        c.flags = 1;
        c.offset = 0x1000;
        c.size = 0x10000;
        c.write();
        Pointer p = c.getPointer();
        assertEquals(7, p.getInt(0));
        assertEquals(1, p.getInt(4));
        assertEquals(0x1000, p.getLong(8));
        assertEquals(0x10000, p.getLong(16));

        DmaHeapH.dma_heap_allocation_data h = new DmaHeapH.dma_heap_allocation_data();
        h.len = 4096;
        h.fd = 3;
        h.fd_flags = LibC.O_RDWR | LibC.O_CLOEXEC;
        h.heap_flags = 9;
        h.write();
        p = h.getPointer();
        assertEquals(4096, p.getLong(0));
        assertEquals(3, p.getInt(8));
        assertEquals(LibC.O_RDWR | LibC.O_CLOEXEC, p.getInt(12));
        assertEquals(9, p.getLong(16));

        DrmH.drm_prime_handle prime = new DrmH.drm_prime_handle();
        prime.handle = 1;
        prime.flags = 2;
        prime.fd = 3;
        prime.write();
        assertEquals(3, prime.getPointer().getInt(8));

        DrmH.drm_version v = new DrmH.drm_version();
        v.name_len = 63;
        v.write();
        assertEquals(63, v.getPointer().getLong(16), "name_len follows three ints and 4 bytes of padding");

        LibC.msghdr m = new LibC.msghdr();
        m.msg_iovlen = 5;
        m.msg_controllen = 24;
        m.msg_flags = 0x40;
        m.write();
        assertEquals(5, m.getPointer().getLong(24));
        assertEquals(24, m.getPointer().getLong(40));
        assertEquals(0x40, m.getPointer().getInt(48));
    }

    @Test
    void controlMessageMacros() {
        assertEquals(8, Native.POINTER_SIZE, "the layouts above are those of a 64-bit ABI");
        assertEquals(20, LibC.CMSG_LEN(4));
        assertEquals(24, LibC.CMSG_SPACE(4));
        assertEquals(32, LibC.CMSG_SPACE(12));
    }
}
