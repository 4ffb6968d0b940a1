package dev.umk.sched.signal;

import dev.umk.sched.ExitStatus;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;
import java.util.function.BooleanSupplier;

/**
 * The loop of Linux's get_signal: report job-control changes to the parent, honour a group
 * exit or exec, join a group stop, then dequeue signals (faults first) and act on each one's
 * disposition until one needs the task's attention. A traced task hands each dequeued signal
 * but SIGKILL to its tracer first ({@link Delivery.Kind#PTRACE_SIGNAL}); the signal the
 * tracer lets through comes back as {@code ptraceInjected} and is acted on without a stop.
 */
final class GetSignal {
    private GetSignal() {}

    static Delivery run(ProcessSignals ps, TaskSignals t, BooleanSupplier orphanedPgrp) {
        for (;;) {
            int stopSig;
            synchronized (ps.lock) {
                Delivery d = beforeDequeue(ps, t);
                if (d != null) return d;
                SigInfo info = t.ptraceInjected;
                boolean injected = info != null;
                if (injected) {
                    t.ptraceInjected = null;
                    if (SignalDisposition.isStop(info.signo())) t.stopDequeued = true;
                    ps.recalc(t);
                } else {
                    info = t.pending.dequeueSynchronous(t.blocked);
                    if (info != null) ps.recalc(t);
                    else info = ps.dequeueLocked(t, t.blocked);
                }
                if (info == null) return Delivery.NONE;
                int sig = info.signo();
                if (!injected && t.ptraced && sig != Signals.SIGKILL) return Delivery.ptraceSignal(info);
                SigAction a = ps.actionLocked(sig);
                switch (SignalDisposition.onDequeue(sig, a, ps.unkillable(), false)) {
                    case IGNORE:
                        continue;
                    case HANDLE:
                        ps.setActionLocked(sig, SignalDisposition.afterDelivery(a));
                        return Delivery.handler(sig, info, a);
                    case TERMINATE:
                        return fatal(ps, t, sig, info, false);
                    case CORE:
                        return fatal(ps, t, sig, info, true);
                    case STOP:
                        if (sig == Signals.SIGSTOP) {
                            d = JobControl.stop(ps, t, sig);
                            if (d != null) return d;
                            continue;
                        }
                        stopSig = sig;
                        break;
                    default:
                        throw new IllegalStateException();
                }
            }
            // Asking about the process group takes the tree lock, which goes before the siglock.
            if (orphanedPgrp.getAsBoolean()) continue;
            synchronized (ps.lock) {
                Delivery d = JobControl.stop(ps, t, stopSig);
                if (d != null) return d;
            }
        }
    }

    /** What comes before any dequeue: notices for the parent, death, a group stop to join. */
    private static Delivery beforeDequeue(ProcessSignals ps, TaskSignals t) {
        Delivery d = JobControl.takeParentNotice(ps);
        if (d != null) {
            ps.recalc(t);
            return d;
        }
        TaskSignals exec = ps.execTask();
        if (ps.groupExiting() || (exec != null && exec != t)) {
            t.pending.flush(SigSet.bit(Signals.SIGKILL));
            ps.recalc(t);
            if (!ps.groupExiting()) return Delivery.THREAD_EXIT;
            return Delivery.exit(Signals.SIGKILL, null, ps.groupExitStatus(), false);
        }
        if (t.stopPending) return JobControl.stop(ps, t, 0);
        return null;
    }

    /** do_group_exit for a signal's default action (core dumps: see Delivery.coreDump). */
    private static Delivery fatal(ProcessSignals ps, TaskSignals t, int sig, SigInfo info, boolean core) {
        int status = ps.groupExit(ExitStatus.killed(sig, false), t);
        if (core) ps.startCoreDumpLocked(t); // before any other thread can see the exit
        return Delivery.exit(sig, info, status, core);
    }
}
