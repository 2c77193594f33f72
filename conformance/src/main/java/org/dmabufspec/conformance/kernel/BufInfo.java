package org.dmabufspec.conformance.kernel;

import java.util.ArrayList;
import java.util.List;

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

    public BufInfo {
        attachedDevices = List.copyOf(attachedDevices);
    }

    /**
     * Parses the whole bufinfo text. Checks the kernel's own totals (devices per buffer,
     * objects and bytes at the end) so that a format change fails loudly instead of parsing
     * to nothing.
     */
    public static List<BufInfo> parse(String text) {
        // Plain string handling rather than regular expressions: the kernel target parses this
        // after every replayed step, under QEMU's emulation.
        List<BufInfo> buffers = new ArrayList<>();
        String[] buffer = null;
        List<String> devices = null;
        boolean sawTotal = false;
        for (String line : text.split("\n")) {
            String[] fields;
            if (devices != null && line.startsWith("\t")) {
                devices.add(line.substring(1).strip());
            } else if (line.equals("\tAttached Devices:")) {
                if (buffer == null) {
                    throw malformed("'Attached Devices:' before a buffer line", line);
                }
                devices = new ArrayList<>();
            } else if (line.startsWith("Total ") && line.endsWith(" devices attached")) {
                String n = line.substring(6, line.length() - 17);
                if (!digits(n)) {
                    throw malformed("device total is not a number", line);
                }
                if (buffer == null || devices == null) {
                    throw malformed("device total without a buffer", line);
                }
                if (Integer.parseInt(n) != devices.size()) {
                    throw malformed("device total " + n + " but " + devices.size() + " listed", line);
                }
                buffers.add(of(buffer, devices));
                buffer = null;
                devices = null;
            } else if (line.startsWith("Total ") && line.endsWith(" bytes") && line.contains(" objects, ")) {
                int comma = line.indexOf(" objects, ");
                String o = line.substring(6, comma);
                String b = line.substring(comma + 10, line.length() - 6);
                if (!digits(o) || !digits(b)) {
                    throw malformed("object total is not a number", line);
                }
                int objects = Integer.parseInt(o);
                long bytes = Long.parseLong(b);
                long sum = buffers.stream().mapToLong(BufInfo::size).sum();
                if (objects != buffers.size() || bytes != sum) {
                    throw malformed("totals say " + objects + " objects, " + bytes + " bytes; parsed "
                            + buffers.size() + " objects, " + sum + " bytes", line);
                }
                sawTotal = true;
            } else if ((fields = line.split("\t", 7)).length == 7 && digits(fields[0]) && hex(fields[1])
                    && hex(fields[2]) && digits(fields[3]) && digits(fields[5])) {
                if (buffer != null) {
                    throw malformed("buffer line before the previous buffer's device total", line);
                }
                buffer = fields;
            }
            // Anything else is the heading, a fence of the reservation object or a blank line.
        }
        if (buffer != null || !sawTotal) {
            throw malformed("text ends before the object total", "");
        }
        return List.copyOf(buffers);
    }

    private static BufInfo of(String[] f, List<String> devices) {
        String name = f[6];
        return new BufInfo(Long.parseLong(f[0]), Integer.parseUnsignedInt(f[1], 16), Integer.parseUnsignedInt(f[2], 16),
                Long.parseLong(f[3]), f[4], Long.parseLong(f[5]), name.equals(NO_NAME) || name.isEmpty() ? null : name,
                devices);
    }

    private static boolean digits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return true;
    }

    private static IllegalArgumentException malformed(String what, String line) {
        return new IllegalArgumentException("unexpected bufinfo format: " + what + (line.isEmpty() ? "" : ": '" + line + "'"));
    }
}
