package dev.umk.sched.signal;

import dev.umk.sched.SigAction;

/**
 * What {@link ProcessSignals#getSignal} decided a task must do before it returns to guest
 * code (the outcome of Linux's get_signal).
 *
 * @param sig the signal concerned (for STOP and NOTIFY_PARENT: the stop signal or SIGCONT
 *     to report as si_status)
 * @param info its siginfo (HANDLER, EXIT from a signal)
 * @param action the disposition to deliver with, as it was before SA_RESETHAND (HANDLER)
 * @param status the group's wait status (EXIT)
 * @param coreDump the default action dumps core: write one if allowed, then
 *     {@link ProcessSignals#markCoreDumped} (EXIT)
 * @param cldCode the CLD_* code to report to the parent, or 0 (STOP, NOTIFY_PARENT)
 */
public record Delivery(Kind kind, int sig, SigInfo info, SigAction action, int status,
        boolean coreDump, int cldCode) {

    public enum Kind {
        /** Nothing to deliver: restart an interrupted syscall, restore a temporary mask, run. */
        NONE,
        /** Build a signal frame and run the handler. */
        HANDLER,
        /** The task is now stopped: notify the parent if asked, then awaitContinue. */
        STOP,
        /** Send the parent SIGCHLD with code {@code cldCode}, then call getSignal again. */
        NOTIFY_PARENT,
        /** The whole group is exiting: this task exits with {@code status}. */
        EXIT,
        /** Another thread is exec'ing: this task exits alone. */
        THREAD_EXIT,
        /**
         * The task is traced: {@code info} was dequeued and must first be shown to the
         * tracer in a signal-delivery-stop (ptrace_signal); then getSignal again.
         */
        PTRACE_SIGNAL
    }

    public static final Delivery NONE = new Delivery(Kind.NONE, 0, null, null, 0, false, 0);
    static final Delivery THREAD_EXIT = new Delivery(Kind.THREAD_EXIT, 0, null, null, 0, false, 0);

    static Delivery handler(int sig, SigInfo info, SigAction action) {
        return new Delivery(Kind.HANDLER, sig, info, action, 0, false, 0);
    }

    static Delivery stop(int sig, int notify) {
        return new Delivery(Kind.STOP, sig, null, null, 0, false, notify);
    }

    static Delivery notifyParent(int why, int sig) {
        return new Delivery(Kind.NOTIFY_PARENT, sig, null, null, 0, false, why);
    }

    static Delivery ptraceSignal(SigInfo info) {
        return new Delivery(Kind.PTRACE_SIGNAL, info.signo(), info, null, 0, false, 0);
    }

    static Delivery exit(int sig, SigInfo info, int status, boolean coreDump) {
        return new Delivery(Kind.EXIT, sig, info, null, status, coreDump, 0);
    }
}
