package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;

/**
 * sigset_t on x86-64: one 64-bit word, bit {@code n-1} for signal {@code n}, and the fixed
 * signal classes Linux keeps as masks (include/linux/signal.h). Sets are plain longs so the
 * hot paths allocate nothing.
 */
public final class SigSet {
    private SigSet() {}

    /** The size rt_sig* syscalls insist on (sigsetsize != 8 is EINVAL). */
    public static final int SIZE = 8;

    /** sigprocmask(2) {@code how}. */
    public static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;

    public static final long EMPTY = 0;
    public static final long FULL = -1L;

    /** Signals no mask, handler or sigtimedwait can take over: SIGKILL and SIGSTOP. */
    public static final long KERNEL_ONLY = bit(Signals.SIGKILL) | bit(Signals.SIGSTOP);

    /** Stop signals whose default action stops the group (SIG_KERNEL_STOP_MASK). */
    public static final long STOP = bit(Signals.SIGSTOP) | bit(Signals.SIGTSTP)
            | bit(Signals.SIGTTIN) | bit(Signals.SIGTTOU);

    /** Signals whose default action is to do nothing (SIG_KERNEL_IGNORE_MASK). */
    public static final long DEFAULT_IGNORE = bit(Signals.SIGCONT) | bit(Signals.SIGCHLD)
            | bit(Signals.SIGWINCH) | bit(Signals.SIGURG);

    /** Signals whose default action dumps core (SIG_KERNEL_COREDUMP_MASK). */
    public static final long COREDUMP = bit(Signals.SIGQUIT) | bit(Signals.SIGILL)
            | bit(Signals.SIGTRAP) | bit(Signals.SIGABRT) | bit(Signals.SIGFPE)
            | bit(Signals.SIGSEGV) | bit(Signals.SIGBUS) | bit(Signals.SIGSYS)
            | bit(Signals.SIGXCPU) | bit(Signals.SIGXFSZ);

    /** Signals raised by faults, dequeued before all others (kernel/signal.c SYNCHRONOUS_MASK). */
    public static final long SYNCHRONOUS = bit(Signals.SIGSEGV) | bit(Signals.SIGBUS)
            | bit(Signals.SIGILL) | bit(Signals.SIGTRAP) | bit(Signals.SIGFPE)
            | bit(Signals.SIGSYS);

    /** The standard (non-queued) signals 1..31. */
    public static final long STANDARD = (1L << (Signals.SIGRTMIN - 1)) - 1;

    /** The bit for {@code sig}. Preconditions: 1 <= sig <= 64. */
    public static long bit(int sig) {
        return 1L << (sig - 1);
    }

    public static boolean contains(long set, int sig) {
        return (set & bit(sig)) != 0;
    }

    /** True for 1..64, the numbers a sigset_t can hold (valid_signal plus sig >= 1). */
    public static boolean valid(int sig) {
        return sig >= 1 && sig <= Signals.NSIG;
    }

    /** EINVAL unless {@code sig} is 1..64. */
    public static int checkValid(int sig) {
        if (!valid(sig)) throw new ErrnoException(Errno.EINVAL);
        return sig;
    }

    public static boolean isRealtime(int sig) {
        return sig >= Signals.SIGRTMIN;
    }

    /** The lowest signal in {@code set}, or 0 if it is empty. */
    public static int first(long set) {
        return set == 0 ? 0 : Long.numberOfTrailingZeros(set) + 1;
    }

    /** A mask with SIGKILL and SIGSTOP removed, as every mask the kernel stores is. */
    public static long sanitize(long set) {
        return set & ~KERNEL_ONLY;
    }

    /**
     * The new blocked mask for sigprocmask(how, set) (kernel/signal.c sigprocmask); SIGKILL
     * and SIGSTOP are silently dropped. EINVAL for an unknown {@code how}.
     */
    public static long applyHow(long blocked, int how, long set) {
        switch (how) {
            case SIG_BLOCK: return sanitize(blocked | set);
            case SIG_UNBLOCK: return sanitize(blocked & ~set);
            case SIG_SETMASK: return sanitize(set);
            default: throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** "{SIGINT,SIGRT_2}" style text for logs and test failures. */
    public static String toString(long set) {
        StringBuilder sb = new StringBuilder("{");
        for (long s = set; s != 0; s &= s - 1) {
            if (sb.length() > 1) sb.append(',');
            sb.append(Signals.name(first(s)));
        }
        return sb.append('}').toString();
    }
}
