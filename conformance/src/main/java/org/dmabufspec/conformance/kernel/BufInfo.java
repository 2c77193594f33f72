package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One buffer of {@code /sys/kernel/debug/dma_buf/bufinfo}, as {@code dma_buf_debug_show()}
 * prints it in 6.x kernels: a line {@code size flags mode count exp_name ino name} (tab
 * separated; size, count and ino in decimal, flags and mode in hex, the name {@code <none>}
 * while unset), the reservation object's fences, then {@code Attached Devices:} with one
 * device per line and {@code Total N devices attached}.
 *
 * @param size             buffer size in bytes
 * @param flags            the file's f_flags
 * @param mode             the file's f_mode
 * @param count            file reference count
 * @param expName          exporter name
 * @param ino              inode number, as in fdinfo
 * @param name             the name given by DMA_BUF_SET_NAME, null while unnamed
 * @param attachedDevices  device names of the attachments, e.g. {@code vgem}
 */
public record BufInfo(long size, int flags, int mode, long count, String expName, long ino, String name,
                      List<String> attachedDevices) {

    /** Where debugfs shows the list of all dma-bufs. */
    public static final String PATH = "/sys/kernel/debug/dma_buf/bufinfo";

    /** What the kernel prints for a buffer without a name. */
    static final String NO_NAME = "<none>";

    private static final Pattern BUFFER = Pattern.compile(
            "(\\d+)\\t([0-9a-fA-F]+)\\t([0-9a-fA-F]+)\\t(\\d+)\\t([^\\t]*)\\t(\\d+)\\t(.*)");
    private static final Pattern DEVICES_TOTAL = Pattern.compile("Total (\\d+) devices attached");
    private static final Pattern OBJECTS_TOTAL = Pattern.compile("Total (\\d+) objects, (\\d+) bytes");

    public BufInfo {
        attachedDevices = List.copyOf(attachedDevices);
    }

    /**
     * Parses the whole bufinfo text. Checks the kernel's own totals (devices per buffer,
     * objects and bytes at the end) so that a format change fails loudly instead of parsing
     * to nothing.
     */
    public static List<BufInfo> parse(String text) {
        List<BufInfo> buffers = new ArrayList<>();
        Matcher buffer = null;
        List<String> devices = null;
        boolean sawTotal = false;
        for (String line : text.split("\n")) {
            Matcher m;
            if (devices != null && line.startsWith("\t")) {
                devices.add(line.substring(1).strip());
            } else if (line.equals("\tAttached Devices:")) {
                if (buffer == null) {
                    throw malformed("'Attached Devices:' before a buffer line", line);
                }
                devices = new ArrayList<>();
            } else if ((m = DEVICES_TOTAL.matcher(line)).matches()) {
                if (buffer == null || devices == null) {
                    throw malformed("device total without a buffer", line);
                }
                if (Integer.parseInt(m.group(1)) != devices.size()) {
                    throw malformed("device total " + m.group(1) + " but " + devices.size() + " listed", line);
                }
                buffers.add(of(buffer, devices));
                buffer = null;
                devices = null;
            } else if ((m = OBJECTS_TOTAL.matcher(line)).matches()) {
                int objects = Integer.parseInt(m.group(1));
                long bytes = Long.parseLong(m.group(2));
                long sum = buffers.stream().mapToLong(BufInfo::size).sum();
                if (objects != buffers.size() || bytes != sum) {
                    throw malformed("totals say " + objects + " objects, " + bytes + " bytes; parsed "
                            + buffers.size() + " objects, " + sum + " bytes", line);
                }
                sawTotal = true;
            } else if ((m = BUFFER.matcher(line)).matches()) {
                if (buffer != null) {
                    throw malformed("buffer line before the previous buffer's device total", line);
                }
                buffer = m;
            }
            // Anything else is the heading, a fence of the reservation object or a blank line.
        }
        if (buffer != null || !sawTotal) {
            throw malformed("text ends before the object total", "");
        }
        return List.copyOf(buffers);
    }

    private static BufInfo of(Matcher m, List<String> devices) {
        String name = m.group(7);
        return new BufInfo(Long.parseLong(m.group(1)), Integer.parseUnsignedInt(m.group(2), 16),
                Integer.parseUnsignedInt(m.group(3), 16), Long.parseLong(m.group(4)), m.group(5),
                Long.parseLong(m.group(6)), name.equals(NO_NAME) || name.isEmpty() ? null : name, devices);
    }

    private static IllegalArgumentException malformed(String what, String line) {
        return new IllegalArgumentException("unexpected bufinfo format: " + what + (line.isEmpty() ? "" : ": '" + line + "'"));
    }
}
