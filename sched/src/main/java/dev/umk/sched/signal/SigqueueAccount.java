package dev.umk.sched.signal;

import java.util.function.LongSupplier;

/**
 * Where a process's queued siginfos are charged: its real user's counter, bounded by the
 * process's own RLIMIT_SIGPENDING (as __sigqueue_alloc checks the target's rlimit against
 * the target user's count). The limit is read at each send, so setrlimit takes effect at once.
 */
public final class SigqueueAccount {
    /** No accounting: every siginfo is queued (kernel-internal queues, tests). */
    public static final SigqueueAccount UNLIMITED = new SigqueueAccount(null, () -> -1L);

    private final UserSigpending user;
    private final LongSupplier rlimit;

    public SigqueueAccount(UserSigpending user, LongSupplier rlimitSigpending) {
        this.user = user;
        this.rlimit = rlimitSigpending;
    }

    /** Charges one siginfo; false when over the limit and not {@code override}. */
    boolean tryCharge(boolean override) {
        return user == null || user.tryCharge(rlimit.getAsLong(), override);
    }

    void uncharge() {
        if (user != null) user.uncharge();
    }
}
