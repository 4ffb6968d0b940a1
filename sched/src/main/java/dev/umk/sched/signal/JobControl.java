package dev.umk.sched.signal;

import dev.umk.sched.Signals;

/**
 * Group stop and continue (kernel/signal.c do_signal_stop, task_participate_group_stop and
 * the SIGCONT half of prepare_signal), without ptrace. A stop signal's default action makes
 * every thread of the group stop; the last one to stop reports CLD_STOPPED to the parent.
 * SIGCONT resumes them and reports CLD_CONTINUED.
 *
 * <p>Preconditions for every method: the process's siglock is held.
 */
final class JobControl {
    private JobControl() {}

    /** SIGCONT being sent: drop pending stops, wake stopped threads, note what to report. */
    static void continueGroup(ProcessSignals ps) {
        ps.flushEverywhere(SigSet.STOP);
        boolean woke = false;
        for (TaskSignals t : ps.threads) {
            t.stopPending = t.stopConsume = t.stopDequeued = false;
            if (t.ptraced) {
                // ptrace_trap_notify: a seized tracee traps (PTRACE_EVENT_STOP), even from LISTEN.
                t.ptraceNotify = true;
                t.sigpending = true;
                t.wakeup.wake(false);
            }
            if (t.stopped) {
                t.stopped = false;
                woke = true;
            }
        }
        if (woke) ps.lock.notifyAll();
        int why = ps.stopStopped ? SigInfo.CLD_CONTINUED : ps.groupStopCount > 0 ? SigInfo.CLD_STOPPED : 0;
        if (why == 0) return;
        ps.cldNotify = why;
        ps.stopContinued = true;
        ps.stopStopped = false;
        ps.groupStopCount = 0;
        ps.groupStopSignal = 0;
        // Whichever thread runs get_signal first reports it.
        for (TaskSignals t : ps.threads) t.sigpending = true;
    }

    /**
     * The reporting half of get_signal: a pending CLD_CONTINUED/CLD_STOPPED notice for the
     * parent, or null.
     */
    static Delivery takeParentNotice(ProcessSignals ps) {
        int why = ps.cldNotify;
        if (why == 0) return null;
        ps.cldNotify = 0;
        return Delivery.notifyParent(why, why == SigInfo.CLD_CONTINUED ? Signals.SIGCONT : ps.groupStopSignal);
    }

    /**
     * do_signal_stop: {@code t} stops, starting a group stop for {@code signr} first if none
     * is under way (it must have dequeued the stop signal itself, and no SIGCONT or exit may
     * have come since). Null when the stop does not happen.
     */
    static Delivery stop(ProcessSignals ps, TaskSignals t, int signr) {
        if (!t.stopPending) {
            if (!t.stopDequeued || ps.groupExiting() || ps.execTask() != null) return null;
            if (!ps.stopStopped) ps.groupStopSignal = signr;
            ps.groupStopCount = 0;
            for (TaskSignals u : ps.threads) {
                if (u != t && u.stopped) continue;
                if (!setStopPending(u)) continue;
                ps.groupStopCount++;
                if (u != t) ps.signalWakeUp(u, false);
            }
            if (!t.stopPending) return null;
        }
        int notify = participate(ps, t) ? SigInfo.CLD_STOPPED : 0;
        t.stopped = true;
        return Delivery.stop(ps.groupStopSignal, notify);
    }

    /** task_set_jobctl_pending: not for a task exiting or being killed. */
    private static boolean setStopPending(TaskSignals u) {
        if (u.exiting || u.pending.contains(Signals.SIGKILL)) return false;
        u.stopPending = u.stopConsume = true;
        return true;
    }

    /**
     * task_participate_group_stop: {@code t} leaves the pending stop; true if it was the last
     * and the group is now stopped, which the parent must be told.
     */
    static boolean participate(ProcessSignals ps, TaskSignals t) {
        boolean consume = t.stopConsume;
        t.stopPending = t.stopConsume = t.stopDequeued = false;
        if (!consume) return false;
        if (ps.groupStopCount > 0) ps.groupStopCount--;
        if (ps.groupStopCount > 0 || ps.stopStopped) return false;
        ps.stopStopped = true;
        ps.stopContinued = false;
        ps.cldNotify = 0;
        return true;
    }
}
