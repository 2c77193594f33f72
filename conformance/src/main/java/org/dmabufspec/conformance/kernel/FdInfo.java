package org.dmabufspec.conformance.kernel;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code /proc/self/fdinfo/N}. Every file has {@code pos}, {@code flags} (octal),
 * {@code mnt_id} and {@code ino}; a dma-buf adds what {@code dma_buf_show_fdinfo()} prints:
 * {@code size}, {@code count} (file references, without the one procfs holds while reading),
 * {@code exp_name} and, once set, {@code name}.
 *
 * @param pos      file position
 * @param flags    the file's open flags, e.g. {@code 02000002} for O_RDWR | O_CLOEXEC
 * @param mntId    mount id
 * @param ino      inode number; the same buffer has the same ino in every process and in bufinfo
 * @param size     buffer size in bytes, -1 when this is not a dma-buf
 * @param count    file reference count, -1 when this is not a dma-buf
 * @param expName  exporter name ({@code udmabuf}, {@code system}), null when not a dma-buf
 * @param name     the name given by DMA_BUF_SET_NAME, null while unnamed
 * @param fields   every field as printed, in order
 */
public record FdInfo(long pos, int flags, long mntId, long ino, long size, long count, String expName, String name,
                     Map<String, String> fields) {

    /** True when the fd is a dma-buf (its fdinfo has {@code exp_name}). */
    public boolean isDmaBuf() {
        return expName != null;
    }

    /** True when the file was opened with O_CLOEXEC (fdinfo shows the fd flag among the file flags). */
    public boolean cloexec() {
        return (flags & LibC.O_CLOEXEC) != 0;
    }

    /** Parses the text of an fdinfo file; lines are {@code key:<TAB>value}. */
    public static FdInfo parse(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            fields.putIfAbsent(line.substring(0, colon), line.substring(colon + 1).strip());
        }
        return new FdInfo(
                number(fields, "pos", 10, 0),
                (int) number(fields, "flags", 8, 0),
                number(fields, "mnt_id", 10, -1),
                number(fields, "ino", 10, -1),
                number(fields, "size", 10, -1),
                number(fields, "count", 10, -1),
                fields.get("exp_name"),
                fields.get("name"),
                Map.copyOf(fields));
    }

    private static long number(Map<String, String> fields, String key, int radix, long absent) {
        String value = fields.get(key);
        if (value == null) {
            return absent;
        }
        try {
            return Long.parseLong(value, radix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("fdinfo field " + key + " is not a number: '" + value + "'", e);
        }
    }
}
