package dev.umk.sched.signal;

/**
 * One thread's signal state (the signal fields of Linux's task_struct): its private
 * pending set, blocked mask, the mask saved by sigsuspend-like calls, the mask it had
 * before sigtimedwait, its alternate stack and job-control flags.
 *
 * <p>Every field is guarded by the owning {@link ProcessSignals}'s lock, except
 * {@link #signalPending()} and {@link #setRunning}, which are volatile so the task loop can
 * test them without locking, and {@link #lastFault}, which only the task's own thread uses.
 */
public final class TaskSignals {
    final ProcessSignals process;
    final int tid;
    final TaskWakeup wakeup;
    final PendingSignals pending = new PendingSignals();
    long blocked;
    /** The mask before sigtimedwait unblocked the awaited signals (real_blocked). */
    long realBlocked;
    /** The mask to restore after sigsuspend/ppoll/pselect/epoll_pwait (saved_sigmask). */
    long savedSigmask;
    boolean restoreSigmask;
    SigAltStack altStack;
    /** PF_EXITING: takes no more process-directed signals. */
    boolean exiting;
    // Job control (jobctl): must join a group stop; counts toward it; dequeued a stop signal;
    // is stopped.
    boolean stopPending, stopConsume, stopDequeued, stopped;
    /** TIF_SIGPENDING: the task must look at its signals before returning to guest code. */
    volatile boolean sigpending;
    /** task_curr: the task holds a vCPU right now. */
    volatile boolean running;
    private FaultContext lastFault = FaultContext.NONE;
    // ptrace (dev.umk.sched.ptrace): traced by someone (PT_PTRACED; volatile for the fast
    // paths); the signal the tracer chose at a signal-delivery-stop, delivered next without
    // another stop; a trap request that must end a job-control wait (JOBCTL_TRAP_STOP).
    volatile boolean ptraced;
    SigInfo ptraceInjected;
    boolean ptraceTrapWake;
    /** JOBCTL_TRAP_NOTIFY: SIGCONT came; a seized tracee reports it with PTRACE_EVENT_STOP. */
    volatile boolean ptraceNotify;

    TaskSignals(ProcessSignals process, int tid, TaskWakeup wakeup, long blocked, SigAltStack alt) {
        this.process = process;
        this.tid = tid;
        this.wakeup = wakeup;
        this.blocked = SigSet.sanitize(blocked);
        this.altStack = alt;
    }

    public int tid() { return tid; }

    /** Traced by a ptrace tracer (signals then stop the task before their disposition acts). */
    public boolean ptraced() { return ptraced; }

    /** SIGCONT asked a traced thread for a PTRACE_EVENT_STOP trap (see {@link PtraceSignals#takePtraceNotify}). */
    public boolean ptraceNotifyPending() { return ptraceNotify; }
    public ProcessSignals process() { return process; }

    /** Fast check for the task loop: something may need delivering (or a stop to join). */
    public boolean signalPending() {
        return sigpending;
    }

    /** True while the task runs guest code (between setRunning(true) and setRunning(false)). */
    public boolean isRunning() {
        return running;
    }

    /** The kernel marks the task as holding a vCPU or not (wants_signal prefers running ones). */
    public void setRunning(boolean running) {
        this.running = running;
    }

    /** The CPU exception details of the last fault, for the next signal frame. */
    public FaultContext lastFault() { return lastFault; }
    public void setLastFault(FaultContext f) { lastFault = f; }

    public long blocked() {
        synchronized (process.lock) {
            return blocked;
        }
    }

    /** set_current_blocked: SIGKILL/SIGSTOP dropped; signals newly blocked go to other threads. */
    public void setBlocked(long mask) {
        synchronized (process.lock) {
            process.setBlockedLocked(this, mask);
        }
    }

    /** rt_sigprocmask: applies {@code how} and returns the old mask. EINVAL for a bad how. */
    public long sigprocmask(int how, long set) {
        synchronized (process.lock) {
            long old = blocked;
            process.setBlockedLocked(this, SigSet.applyHow(old, how, set));
            return old;
        }
    }

    /** rt_sigpending: signals pending for this thread or its process that it blocks. */
    public long sigpending() {
        synchronized (process.lock) {
            return (pending.set() | process.shared.set()) & blocked;
        }
    }

    /** This thread's private pending set (a core file's pr_sigpend). */
    public long privatePending() {
        synchronized (process.lock) {
            return pending.set();
        }
    }

    public SigAltStack altStack() {
        synchronized (process.lock) {
            return altStack;
        }
    }

    /**
     * sigaltstack(2) with a new stack (null: query only), from code at {@code rsp}. EPERM
     * while running on the current stack, EINVAL for bad flags, ENOMEM below MINSIGSTKSZ.
     *
     * @return the stack before the call; its old_ss flags are {@code reportedFlags(rsp)}
     */
    public SigAltStack sigaltstack(SigAltStack ss, long rsp) {
        synchronized (process.lock) {
            SigAltStack old = altStack;
            if (ss != null) altStack = old.change(ss.sp(), ss.size(), ss.flags(), rsp, SigAltStack.MINSIGSTKSZ);
            return old;
        }
    }

    /** Puts back the stack an rt_sigreturn frame saved (restore_altstack; errors ignored). */
    public void restoreAltStack(SigAltStack saved, long rsp) {
        synchronized (process.lock) {
            altStack = altStack.restoreFrom(saved, rsp);
        }
    }

    /**
     * sigsuspend, ppoll, pselect6, epoll_pwait: runs with {@code mask} until a signal is
     * handled; the frame then saves the old mask (so the handler returns to it) or, if no
     * handler runs, {@link #restoreSavedSigmask} puts it back.
     */
    public void setTemporaryMask(long mask) {
        synchronized (process.lock) {
            savedSigmask = blocked;
            restoreSigmask = true;
            process.setBlockedLocked(this, mask);
        }
    }

    /** The mask a signal frame saves (sigmask_to_save). */
    public long sigmaskToSave() {
        synchronized (process.lock) {
            return restoreSigmask ? savedSigmask : blocked;
        }
    }

    /** restore_saved_sigmask: after a temporary mask when no handler ran. */
    public void restoreSavedSigmask() {
        synchronized (process.lock) {
            if (!restoreSigmask) return;
            restoreSigmask = false;
            process.setBlockedLocked(this, savedSigmask);
        }
    }

    /**
     * Takes a pending signal among {@code wanted} (this thread's first, then the
     * process's) for sigtimedwait or signalfd; null if none. SIGKILL and SIGSTOP are never
     * taken this way.
     */
    public SigInfo dequeue(long wanted) {
        synchronized (process.lock) {
            return process.dequeueLocked(this, ~SigSet.sanitize(wanted));
        }
    }

    /**
     * sigtimedwait about to sleep: unblocks {@code wanted} so their arrival wakes the task,
     * remembering the real mask (a default-fatal signal being waited for then does not kill).
     */
    public void beginSigtimedwait(long wanted) {
        synchronized (process.lock) {
            realBlocked = blocked;
            blocked &= ~SigSet.sanitize(wanted);
            process.recalc(this);
        }
    }

    /** sigtimedwait woke up: the real mask comes back. */
    public void endSigtimedwait() {
        synchronized (process.lock) {
            long real = realBlocked;
            realBlocked = 0;
            process.setBlockedLocked(this, real);
        }
    }

    @Override
    public String toString() {
        return "TaskSignals[" + tid + " blocked=" + SigSet.toString(blocked) + " pending=" + pending + "]";
    }
}
