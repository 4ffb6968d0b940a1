package dev.umk.fs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.function.BooleanSupplier;

/**
 * How a blocking file operation sleeps. The caller (the task running the syscall) supplies
 * it, so a pending signal can end the sleep: {@link #await} then throws
 * ErrnoException(ERESTARTSYS), which the syscall layer turns into EINTR or a restart.
 * File code never sleeps any other way.
 */
public interface Blocker {
    /**
     * Returns once {@code ready} holds. Registers on {@code queue} for {@code events} before
     * each check, so wake-ups are not lost; {@code ready} is called without the caller's
     * locks and must take what it needs itself.
     *
     * @throws ErrnoException ERESTARTSYS when interrupted by a signal
     */
    void await(WaitQueue queue, int events, BooleanSupplier ready);

    /** For callers that must not sleep: EAGAIN unless already ready. */
    Blocker NONBLOCKING = (queue, events, ready) -> {
        if (!ready.getAsBoolean()) throw new ErrnoException(Errno.EAGAIN);
    };
}
