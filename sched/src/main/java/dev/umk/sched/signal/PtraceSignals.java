package dev.umk.sched.signal;

import dev.umk.sched.Signals;

/**
 * The parts of kernel/signal.c that exist for ptrace, on one process's signal state: marking
 * a thread traced, the signal a tracer passes on from a signal-delivery-stop, trap wake-ups
 * (JOBCTL_TRAP_STOP, JOBCTL_TRAP_NOTIFY) and the job-control facts a tracee's stops need.
 * Used by dev.umk.sched.ptrace; every method takes the process's siglock.
 */
public final class PtraceSignals {
    private final ProcessSignals ps;

    PtraceSignals(ProcessSignals ps) {
        this.ps = ps;
    }


    /** PT_PTRACED set or cleared for {@code t}; detaching drops a signal the tracer chose. */
    public void setPtraced(TaskSignals t, boolean on) {
        synchronized (ps.lock) {
            t.ptraced = on;
            if (!on) {
                t.ptraceInjected = null;
                t.ptraceTrapWake = false;
                t.ptraceNotify = false;
                ps.recalc(t);
            }
        }
    }

    /**
     * The tracer resumed a signal-delivery-stop with {@code info} (ptrace_signal's tail): it
     * is delivered next, or queued again if the task now blocks it.
     */
    public void ptraceDeliver(TaskSignals t, SigInfo info) {
        synchronized (ps.lock) {
            if (SigSet.contains(t.blocked, info.signo()) || ps.groupExitLocked()) {
                ps.sendLocked(info, t);
                return;
            }
            t.ptraceInjected = info;
            t.sigpending = true;
        }
    }

    /**
     * A ptrace trap (JOBCTL_TRAP_STOP) is waiting for {@code t}: it must come back to the
     * kernel now, leaving guest code, a sleep, or a job-control stop (ptrace_signal_wake_up).
     */
    public void ptraceWake(TaskSignals t) {
        synchronized (ps.lock) {
            if (t.stopped) {
                t.ptraceTrapWake = true;
                ps.lock.notifyAll();
            }
            ps.signalWakeUp(t, false);
        }
    }

    /** Takes the JOBCTL_TRAP_NOTIFY that SIGCONT left for a traced thread. */
    public boolean takePtraceNotify(TaskSignals t) {
        synchronized (ps.lock) {
            boolean n = t.ptraceNotify;
            t.ptraceNotify = false;
            return n;
        }
    }

    /** Clears what {@link #ptraceWake} left for a job-control wait. */
    public void clearPtraceWake(TaskSignals t) {
        synchronized (ps.lock) {
            t.ptraceTrapWake = false;
        }
    }

    /**
     * __fatal_signal_pending: SIGKILL is pending for {@code t} (a group exit gives it to every
     * thread but the one exiting).
     */
    public boolean fatalPending(TaskSignals t) {
        synchronized (ps.lock) {
            return t.pending.contains(Signals.SIGKILL);
        }
    }

    /**
     * True while {@code t} is in a job-control stop ({@link Delivery.Kind#STOP} waits); the
     * tracer resuming it from its group-stop trap ends that for this thread only.
     */
    public boolean taskStopped(TaskSignals t) {
        synchronized (ps.lock) {
            return t.stopped;
        }
    }

    /** A traced thread resumed by its tracer from a group-stop trap runs again. */
    public void leaveStop(TaskSignals t) {
        synchronized (ps.lock) {
            t.stopped = false;
        }
    }

    /** The signal of the group stop in effect or under way (for a tracer's PTRACE_EVENT_STOP), or 0. */
    public int groupStopSignalNow() {
        synchronized (ps.lock) {
            return ps.stopStopped || ps.groupStopCount > 0 ? ps.groupStopSignal : 0;
        }
    }
}
