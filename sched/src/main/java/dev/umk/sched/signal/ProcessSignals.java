package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.ExitStatus;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A thread group's signal state: dispositions, the process-wide pending set, its threads'
 * {@link TaskSignals}, group exit and job-control state (Linux's sighand_struct plus the
 * signal parts of signal_struct), and the operations of kernel/signal.c on them: sending
 * (prepare_signal, __send_signal_locked, complete_signal), forcing fault signals,
 * sigaction, exec's reset, and {@link #getSignal}.
 *
 * <p>Lock ordering: {@link #lock} is the siglock. It nests inside the process tree lock
 * (which may be held while sending) and is never held together with another process's
 * siglock: a SIGCHLD for the parent is sent after this one is released. While holding it,
 * only {@link TaskWakeup#wake} and the pending listener are called; they take leaf locks
 * only.
 */
public final class ProcessSignals {
    /** What a send did. */
    public enum Sent {
        /** Now pending (queued with or without its siginfo); a thread was woken if one could take it. */
        PENDING,
        /** A standard signal already pending: merged. */
        ALREADY_PENDING,
        /** Discarded: ignored, or the group is exiting. */
        DISCARDED
    }

    /** The siglock: guards everything here and in this group's TaskSignals. */
    final Object lock = new Object();
    private final SigAction[] actions = new SigAction[Signals.NSIG + 1];
    final PendingSignals shared = new PendingSignals();
    final List<TaskSignals> threads = new ArrayList<>();
    private TaskSignals currTarget;
    private final SigqueueAccount account;
    private Runnable pendingListener;
    /** SIGNAL_UNKILLABLE: a pid namespace's init; globalInit: the root namespace's. */
    private boolean unkillable, globalInit;
    // Group exit (SIGNAL_GROUP_EXIT, group_exit_code) and exec's group_exec_task.
    private boolean groupExit;
    private int groupExitStatus;
    private TaskSignals execTask;
    /** The core dump under way or done for this group exit, or null (signal->core_state). */
    private CoreState coreState;
    // Job control: see JobControl.
    int groupStopCount;
    int groupStopSignal;
    boolean stopStopped, stopContinued;
    /** CLD_STOPPED or CLD_CONTINUED still to be reported to the parent, or 0. */
    int cldNotify;
    private final PtraceSignals ptrace = new PtraceSignals(this);

    /**
     * A new process with default dispositions.
     *
     * @param account where its queued siginfos are charged (its real user, its rlimit)
     */
    public ProcessSignals(SigqueueAccount account) {
        this.account = account;
        Arrays.fill(actions, SigAction.DEFAULT);
    }

    /** fork: a process with a copy of these dispositions and nothing pending. */
    public ProcessSignals forkChild(SigqueueAccount childAccount) {
        return forkChild(childAccount, false);
    }

    /**
     * The child's signal state; with {@code clearHandlers} (clone3's CLONE_CLEAR_SIGHAND)
     * caught signals go back to SIG_DFL while ignored ones stay ignored, as at execve.
     */
    public ProcessSignals forkChild(SigqueueAccount childAccount, boolean clearHandlers) {
        ProcessSignals c = new ProcessSignals(childAccount);
        synchronized (lock) {
            System.arraycopy(actions, 0, c.actions, 0, actions.length);
        }
        if (clearHandlers) {
            for (int s = 1; s <= Signals.NSIG; s++) {
                long h = c.actions[s].handler() == SigAction.SIG_IGN ? SigAction.SIG_IGN : SigAction.SIG_DFL;
                if (h != c.actions[s].handler()) c.actions[s] = new SigAction(h, 0, 0, 0);
            }
        }
        return c;
    }

    /** Marks the process as a pid namespace's init (global: the first one). */
    public void setInit(boolean global) {
        synchronized (lock) {
            unkillable = true;
            globalInit = global;
        }
    }

    /** The process-wide pending set (POSIX timers check whether their last signal was taken). */
    public long sharedPending() {
        synchronized (lock) {
            return shared.set();
        }
    }

    /** Called, under the siglock, whenever a signal becomes pending (signalfd readers). */
    public void setPendingListener(Runnable r) {
        synchronized (lock) {
            pendingListener = r;
        }
    }

    /**
     * A new thread of this group (clone). {@code blocked} is inherited from the creator;
     * {@code alt} is the creator's alternate stack, or DISABLED for a thread sharing the
     * address space (clone with CLONE_VM and without CLONE_VFORK).
     */
    public TaskSignals addThread(int tid, TaskWakeup wakeup, long blocked, SigAltStack alt) {
        synchronized (lock) {
            TaskSignals t = new TaskSignals(this, tid, wakeup, blocked, alt);
            threads.add(t);
            if (groupExit) {
                t.pending.add(SigInfo.kernel(Signals.SIGKILL), SigqueueAccount.UNLIMITED);
                t.sigpending = true;
            }
            return t;
        }
    }

    /**
     * A thread is exiting (exit_signals plus __exit_signal): it takes no more signals,
     * process-directed signals it could have taken go to the others, its private pending
     * signals are discarded.
     *
     * @return CLD_STOPPED if its leaving completed a group stop the parent must hear about,
     *     else 0
     */
    public int removeThread(TaskSignals t) {
        synchronized (lock) {
            t.exiting = true;
            int notify = 0;
            if (!groupExit && threads.size() > 1) retargetShared(t, ~t.blocked);
            if (t.stopPending && JobControl.participate(this, t)) notify = SigInfo.CLD_STOPPED;
            threads.remove(t);
            if (coreState != null) coreState.threadGone(t);
            if (currTarget == t) currTarget = null;
            t.pending.clear();
            return notify;
        }
    }

    // ---- Dispositions -------------------------------------------------------------------

    public SigAction action(int sig) {
        SigSet.checkValid(sig);
        synchronized (lock) {
            return actions[sig];
        }
    }

    /**
     * rt_sigaction (do_sigaction): installs {@code act} (null: query only) and returns the old
     * disposition. EINVAL for a bad signal or for changing SIGKILL/SIGSTOP. Unknown flag
     * bits are dropped and SIGKILL/SIGSTOP removed from sa_mask. Making a signal ignored
     * discards its pending instances in every thread (POSIX 3.3.1.3).
     */
    public SigAction sigaction(int sig, SigAction act) {
        SigSet.checkValid(sig);
        if (act != null && SignalDisposition.isKernelOnly(sig)) throw new ErrnoException(Errno.EINVAL);
        synchronized (lock) {
            SigAction old = actions[sig];
            if (act != null) {
                SigAction a = new SigAction(act.handler(), act.flags() & SaFlags.UAPI, act.restorer(),
                        SigSet.sanitize(act.mask()));
                actions[sig] = a;
                if (SignalDisposition.handlerIgnores(a, sig)) flushEverywhere(SigSet.bit(sig));
            }
            return old;
        }
    }

    /**
     * execve: handlers become SIG_DFL, ignored signals stay ignored, flags and masks are
     * cleared (flush_signal_handlers); the exec'ing thread loses its alternate stack. The
     * mask and pending signals survive, as POSIX requires.
     */
    public void execReset(TaskSignals self) {
        synchronized (lock) {
            for (int s = 1; s <= Signals.NSIG; s++) {
                long h = actions[s].handler() == SigAction.SIG_IGN ? SigAction.SIG_IGN : SigAction.SIG_DFL;
                actions[s] = new SigAction(h, 0, 0, 0);
            }
            self.altStack = SigAltStack.DISABLED;
        }
    }

    // ---- Sending ------------------------------------------------------------------------

    /**
     * tgkill/tkill and thread-directed kernel signals: makes {@code info.signo()} pending for
     * thread {@code t}. {@code force}: sent by the kernel itself (SEND_SIG_PRIV), which may
     * kill a namespace init with SIGKILL/SIGSTOP.
     *
     * @throws ErrnoException EAGAIN when a queued real-time signal exceeds RLIMIT_SIGPENDING
     */
    public Sent sendToThread(TaskSignals t, SigInfo info, boolean force) {
        synchronized (lock) {
            return send(info, t, false, force);
        }
    }

    /**
     * kill and other process-directed signals: pending for the whole group, taken by
     * {@code preferred} if it can, else by any thread that does not block it (rotating from
     * the last one chosen). Linux prefers the thread the pid names (the leader); passing the
     * sending thread when a process signals itself meets POSIX's rule that kill() to self
     * delivers to the caller before returning. Null: the first thread.
     */
    public Sent sendToProcess(SigInfo info, TaskSignals preferred, boolean force) {
        synchronized (lock) {
            TaskSignals p = preferred != null ? preferred : threads.isEmpty() ? null : threads.get(0);
            if (p == null) return Sent.DISCARDED;
            return send(info, p, true, force);
        }
    }

    /** __send_signal_locked. Preconditions: lock held. */
    private Sent send(SigInfo info, TaskSignals t, boolean group, boolean force) {
        int sig = SigSet.checkValid(info.signo());
        if (!prepare(sig, t, force)) return Sent.DISCARDED;
        PendingSignals q = group ? shared : t.pending;
        if (q.add(info, account) == PendingSignals.Added.ALREADY_PENDING) return Sent.ALREADY_PENDING;
        if (pendingListener != null) pendingListener.run();
        complete(sig, t, group);
        return Sent.PENDING;
    }

    /**
     * prepare_signal: side effects of a stop or continue signal at send time, then whether
     * the signal is to be kept at all.
     */
    private boolean prepare(int sig, TaskSignals t, boolean force) {
        if (groupExit) return false;
        if (SignalDisposition.isStop(sig)) {
            flushEverywhere(SigSet.bit(Signals.SIGCONT));
        } else if (sig == Signals.SIGCONT) {
            JobControl.continueGroup(this);
        }
        // sig_ignored: a tracer wants to see even ignored signals (not SIGKILL, nor what
        // the global init discards).
        if (t.ptraced && sig != Signals.SIGKILL && !(globalInit && SignalDisposition.isKernelOnly(sig))) return true;
        return !SignalDisposition.discardedOnSend(sig, actions[sig], t.blocked, t.realBlocked,
                globalInit, unkillable, force);
    }

    /**
     * complete_signal: finds a thread to wake for the new signal; a signal that will kill
     * the group without a core dump kills it now, waking every thread with SIGKILL.
     */
    private void complete(int sig, TaskSignals p, boolean group) {
        TaskSignals t = chooseThread(sig, p, group);
        if (t == null) return;
        if (SignalDisposition.fatal(actions[sig], sig) && !groupExit && !SigSet.contains(t.realBlocked, sig)
                && !SigSet.contains(SigSet.COREDUMP, sig) && (sig == Signals.SIGKILL || !t.ptraced)) {
            startGroupExit(ExitStatus.killed(sig, false), null);
            return;
        }
        signalWakeUp(t, sig == Signals.SIGKILL);
    }

    private boolean wants(int sig, TaskSignals t) {
        return SignalDisposition.wantsSignal(sig, t.blocked, t.exiting, t.stopped, t.running, t.sigpending);
    }

    /** The thread to wake, starting from the last one chosen (curr_target); null for none. */
    private TaskSignals chooseThread(int sig, TaskSignals p, boolean group) {
        if (wants(sig, p)) return p;
        if (!group || threads.size() <= 1) return null;
        int n = threads.size();
        int start = Math.max(0, threads.indexOf(currTarget));
        for (int i = 0; i < n; i++) {
            TaskSignals t = threads.get((start + i) % n);
            if (wants(sig, t)) {
                currTarget = t;
                return t;
            }
        }
        return null;
    }

    /** signal_wake_up: marks the signal pending; a fatal one also ends a stop. */
    void signalWakeUp(TaskSignals t, boolean fatal) {
        t.sigpending = true;
        if (fatal && t.stopped) {
            t.stopped = false;
            lock.notifyAll();
        }
        t.wakeup.wake(fatal);
    }

    /**
     * force_sig_info_to_task: a signal the task caused (a fault) or that the kernel must
     * deliver. If blocked or ignored (or {@code resetToDefault}), the disposition becomes
     * SIG_DFL and the signal is unblocked; a default-handled forced signal can kill even
     * init.
     */
    public Sent forceSignal(TaskSignals t, SigInfo info, boolean resetToDefault) {
        int sig = SigSet.checkValid(info.signo());
        synchronized (lock) {
            SignalDisposition.Forced f = SignalDisposition.force(sig, actions[sig], t.blocked, resetToDefault);
            actions[sig] = f.action();
            t.blocked = f.blocked();
            if (f.action().handler() == SigAction.SIG_DFL) unkillable = false;
            Sent s = send(info, t, false, false);
            // The signal may have been pending and blocked already: wake the task anyway.
            if (!t.sigpending) signalWakeUp(t, false);
            return s;
        }
    }

    /**
     * force_sigsegv: a handler's frame could not be written for {@code failedSig}. SIGSEGV
     * is forced; if SIGSEGV itself failed, with its default action so the task dies.
     */
    public Sent forceSigsegv(TaskSignals t, int failedSig) {
        return forceSignal(t, SigInfo.kernel(Signals.SIGSEGV), failedSig == Signals.SIGSEGV);
    }

    // ---- Notices from children (called on the parent's ProcessSignals) -----------------

    /**
     * do_notify_parent: a child exited with wait status {@code status}; sends its exit
     * signal unless this process ignores SIGCHLD, and decides autoreaping, atomically with
     * respect to sigaction. The caller wakes this process's wait4 sleepers either way.
     *
     * @return true if the child is to be reaped at once (SIGCHLD ignored or SA_NOCLDWAIT)
     */
    public boolean notifyChildExit(int exitSignal, int pid, int uid, int status, long utimeNanos,
            long stimeNanos) {
        synchronized (lock) {
            ChildNotify.ExitNotice n = exitSignal == 0 ? new ChildNotify.ExitNotice(0, false)
                    : ChildNotify.onExit(exitSignal, actions[SigSet.checkValid(exitSignal)]);
            if (n.signal() != 0 && !threads.isEmpty()) {
                send(ChildNotify.exited(n.signal(), pid, uid, status, utimeNanos, stimeNanos),
                        threads.get(0), true, false);
            }
            return n.autoreap();
        }
    }

    /**
     * do_notify_parent_cldstop: a child stopped or continued ({@code why} CLD_STOPPED or
     * CLD_CONTINUED); SIGCHLD is sent unless ignored or SA_NOCLDSTOP. The caller wakes this
     * process's wait sleepers either way.
     */
    public void notifyChildStop(int why, int pid, int uid, int stopSig, long utimeNanos, long stimeNanos) {
        synchronized (lock) {
            if (!ChildNotify.sendsStopNotice(actions[Signals.SIGCHLD]) || threads.isEmpty()) return;
            send(ChildNotify.stopped(why, pid, uid, stopSig, utimeNanos, stimeNanos), threads.get(0), true, false);
        }
    }

    // ---- Masks and dequeueing (lock held) -----------------------------------------------

    /** __set_task_blocked. Preconditions: lock held. */
    void setBlockedLocked(TaskSignals t, long mask) {
        long m = SigSet.sanitize(mask);
        if (t.sigpending) retargetShared(t, m & ~t.blocked);
        t.blocked = m;
        recalc(t);
    }

    /**
     * retarget_shared_pending: process-directed signals in {@code which} that {@code t} will
     * not take are handed to other threads that can.
     */
    private void retargetShared(TaskSignals t, long which) {
        long retarget = shared.set() & which;
        if (retarget == 0) return;
        int n = threads.size();
        int me = threads.indexOf(t);
        for (int i = 1; i < n && retarget != 0; i++) {
            TaskSignals u = threads.get((me + i) % n);
            if (u.exiting || (retarget & ~u.blocked) == 0) continue;
            retarget &= u.blocked;
            if (!u.sigpending) signalWakeUp(u, false);
        }
    }

    /** recalc_sigpending for {@code t}. Preconditions: lock held. */
    void recalc(TaskSignals t) {
        t.sigpending = t.stopPending || cldNotify != 0 || t.ptraceInjected != null
                || ((t.pending.set() | shared.set()) & ~t.blocked) != 0;
    }

    /**
     * dequeue_signal: the thread's own signals first, then the process's. A stop signal
     * taken here lets the task start a group stop.
     */
    SigInfo dequeueLocked(TaskSignals t, long mask) {
        SigInfo info = t.pending.dequeue(mask);
        if (info == null) info = shared.dequeue(mask);
        if (info != null && SignalDisposition.isStop(info.signo())) t.stopDequeued = true;
        recalc(t);
        return info;
    }

    /** Discards {@code mask} from the process's and every thread's pending set. */
    void flushEverywhere(long mask) {
        shared.flush(mask);
        for (TaskSignals t : threads) t.pending.flush(mask);
    }

    SigAction actionLocked(int sig) {
        return actions[sig];
    }

    void setActionLocked(int sig, SigAction a) {
        actions[sig] = a;
    }

    boolean unkillable() {
        return unkillable;
    }

    /** A group exit has begun (exit_group, or a fatal signal: what makes a killable sleep end). */
    public boolean groupExiting() {
        synchronized (lock) {
            return groupExit;
        }
    }

    int groupExitStatus() {
        return groupExitStatus;
    }

    /** The thread exec'ing while the others are killed, or null. */
    TaskSignals execTask() {
        return execTask;
    }

    // ---- Delivery -----------------------------------------------------------------------

    /**
     * get_signal: decides what {@code t} must do before returning to guest code, dequeuing
     * and discarding ignored signals on the way. {@code orphanedPgrp} tells whether the
     * process group is orphaned (then SIGTSTP/SIGTTIN/SIGTTOU do not stop); it is called
     * without the siglock held.
     */
    public Delivery getSignal(TaskSignals t, BooleanSupplier orphanedPgrp) {
        return GetSignal.run(this, t, orphanedPgrp);
    }

    /**
     * signal_delivered: the handler's frame is written. The handler runs with sa_mask and
     * (unless SA_NODEFER) the signal blocked; a temporary mask is now saved in the frame; an
     * SS_AUTODISARM alternate stack is disarmed until sigreturn.
     */
    public void signalDelivered(TaskSignals t, Delivery d) {
        synchronized (lock) {
            t.restoreSigmask = false;
            setBlockedLocked(t, SignalDisposition.maskDuringHandler(t.blocked, d.action(), d.sig()));
            if ((t.altStack.flags() & SigAltStack.SS_AUTODISARM) != 0) t.altStack = SigAltStack.DISABLED;
        }
    }

    // ---- Group exit and exec ------------------------------------------------------------

    /**
     * do_group_exit's first half (exit_group, or a fatal signal): the first caller's
     * {@code status} wins; every other thread gets SIGKILL and is woken.
     *
     * @return the group's exit status
     */
    public int groupExit(int status, TaskSignals self) {
        synchronized (lock) {
            if (!groupExit) startGroupExit(status, self);
            return groupExitStatus;
        }
    }

    /** Preconditions: lock held, no group exit yet. */
    private void startGroupExit(int status, TaskSignals self) {
        groupExit = true;
        groupExitStatus = status;
        groupStopCount = 0;
        for (TaskSignals t : threads) {
            t.stopPending = t.stopConsume = t.stopDequeued = false;
            if (t == self || t.exiting) continue;
            t.pending.add(SigInfo.kernel(Signals.SIGKILL), SigqueueAccount.UNLIMITED);
            signalWakeUp(t, true);
        }
    }

    /**
     * The fatal signal {@code self} took dumps core: from now on the group's other threads
     * stop for the dump before they exit. Preconditions: lock held, group exit started by self.
     */
    void startCoreDumpLocked(TaskSignals self) {
        List<TaskSignals> others = new ArrayList<>();
        for (TaskSignals t : threads) if (t != self && !t.exiting) others.add(t);
        coreState = new CoreState(self, others);
    }

    /** The group's core dump rendezvous, or null when its exit dumps no core. */
    public CoreState coreState() {
        synchronized (lock) {
            return coreState;
        }
    }

    /** A core file was written: the wait status gets WCOREDUMP (0x80). */
    public void markCoreDumped() {
        synchronized (lock) {
            groupExitStatus |= 0x80;
        }
    }

    /** True once the group is exiting (no more signals are accepted). */
    public boolean exiting() {
        synchronized (lock) {
            return groupExit;
        }
    }

    /**
     * de_thread: {@code self} execs, every other thread is killed and exits alone
     * ({@link Delivery.Kind#THREAD_EXIT}). EAGAIN if the group is already exiting or another
     * exec is under way, as Linux's -EAGAIN from de_thread.
     */
    public void beginExec(TaskSignals self) {
        synchronized (lock) {
            if (groupExit || execTask != null) throw new ErrnoException(Errno.EAGAIN);
            execTask = self;
            for (TaskSignals t : threads) {
                if (t == self || t.exiting) continue;
                t.pending.add(SigInfo.kernel(Signals.SIGKILL), SigqueueAccount.UNLIMITED);
                signalWakeUp(t, true);
            }
        }
    }

    /** The exec'ing thread is alone again. */
    public void endExec() {
        synchronized (lock) {
            execTask = null;
        }
    }

    // ---- Job control as seen by the parent ----------------------------------------------

    /**
     * Blocks a stopped task until SIGCONT or SIGKILL ends the stop. The caller releases its
     * vCPU first. Returns early, with the interrupt flag set, if the Java thread is
     * interrupted.
     */
    public void awaitContinue(TaskSignals t) {
        synchronized (lock) {
            while (t.stopped && !t.ptraceTrapWake) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** True while the group is stopped (SIGNAL_STOP_STOPPED). */
    public boolean stopped() {
        synchronized (lock) {
            return stopStopped;
        }
    }

    /**
     * wait(WUNTRACED/WSTOPPED): the stop signal if the group is stopped and the stop was not
     * reported yet, else 0; {@code consume} marks it reported (not for WNOWAIT).
     */
    public int waitStopped(boolean consume) {
        synchronized (lock) {
            if (!stopStopped || groupStopSignal == 0) return 0;
            int sig = groupStopSignal;
            if (consume) groupStopSignal = 0;
            return sig;
        }
    }

    /** wait(WCONTINUED): true once after SIGCONT resumed the stopped group. */
    public boolean waitContinued(boolean consume) {
        synchronized (lock) {
            boolean c = stopContinued;
            if (consume) stopContinued = false;
            return c;
        }
    }

    /** The ptrace side of this process's signals (see {@link PtraceSignals}). */
    public PtraceSignals ptrace() {
        return ptrace;
    }

    /** __send_signal_locked for PtraceSignals. Preconditions: lock held. */
    Sent sendLocked(SigInfo info, TaskSignals t) {
        return send(info, t, false, false);
    }

    boolean groupExitLocked() {
        return groupExit;
    }
}
