package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/** Per-process resource limits (RLIMIT_*), with Linux's defaults for a login shell. */
public final class Rlimits {
    public static final int CPU = 0, FSIZE = 1, DATA = 2, STACK = 3, CORE = 4, RSS = 5, NPROC = 6,
            NOFILE = 7, MEMLOCK = 8, AS = 9, LOCKS = 10, SIGPENDING = 11, MSGQUEUE = 12, NICE = 13,
            RTPRIO = 14, RTTIME = 15, NLIMITS = 16;
    public static final long INFINITY = -1L;

    private final long[] cur = new long[NLIMITS];
    private final long[] max = new long[NLIMITS];

    public Rlimits() {
        for (int i = 0; i < NLIMITS; i++) {
            cur[i] = INFINITY;
            max[i] = INFINITY;
        }
        set(STACK, 8L << 20, INFINITY);
        set(CORE, 0, INFINITY);
        set(NPROC, 63_000, 63_000);
        set(NOFILE, 1024, 1L << 20);
        set(MEMLOCK, 8L << 20, 8L << 20);
        set(SIGPENDING, 63_000, 63_000);
        set(MSGQUEUE, 819_200, 819_200);
        set(NICE, 0, 0);
        set(RTPRIO, 0, 0);
    }

    public synchronized long cur(int r) {
        return cur[check(r)];
    }

    public synchronized long max(int r) {
        return max[check(r)];
    }

    /**
     * setrlimit semantics: soft must not exceed hard (EINVAL); raising the hard limit needs
     * privilege (EPERM); NOFILE is capped at nr_open (EPERM above it, as Linux).
     */
    public synchronized void update(int r, long soft, long hard, boolean privileged) {
        check(r);
        if (Long.compareUnsigned(soft, hard) > 0) throw new ErrnoException(Errno.EINVAL);
        if (Long.compareUnsigned(hard, max[r]) > 0 && !privileged) throw new ErrnoException(Errno.EPERM);
        if (r == NOFILE && Long.compareUnsigned(hard, 1L << 20) > 0) throw new ErrnoException(Errno.EPERM);
        set(r, soft, hard);
    }

    /**
     * The kernel moving a soft limit on (RLIMIT_CPU after each SIGXCPU): only if it is still
     * {@code expected}, so a setrlimit in between wins.
     */
    synchronized void raiseSoft(int r, long expected, long soft) {
        if (cur[check(r)] == expected) cur[r] = soft;
    }

    private void set(int r, long soft, long hard) {
        cur[r] = soft;
        max[r] = hard;
    }

    public synchronized Rlimits copy() {
        Rlimits c = new Rlimits();
        System.arraycopy(cur, 0, c.cur, 0, NLIMITS);
        System.arraycopy(max, 0, c.max, 0, NLIMITS);
        return c;
    }

    private static int check(int r) {
        if (r < 0 || r >= NLIMITS) throw new ErrnoException(Errno.EINVAL);
        return r;
    }
}
