package org.dmabufspec.conformance.kernel;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The errno values a dma-buf call can return, with the numbers of
 * {@code include/uapi/asm-generic/errno-base.h} and {@code errno.h} (x86_64). The names are the
 * C names, so that they map onto the reference implementation's errors by name.
 */
public enum KernelErrno {
    EPERM(1),
    ENOENT(2),
    ESRCH(3),
    EINTR(4),
    EIO(5),
    ENXIO(6),
    E2BIG(7),
    EBADF(9),
    ECHILD(10),
    EAGAIN(11),
    ENOMEM(12),
    EACCES(13),
    EFAULT(14),
    EBUSY(16),
    EEXIST(17),
    ENODEV(19),
    ENOTDIR(20),
    EISDIR(21),
    EINVAL(22),
    ENFILE(23),
    EMFILE(24),
    ENOTTY(25),
    ETXTBSY(26),
    EFBIG(27),
    ENOSPC(28),
    ESPIPE(29),
    EROFS(30),
    EPIPE(32),
    ERANGE(34),
    ENAMETOOLONG(36),
    ENOSYS(38),
    EOVERFLOW(75),
    /** "File descriptor in bad state": udmabuf's answer to a file that is not a memfd. */
    EBADFD(77),
    ENOTSOCK(88),
    EOPNOTSUPP(95),
    ETIMEDOUT(110);

    private static final Map<Integer, KernelErrno> BY_NUMBER =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(e -> e.number, Function.identity()));

    private final int number;

    KernelErrno(int number) {
        this.number = number;
    }

    /** The errno number. */
    public int number() {
        return number;
    }

    /** The constant for an errno number, if it is one this enum names. */
    public static Optional<KernelErrno> of(int number) {
        return Optional.ofNullable(BY_NUMBER.get(number));
    }

    /** "EINVAL (22)", or "errno 200" for a number this enum does not name. */
    public static String describe(int number) {
        return of(number).map(e -> e.name() + " (" + number + ")").orElse("errno " + number);
    }
}
