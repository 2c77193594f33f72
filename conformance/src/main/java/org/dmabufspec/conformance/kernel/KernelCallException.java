package org.dmabufspec.conformance.kernel;

import java.util.Optional;

/**
 * A system call that failed, naming the call as written and the errno it returned, e.g.
 * {@code ioctl(DMA_BUF_IOCTL_SYNC, fd=5, flags=0x80) failed: EINVAL (22)}. Unchecked: a failing
 * call is an expected outcome in the conformance tests, caught where it is compared.
 */
public final class KernelCallException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final int errnoNumber;

    public KernelCallException(String call, int errnoNumber) {
        super(call + " failed: " + KernelErrno.describe(errnoNumber));
        this.call = call;
        this.errnoNumber = errnoNumber;
    }

    /** The call as written in the message, e.g. {@code lseek(fd=5, offset=1, SEEK_SET)}. */
    public String call() {
        return call;
    }

    /** The raw errno number. */
    public int errnoNumber() {
        return errnoNumber;
    }

    /** The errno as a constant, empty for a number {@link KernelErrno} does not name. */
    public Optional<KernelErrno> errno() {
        return KernelErrno.of(errnoNumber);
    }

    /** True when the call failed with {@code expected}. */
    public boolean is(KernelErrno expected) {
        return errnoNumber == expected.number();
    }
}
