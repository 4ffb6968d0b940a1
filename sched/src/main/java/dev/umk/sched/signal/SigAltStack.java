package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * A thread's alternate signal stack (sas_ss_sp, sas_ss_size, sas_ss_flags) and the rules of
 * sigaltstack(2) (kernel/signal.c do_sigaltstack). Immutable: a change yields a new value.
 * {@code flags} is what the program passed (0, SS_ONSTACK, SS_DISABLE, maybe with
 * SS_AUTODISARM) and is what a signal frame's uc_stack records; a disabled stack has sp and
 * size 0.
 */
public record SigAltStack(long sp, long size, int flags) {
    public static final int SS_ONSTACK = 1;
    public static final int SS_DISABLE = 2;
    /** Disarm the stack while a handler runs on it (restored by sigreturn). */
    public static final int SS_AUTODISARM = 1 << 31;
    /** The smallest stack sigaltstack accepts on x86-64. */
    public static final long MINSIGSTKSZ = 2048;
    /** sizeof(stack_t): ss_sp at 0, ss_flags at 8, ss_size at 16. */
    public static final int STACK_T_SIZE = 24;

    public static final SigAltStack DISABLED = new SigAltStack(0, 0, SS_DISABLE);

    /** True if {@code rsp} is inside the stack (__on_sig_stack: (sp, sp+size]). */
    public boolean contains(long rsp) {
        return Long.compareUnsigned(rsp, sp) > 0 && Long.compareUnsigned(rsp - sp, size) <= 0;
    }

    /**
     * True if code running at {@code rsp} is on this stack (on_sig_stack). An SS_AUTODISARM
     * stack never counts: it is disarmed while in use, so a nested signal starts it afresh.
     */
    public boolean onStack(long rsp) {
        return (flags & SS_AUTODISARM) == 0 && contains(rsp);
    }

    /** sas_ss_flags: SS_DISABLE without a stack, SS_ONSTACK while on it, else 0. */
    public int state(long rsp) {
        if (size == 0) return SS_DISABLE;
        return onStack(rsp) ? SS_ONSTACK : 0;
    }

    /** The ss_flags sigaltstack reports in its old-stack result. */
    public int reportedFlags(long rsp) {
        return state(rsp) | (flags & SS_AUTODISARM);
    }

    /**
     * sigaltstack(2) with a new stack, from code running at {@code rsp}. EPERM while on the
     * current stack; EINVAL for unknown flags; ENOMEM below {@code minSize} (MINSIGSTKSZ for
     * the syscall). SS_DISABLE clears sp and size.
     */
    public SigAltStack change(long newSp, long newSize, int newFlags, long rsp, long minSize) {
        if (onStack(rsp)) throw new ErrnoException(Errno.EPERM);
        int mode = newFlags & ~SS_AUTODISARM;
        if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0) throw new ErrnoException(Errno.EINVAL);
        if (newSp == sp && newSize == size && newFlags == flags) return this;
        if (mode == SS_DISABLE) return new SigAltStack(0, 0, newFlags);
        if (Long.compareUnsigned(newSize, minSize) < 0) throw new ErrnoException(Errno.ENOMEM);
        return new SigAltStack(newSp, newSize, newFlags);
    }

    /**
     * rt_sigreturn's restore_altstack: puts back the stack saved in the frame when it is
     * allowed; every error is ignored, as Linux does ({@code rsp} is the restored one).
     */
    public SigAltStack restoreFrom(SigAltStack saved, long rsp) {
        try {
            return change(saved.sp, saved.size, saved.flags, rsp, MINSIGSTKSZ);
        } catch (ErrnoException e) {
            return this;
        }
    }
}
