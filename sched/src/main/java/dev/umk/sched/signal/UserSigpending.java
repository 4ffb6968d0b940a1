package dev.umk.sched.signal;

import java.util.concurrent.atomic.AtomicLong;

/**
 * How many siginfos are queued, system-wide, for one real user id (Linux's per-user ucount
 * UCOUNT_RLIMIT_SIGPENDING). RLIMIT_SIGPENDING is checked against this count, so one user's
 * processes share the budget. The kernel keeps one instance per uid.
 */
public final class UserSigpending {
    private final AtomicLong queued = new AtomicLong();

    /** Queued siginfos of this user right now. */
    public long queued() {
        return queued.get();
    }

    /**
     * Counts one more siginfo unless that would exceed {@code limit} (RLIM_INFINITY is -1)
     * and the sender may not override it.
     *
     * @return false when the queue is full: the caller must not queue the siginfo
     */
    boolean tryCharge(long limit, boolean override) {
        long n = queued.incrementAndGet();
        if (override || Long.compareUnsigned(n, limit) <= 0) return true;
        queued.decrementAndGet();
        return false;
    }

    void uncharge() {
        queued.decrementAndGet();
    }
}
