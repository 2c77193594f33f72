package org.dmabufspec.conformance.kernel;

/**
 * ioctl request numbers as {@code include/uapi/asm-generic/ioctl.h} encodes them: direction in
 * bits 30-31, argument size in bits 16-29, type (the driver's letter) in bits 8-15, number in
 * bits 0-7. This is the encoding of x86, arm, arm64 and riscv (not of powerpc, mips or sparc).
 *
 * <p>Numbers are returned as {@code long} holding the unsigned 32-bit value, which is what the
 * kernel reads from the {@code unsigned long} request argument of {@code ioctl(2)}.
 */
public final class Ioctl {
    private Ioctl() {}

    /** Width of the number field. */
    public static final int _IOC_NRBITS = 8;
    /** Width of the type field. */
    public static final int _IOC_TYPEBITS = 8;
    /** Width of the size field: an argument is at most 16 KiB - 1. */
    public static final int _IOC_SIZEBITS = 14;
    /** Width of the direction field. */
    public static final int _IOC_DIRBITS = 2;

    public static final int _IOC_NRSHIFT = 0;
    public static final int _IOC_TYPESHIFT = _IOC_NRSHIFT + _IOC_NRBITS;
    public static final int _IOC_SIZESHIFT = _IOC_TYPESHIFT + _IOC_TYPEBITS;
    public static final int _IOC_DIRSHIFT = _IOC_SIZESHIFT + _IOC_SIZEBITS;

    /** No data transfer. */
    public static final int _IOC_NONE = 0;
    /** User space writes, the kernel reads the argument. */
    public static final int _IOC_WRITE = 1;
    /** The kernel writes the argument back to user space. */
    public static final int _IOC_READ = 2;

    /** {@code _IOC(dir, type, nr, size)}; rejects fields that do not fit as the kernel's macro would overflow. */
    public static long _IOC(int dir, int type, int nr, int size) {
        check("dir", dir, _IOC_DIRBITS);
        check("type", type, _IOC_TYPEBITS);
        check("nr", nr, _IOC_NRBITS);
        check("size", size, _IOC_SIZEBITS);
        return ((long) dir << _IOC_DIRSHIFT) | ((long) type << _IOC_TYPESHIFT)
                | ((long) nr << _IOC_NRSHIFT) | ((long) size << _IOC_SIZESHIFT);
    }

    /** {@code _IO(type, nr)}: no argument. */
    public static long _IO(int type, int nr) {
        return _IOC(_IOC_NONE, type, nr, 0);
    }

    /** {@code _IOR(type, nr, size)}: the kernel writes an argument of {@code size} bytes. */
    public static long _IOR(int type, int nr, int size) {
        return _IOC(_IOC_READ, type, nr, size);
    }

    /** {@code _IOW(type, nr, size)}: the kernel reads an argument of {@code size} bytes. */
    public static long _IOW(int type, int nr, int size) {
        return _IOC(_IOC_WRITE, type, nr, size);
    }

    /** {@code _IOWR(type, nr, size)}: both directions. */
    public static long _IOWR(int type, int nr, int size) {
        return _IOC(_IOC_READ | _IOC_WRITE, type, nr, size);
    }

    /** {@code _IOC_DIR(request)}. */
    public static int dir(long request) {
        return (int) (request >>> _IOC_DIRSHIFT) & ((1 << _IOC_DIRBITS) - 1);
    }

    /** {@code _IOC_TYPE(request)}. */
    public static int type(long request) {
        return (int) (request >>> _IOC_TYPESHIFT) & ((1 << _IOC_TYPEBITS) - 1);
    }

    /** {@code _IOC_NR(request)}. */
    public static int nr(long request) {
        return (int) (request >>> _IOC_NRSHIFT) & ((1 << _IOC_NRBITS) - 1);
    }

    /** {@code _IOC_SIZE(request)}. */
    public static int size(long request) {
        return (int) (request >>> _IOC_SIZESHIFT) & ((1 << _IOC_SIZEBITS) - 1);
    }

    private static void check(String field, int value, int bits) {
        if (value < 0 || value >= (1 << bits)) {
            throw new IllegalArgumentException(
                    "ioctl " + field + " " + value + " does not fit in " + bits + " bits");
        }
    }
}
