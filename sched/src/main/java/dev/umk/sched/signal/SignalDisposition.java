package dev.umk.sched.signal;

import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;

/**
 * The decisions kernel/signal.c makes from a signal's disposition, as pure functions: whether
 * a signal is thrown away when sent, whether it kills the group, which thread may take it,
 * what happens when it is dequeued, and how a forced (fault) signal overrides the program.
 */
public final class SignalDisposition {
    private SignalDisposition() {}

    /** What to do with a signal just dequeued for delivery (the body of get_signal's loop). */
    public enum Verdict {
        /** Discard it and look for the next one. */
        IGNORE,
        /** Run the program's handler. */
        HANDLE,
        /** Stop the group (job control). */
        STOP,
        /** Kill the group. */
        TERMINATE,
        /** Kill the group with a core dump. */
        CORE
    }

    /** A forced signal's disposition and the thread's mask after force_sig_info_to_task. */
    public record Forced(SigAction action, long blocked, boolean resetToDefault) {}

    public static boolean isKernelOnly(int sig) {
        return SigSet.contains(SigSet.KERNEL_ONLY, sig);
    }

    public static boolean isStop(int sig) {
        return SigSet.contains(SigSet.STOP, sig);
    }

    /** Explicitly or implicitly ignored (sig_handler_ignored): SIG_IGN, or SIG_DFL that ignores. */
    public static boolean handlerIgnores(SigAction a, int sig) {
        return a.handler() == SigAction.SIG_IGN
                || (a.handler() == SigAction.SIG_DFL && SigSet.contains(SigSet.DEFAULT_IGNORE, sig));
    }

    /** Delivery would kill the group (sig_fatal): SIG_DFL whose default is neither ignore nor stop. */
    public static boolean fatal(SigAction a, int sig) {
        return a.handler() == SigAction.SIG_DFL
                && !SigSet.contains(SigSet.DEFAULT_IGNORE | SigSet.STOP, sig);
    }

    /**
     * True when a signal being sent is discarded at once (sig_ignored). A signal blocked by
     * the target thread (or being waited for in sigtimedwait, {@code realBlocked}) is never
     * discarded: the handler may change before it is unblocked. The init of a pid namespace
     * ({@code unkillable}) discards every signal it has not set a handler for, except
     * SIGKILL/SIGSTOP that the kernel or an ancestor namespace {@code force}s; the global init
     * discards SIGKILL and SIGSTOP always.
     */
    public static boolean discardedOnSend(int sig, SigAction a, long blocked, long realBlocked,
            boolean globalInit, boolean unkillable, boolean force) {
        if (SigSet.contains(blocked | realBlocked, sig)) return false;
        if (globalInit && isKernelOnly(sig)) return true;
        if (unkillable && a.handler() == SigAction.SIG_DFL && !(force && isKernelOnly(sig))) return true;
        return handlerIgnores(a, sig);
    }

    /**
     * Whether a thread should be woken to take a process-directed signal (wants_signal): it
     * does not block it and is not exiting; SIGKILL takes anyone else; otherwise a stopped
     * thread cannot, and a thread already woken for another signal is not asked twice
     * unless it is running guest code right now.
     */
    public static boolean wantsSignal(int sig, long blocked, boolean exiting, boolean stopped,
            boolean running, boolean signalPending) {
        if (SigSet.contains(blocked, sig) || exiting) return false;
        if (sig == Signals.SIGKILL) return true;
        if (stopped) return false;
        return running || !signalPending;
    }

    /**
     * What get_signal does with dequeued {@code sig} given disposition {@code a}. A default
     * stop by SIGTSTP/SIGTTIN/SIGTTOU in an orphaned process group is discarded (POSIX: no
     * one could continue it). {@code unkillable}: the namespace init ignores default actions
     * of all but SIGKILL and SIGSTOP (which can only have come from the kernel or an
     * ancestor namespace by now).
     */
    public static Verdict onDequeue(int sig, SigAction a, boolean unkillable, boolean orphanedPgrp) {
        if (a.handler() == SigAction.SIG_IGN) return Verdict.IGNORE;
        if (a.handler() != SigAction.SIG_DFL) return Verdict.HANDLE;
        DefaultAction d = DefaultAction.of(sig);
        if (d == DefaultAction.IGNORE || d == DefaultAction.CONTINUE) return Verdict.IGNORE;
        if (unkillable && !isKernelOnly(sig)) return Verdict.IGNORE;
        if (d == DefaultAction.STOP) {
            return sig != Signals.SIGSTOP && orphanedPgrp ? Verdict.IGNORE : Verdict.STOP;
        }
        return d == DefaultAction.CORE ? Verdict.CORE : Verdict.TERMINATE;
    }

    /**
     * force_sig_info_to_task: a fault signal cannot be blocked or ignored away. If the thread
     * blocks it or the process ignores it (or {@code resetToDefault}, as when the signal
     * frame could not be written), the disposition becomes SIG_DFL and the signal is
     * unblocked, so the program dies of it rather than looping on the faulting instruction.
     */
    public static Forced force(int sig, SigAction a, long blocked, boolean resetToDefault) {
        boolean isBlocked = SigSet.contains(blocked, sig);
        boolean reset = isBlocked || a.handler() == SigAction.SIG_IGN || resetToDefault;
        if (!reset) return new Forced(a, blocked, false);
        SigAction dfl = new SigAction(SigAction.SIG_DFL, a.flags(), a.restorer(), a.mask());
        return new Forced(dfl, isBlocked ? blocked & ~SigSet.bit(sig) : blocked, true);
    }

    /**
     * The mask a handler runs with (signal_delivered): the old mask plus sa_mask, plus the
     * signal itself unless SA_NODEFER; never SIGKILL or SIGSTOP.
     */
    public static long maskDuringHandler(long blocked, SigAction a, int sig) {
        long m = blocked | a.mask();
        if (!SaFlags.has(a.flags(), SaFlags.SA_NODEFER)) m |= SigSet.bit(sig);
        return SigSet.sanitize(m);
    }

    /** The disposition left after delivering to a handler: SA_RESETHAND makes it SIG_DFL. */
    public static SigAction afterDelivery(SigAction a) {
        if (!SaFlags.has(a.flags(), SaFlags.SA_RESETHAND)) return a;
        return new SigAction(SigAction.SIG_DFL, a.flags(), a.restorer(), a.mask());
    }
}
