package dev.umk.core.kernel;

import dev.umk.core.abi.Errno;

/**
 * The one exception kernel code throws to fail an operation with a Linux errno. Handlers let
 * it propagate; the syscall dispatcher turns it into {@code -errno}. It carries no stack
 * trace: it is control flow on hot paths, not a bug report.
 */
public final class ErrnoException extends RuntimeException {
    private final Errno errno;

    public ErrnoException(Errno errno) {
        this(errno, null);
    }

    public ErrnoException(Errno errno, String detail) {
        super(detail == null ? errno.name() : errno.name() + ": " + detail, null, false, false);
        this.errno = errno;
    }

    public Errno errno() {
        return errno;
    }

    /** Throws {@code errno} unless {@code condition} holds. */
    public static void check(boolean condition, Errno errno) {
        if (!condition) throw new ErrnoException(errno);
    }
}
