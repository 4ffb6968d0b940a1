package dev.umk.sched.signal;

import dev.umk.sched.Signals;

/** What SIG_DFL does with a signal (signal(7)'s table; kernel/signal.c's SIG_KERNEL_*_MASK). */
public enum DefaultAction {
    /** Kill the whole thread group. */
    TERMINATE,
    /** Kill the whole thread group, dumping core when allowed. */
    CORE,
    /** Nothing. */
    IGNORE,
    /** Stop every thread of the group (job control). */
    STOP,
    /** Resume a stopped group; otherwise nothing. */
    CONTINUE;

    /** The default action of {@code sig} (1..64); real-time signals terminate. */
    public static DefaultAction of(int sig) {
        if (sig == Signals.SIGCONT) return CONTINUE;
        if (SigSet.contains(SigSet.DEFAULT_IGNORE, sig)) return IGNORE;
        if (SigSet.contains(SigSet.STOP, sig)) return STOP;
        if (SigSet.contains(SigSet.COREDUMP, sig)) return CORE;
        return TERMINATE;
    }
}
