package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import dev.umk.sched.signal.TaskSignals;
import java.util.function.BooleanSupplier;

/**
 * The signal mask argument of ppoll, pselect6 and epoll_pwait (Linux's set_user_sigmask and
 * restore_saved_sigmask_unless): the call runs with the given mask; afterwards the old mask
 * comes back at once, unless the call was interrupted, in which case signal delivery
 * restores it (after the handler, whose frame saves the old mask).
 */
final class UserSigmask {
    private UserSigmask() {}

    /**
     * Installs the mask at {@code va} (none when null). EINVAL unless {@code size} is
     * sizeof(sigset_t); EFAULT for a bad pointer.
     *
     * @return whether a mask was installed
     */
    static boolean set(Task t, long va, long size) {
        if (va == 0) return false;
        if (size != 8) throw new ErrnoException(Errno.EINVAL);
        long mask = t.mm().readLong(va);
        t.signals().setTemporaryMask(mask);
        return true;
    }

    /** Puts the old mask back now unless delivery will, because the call ends interrupted by a signal. */
    static void restoreUnless(Task t, boolean installed, boolean interrupted) {
        if (installed && !(interrupted && signalPending(t).getAsBoolean())) t.signals().restoreSavedSigmask();
    }

    /** Whether a signal wants the task: what ends an interruptible sleep besides thread interruption. */
    static BooleanSupplier signalPending(Task t) {
        return () -> {
            TaskSignals s = t.signals();
            return s != null && s.signalPending();
        };
    }
}
