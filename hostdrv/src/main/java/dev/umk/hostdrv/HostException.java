package dev.umk.hostdrv;

import dev.umk.core.abi.Errno;

/** A host call failed in a way umk cannot turn into a guest-visible result. */
public final class HostException extends RuntimeException {
    private final int errno;

    public HostException(String what, int errno) {
        super(what + ": " + describe(errno));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    private static String describe(int errno) {
        Errno e = Errno.of(errno);
        return e == null ? "errno " + errno : e.name() + " (" + e.description() + ")";
    }
}
