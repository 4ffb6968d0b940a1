package dev.umk.sched.ptrace;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;

/**
 * The tracee's side of ptrace (ptrace_stop and its callers in kernel/signal.c,
 * kernel/entry/common.c, kernel/fork.c, fs/exec.c, kernel/exit.c): the stops a traced task
 * makes on its own thread, and what it does with the tracer's answer. Every method runs on
 * the tracee's own Java thread, with no lock held.
 */
public final class PtraceStops {
    private PtraceStops() {}

    private static final long TF = 0x100;

    /**
     * ptrace_stop: reports {@code code} to the tracer and sleeps until resumed.
     *
     * @return the signal the tracer resumed with (0: none); {@code notTraced} if the task is
     *     not traced (any more); -1 if a fatal signal ended the stop
     */
    static int stop(Task t, int code, SigInfo info, long msg, int op, int notTraced) {
        TaskPtrace p = t.ptrace();
        TaskSignals ts = t.signals();
        ProcessSignals ps = t.group().signals();
        if (!p.traced()) return notTraced;
        if (ps.ptrace().fatalPending(ts)) return -1;
        if (p.forcedTf) {
            t.regs().eflags &= ~TF;
            p.forcedTf = false;
        }
        if (!p.enterStop(code, info, msg, op)) return notTraced;
        notifyTracer(t, code);
        int r = p.awaitResume(ps, ts);
        if (r >= 0 && p.mode() == TaskPtrace.Mode.SINGLESTEP && (t.regs().eflags & TF) == 0) {
            // user_enable_single_step: the host CPU traps after one instruction (SIGTRAP).
            t.regs().eflags |= TF;
            p.forcedTf = true;
        }
        return r;
    }

    /** do_notify_parent_cldstop for the tracer: SIGCHLD with CLD_TRAPPED, and its wait wakes. */
    private static void notifyTracer(Task t, int code) {
        Task tracer = t.ptrace().tracer();
        if (tracer != null) {
            long[] c = t.group().cpuTimes();
            tracer.group().signals().notifyChildStop(SigInfo.CLD_TRAPPED, t.tid(), t.group().uid(), code, c[0], c[1]);
        }
        t.kernel().tree().notifyWaiters();
    }

    /** The siginfo of a trap the tracee reports itself (ptrace_do_notify). */
    private static SigInfo trapInfo(Task t, int signo, int code) {
        return SigInfo.kill(signo, code, t.tid(), t.group().uid());
    }

    /** A signal the tracer passed at a non-signal stop is sent to the tracee (send_sig, privileged). */
    private static void sendResumeSignal(Task t, int sig) {
        if (sig > 0) t.group().signals().sendToThread(t.signals(), SigInfo.kernel(sig), true);
    }

    // ---- signal-delivery-stop and job control --------------------------------------------

    /**
     * ptrace_signal: {@code info} was dequeued for the traced task; the tracer sees it first,
     * and the signal it answers with (SETSIGINFO may have changed the siginfo; another signal
     * gets one from the tracer) is delivered, 0 suppresses it.
     */
    public static void signalStop(Task t, SigInfo info) {
        int sig = stop(t, info.signo(), info, -1, PtraceAbi.SYSCALL_INFO_NONE, info.signo());
        if (sig <= 0) return;
        SigInfo si = t.ptrace().stopSiginfo();
        if (si == null || si.signo() != sig) {
            Task tracer = t.ptrace().tracer();
            si = SigInfo.user(sig, tracer == null ? 0 : tracer.group().pid(), tracer == null ? 0 : tracer.group().uid());
        }
        t.group().signals().ptrace().ptraceDeliver(t.signals(), si);
    }

    /**
     * do_signal_stop for a traced task: instead of sleeping until SIGCONT it reports the group
     * stop to its tracer (PTRACE_EVENT_STOP when seized) and runs again when the tracer
     * resumes it. False if the task is not traced (the caller waits for SIGCONT).
     */
    public static boolean groupStop(Task t, int stopSig) {
        if (!t.ptrace().traced()) return false;
        TaskPtrace p = t.ptrace();
        p.setTrapStop(false);
        t.group().signals().ptrace().clearPtraceWake(t.signals());
        int r;
        if (p.seizedLocked()) {
            int code = stopSig | (PtraceAbi.EVENT_STOP << 8);
            r = stop(t, code, trapInfo(t, stopSig, code), -1, PtraceAbi.SYSCALL_INFO_NONE, -2);
        } else {
            r = stop(t, stopSig, null, -1, PtraceAbi.SYSCALL_INFO_NONE, -2);
        }
        if (r == -2) return false;
        if (r >= 0 && !p.trapPending()) t.group().signals().ptrace().leaveStop(t.signals());
        return true;
    }

    /**
     * After a job-control wait: a tracer that attached meanwhile asked for a trap
     * (JOBCTL_TRAP_STOP on a stopped task); take it now if the task is still stopped.
     */
    public static void afterJobStop(Task t, int stopSig) {
        ProcessSignals ps = t.group().signals();
        ps.ptrace().clearPtraceWake(t.signals());
        if (t.ptrace().traced() && ps.ptrace().taskStopped(t.signals())) groupStop(t, stopSig);
    }

    /**
     * do_jobctl_trap before signals are looked at: a seized tracee with PTRACE_EVENT_STOP due
     * (SEIZE of a new child, INTERRUPT, SIGCONT, a LISTEN woken) stops with the group stop's signal,
     * or SIGTRAP when no group stop is in effect.
     */
    public static void trapIfPending(Task t) {
        TaskPtrace p = t.ptrace();
        TaskSignals ts = t.signals();
        if (!p.trapPending() && !ts.ptraceNotifyPending()) return;
        p.setTrapStop(false);
        ProcessSignals ps = t.group().signals();
        ps.ptrace().takePtraceNotify(ts);
        ps.ptrace().clearPtraceWake(ts);
        if (!p.traced() || !p.seizedLocked()) return;
        int sig = ps.ptrace().groupStopSignalNow();
        if (sig == 0) sig = Signals.SIGTRAP;
        int code = sig | (PtraceAbi.EVENT_STOP << 8);
        int r = stop(t, code, trapInfo(t, sig, code), -1, PtraceAbi.SYSCALL_INFO_NONE, 0);
        if (r >= 0 && !p.trapPending() && ps.ptrace().taskStopped(t.signals())) ps.ptrace().leaveStop(t.signals());
    }

    // ---- syscall stops --------------------------------------------------------------------

    private static int syscallCode(Task t) {
        return Signals.SIGTRAP | ((t.ptrace().options() & PtraceAbi.O_TRACESYSGOOD) != 0 ? 0x80 : 0);
    }

    /**
     * ptrace_report_syscall_entry, for a tracee resumed with PTRACE_SYSCALL or PTRACE_SYSEMU:
     * rax reads -ENOSYS, the tracer may change orig_rax and the arguments.
     *
     * @return true if the syscall is to be skipped (orig_rax set to -1, PTRACE_SYSEMU, or
     *     killed); rax then stays as the tracer left it
     */
    public static boolean syscallEntry(Task t) {
        TaskPtrace.Mode m = t.ptrace().mode();
        if (m != TaskPtrace.Mode.SYSCALL && m != TaskPtrace.Mode.SYSEMU) return false;
        Registers regs = t.regs();
        regs.rax = Errno.ENOSYS.ret();
        int code = syscallCode(t);
        int r = stop(t, code, trapInfo(t, Signals.SIGTRAP, code), 0, PtraceAbi.SYSCALL_INFO_ENTRY, 0);
        if (r < 0) return true;
        sendResumeSignal(t, r);
        return m == TaskPtrace.Mode.SYSEMU || t.regs().origRax == -1;
    }

    /**
     * ptrace_report_syscall_exit: a tracee running under PTRACE_SYSCALL stops with the result
     * in rax; one single-stepping gets its SIGTRAP here (user_single_step_report).
     */
    public static void syscallExit(Task t) {
        if (t.exiting()) return;
        TaskPtrace p = t.ptrace();
        if (p.mode() == TaskPtrace.Mode.SINGLESTEP) {
            if (p.forcedTf) {
                t.regs().eflags &= ~TF;
                p.forcedTf = false;
            }
            t.group().signals().forceSignal(t.signals(),
                    SigInfo.fault(Signals.SIGTRAP, SigInfo.TRAP_BRKPT, t.regs().rip), false);
            return;
        }
        if (p.mode() != TaskPtrace.Mode.SYSCALL) return;
        int code = syscallCode(t);
        int r = stop(t, code, trapInfo(t, Signals.SIGTRAP, code), 0, PtraceAbi.SYSCALL_INFO_EXIT, 0);
        sendResumeSignal(t, r);
    }

    // ---- events ---------------------------------------------------------------------------

    /** ptrace_event_enabled. */
    public static boolean eventEnabled(Task t, int event) {
        return t.ptrace().traced() && (t.ptrace().options() & (1 << event)) != 0;
    }

    /** ptrace_event: an event stop with {@code msg} for GETEVENTMSG, if the tracer asked for it. */
    public static void event(Task t, int event, long msg) {
        if (!eventEnabled(t, event)) return;
        int code = Signals.SIGTRAP | (event << 8);
        int r = stop(t, code, trapInfo(t, Signals.SIGTRAP, code), msg, PtraceAbi.SYSCALL_INFO_NONE, 0);
        sendResumeSignal(t, r);
    }

    /**
     * The event a clone with {@code flags} reports (kernel_clone), or 0 when the tracer did
     * not ask for it or CLONE_UNTRACED: VFORK, CLONE for a non-SIGCHLD exit signal (threads
     * included), else FORK.
     */
    public static int cloneEvent(Task parent, long flags) {
        final long CLONE_VFORK = 0x4000, CLONE_UNTRACED = 0x800000;
        if ((flags & CLONE_UNTRACED) != 0) return 0;
        int ev;
        if ((flags & CLONE_VFORK) != 0) ev = PtraceAbi.EVENT_VFORK;
        else if ((flags & 0xff) != Signals.SIGCHLD) ev = PtraceAbi.EVENT_CLONE;
        else ev = PtraceAbi.EVENT_FORK;
        return eventEnabled(parent, ev) ? ev : 0;
    }

    /**
     * After a successful execve: PTRACE_EVENT_EXEC with the old thread id, or, for an
     * attached (not seized) tracee that did not ask for it, the legacy SIGTRAP.
     */
    public static void exec(Task t, int oldTid) {
        TaskPtrace p = t.ptrace();
        if (!p.traced()) return;
        if (eventEnabled(t, PtraceAbi.EVENT_EXEC)) {
            event(t, PtraceAbi.EVENT_EXEC, oldTid);
        } else if (!p.seizedLocked()) {
            t.group().signals().sendToThread(t.signals(),
                    SigInfo.user(Signals.SIGTRAP, t.group().pid(), t.group().uid()), false);
        }
    }

    /** do_exit: PTRACE_EVENT_EXIT, before anything is torn down; GETEVENTMSG gives the wait status. */
    public static void exitEvent(Task t, int status) {
        if (t.signals() != null) event(t, PtraceAbi.EVENT_EXIT, status & 0xffffffffL);
    }
}
