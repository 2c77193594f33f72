package org.dmabufspec.conformance.kernel;

/** Which kernel exporter plays the spec's exporter for {@link KernelTarget}. */
public enum ExporterKind {
    /** /dev/udmabuf over a sealed memfd; fdinfo's exp_name is {@code udmabuf}. The default. */
    UDMABUF("udmabuf"),
    /** DMA_HEAP_IOCTL_ALLOC on /dev/dma_heap/system; exp_name {@code system}. */
    SYSTEM_HEAP("system");

    private final String expName;

    ExporterKind(String expName) {
        this.expName = expName;
    }

    /** The exporter's name as fdinfo and debugfs print it. */
    public String expName() {
        return expName;
    }
}
