package dev.umk.sched.ptrace;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * The ptrace half of one task (Linux's task->ptrace, ->parent as tracer, ->exit_code,
 * ->last_siginfo, ->ptrace_message and the JOBCTL_TRAP/LISTENING bits): who traces it, with
 * which options, and the stop handshake between the tracee's own Java thread, which sleeps in
 * {@link #awaitResume} while in a ptrace-stop, and its tracer, which inspects and resumes it.
 *
 * <p>Register access: a stopped tracee's general registers are the last trap's state in its
 * {@link Registers}, plain memory its thread does not touch while it sleeps here. The tracer
 * reads and writes them under this monitor ({@link #withRegs}), which the tracee takes again
 * before it leaves the stop, so its next run sees every write. FPU state lives in the host
 * thread, which only the tracee's own thread may ask the host for: the tracer posts a
 * request ({@link #handoff}) that the sleeping tracee runs and answers.
 *
 * <p>Lock ordering: the process tree lock (guards {@link #tracer}, {@link #seized}) → this
 * monitor (the stop state) → the tracee's siglock is never taken under this monitor.
 */
public final class TaskPtrace {
    /** How the tracer let the tracee go (TIF_SYSCALL_TRACE, TIF_SYSCALL_EMU, TIF_SINGLESTEP). */
    public enum Mode { CONT, SYSCALL, SYSEMU, SINGLESTEP }

    private final Task task;

    // Guarded by the process tree lock; written with this monitor held too, so the stop
    // handshake can read them under it alone.
    Task tracer;
    boolean seized;
    volatile int options;

    // Guarded by this monitor.
    private boolean traced;
    private boolean stopped;
    private int code;
    private boolean reported;
    private boolean listening;
    private boolean resumed;
    private int resumeSig;
    private SigInfo lastSiginfo;
    private long message;
    private int syscallOp;
    private final ArrayDeque<Handoff> handoffs = new ArrayDeque<>();

    /** Read by the tracee on its fast paths (every syscall, every return to guest code). */
    private volatile boolean tracedFast;
    private volatile Mode mode = Mode.CONT;
    private volatile boolean trapStop;
    /** The tracee's own thread only: TF was set for PTRACE_SINGLESTEP (TIF_FORCED_TF). */
    boolean forcedTf;
    /** u_debugreg as POKEUSER left them (see {@link UserArea}); guarded by this monitor. */
    final long[] debugreg = new long[8];

    private record Handoff(Function<Task, Object> op, CompletableFuture<Object> result) {}

    public TaskPtrace(Task task) {
        this.task = task;
    }

    public Task task() { return task; }

    /** PT_PTRACED: someone traces this task. */
    public boolean traced() { return tracedFast; }

    /** The resume mode of the last ptrace request that let the tracee run. */
    public Mode mode() { return mode; }

    public int options() { return options; }

    /** The tracer task, or null. Unlocked reads are a hint; decisions re-check under the tree lock. */
    public Task tracer() { return tracer; }

    /** PTRACE_EVENT_STOP is due at the next return to guest code (SEIZE, INTERRUPT, LISTEN woken). */
    public boolean trapPending() { return trapStop; }

    void setTrapStop(boolean on) { trapStop = on; }

    // ---- linking (PtraceAttach, tree lock held) ------------------------------------------

    synchronized void link(Task by, boolean seize, int opts) {
        tracer = by;
        seized = seize;
        options = opts;
        traced = true;
        tracedFast = true;
        mode = Mode.CONT;
    }

    /** Unlinks and lets a stopped tracee go with {@code sig} (detach, tracer exit). */
    synchronized void unlink(int sig) {
        tracer = null;
        seized = false;
        options = 0;
        traced = false;
        tracedFast = false;
        trapStop = false;
        mode = Mode.CONT;
        if (stopped) {
            resumeSig = sig;
            resumed = true;
            listening = false;
            notifyAll();
        }
    }

    // ---- the tracee's side ---------------------------------------------------------------

    /**
     * ptrace_stop's first half: enters TASK_TRACED reporting {@code stopCode}. False if no
     * longer traced.
     */
    synchronized boolean enterStop(int stopCode, SigInfo info, long msg, int op) {
        if (!traced) return false;
        stopped = true;
        code = stopCode;
        reported = false;
        listening = false;
        resumed = false;
        resumeSig = 0;
        lastSiginfo = info;
        if (msg >= 0) message = msg;
        syscallOp = op;
        return true;
    }

    /**
     * Sleeps in the ptrace-stop until the tracer resumes (the signal it chose, 0 for none) or
     * a fatal signal arrives (-1). Runs the tracer's hand-offs meanwhile. A listening tracee
     * that SIGCONT or PTRACE_INTERRUPT wakes leaves with 0 and a PTRACE_EVENT_STOP trap due.
     */
    int awaitResume(ProcessSignals ps, TaskSignals ts) {
        for (;;) {
            synchronized (this) {
                boolean woken = false;
                while (!resumed && !woken && !listenEnds(ts)) {
                    runHandoffs();
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        woken = true;
                    }
                }
                if (resumed) return leaveStop(resumeSig);
                if (listenEnds(ts)) {
                    trapStop = true;
                    return leaveStop(0);
                }
            }
            if (ps.ptrace().fatalPending(ts)) {
                synchronized (this) {
                    return leaveStop(-1);
                }
            }
        }
    }

    /** Only SIGCONT (JOBCTL_TRAP_NOTIFY) and PTRACE_INTERRUPT end a LISTEN. Preconditions: this held. */
    private boolean listenEnds(TaskSignals ts) {
        return listening && (trapStop || ts.ptraceNotifyPending());
    }

    /** The siginfo as the tracer left it (SETSIGINFO may have changed it); valid after the stop. */
    synchronized SigInfo stopSiginfo() {
        return lastSiginfo;
    }

    private int leaveStop(int result) {
        stopped = false;
        resumed = false;
        listening = false;
        for (Handoff h; (h = handoffs.poll()) != null; ) h.result.completeExceptionally(new ErrnoException(Errno.ESRCH));
        return result;
    }

    private void runHandoffs() {
        for (Handoff h; (h = handoffs.poll()) != null; ) {
            try {
                h.result.complete(h.op.apply(task));
            } catch (RuntimeException e) {
                h.result.completeExceptionally(e);
            }
        }
    }

    // ---- the tracer's side (ptrace_check_attach passed, see Ptrace) ---------------------

    /** task_is_traced: in a ptrace-stop (listening included). */
    public synchronized boolean stopped() {
        return stopped;
    }

    /** ptrace_check_attach: traced by {@code caller} and in a ptrace-stop, else ESRCH. */
    synchronized void checkStopped(Task caller) {
        if (!traced || tracer != caller || !stopped) throw new ErrnoException(Errno.ESRCH);
    }

    /** ptrace_resume: lets the stopped tracee go with {@code sig} in {@code m}. */
    synchronized void resume(Mode m, int sig) {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        mode = m;
        resumeSig = sig;
        resumed = true;
        listening = false;
        notifyAll();
    }

    /** PTRACE_LISTEN: stays stopped, but unreported until something new happens. */
    synchronized void listen() {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        if (lastSiginfo == null || (lastSiginfo.code() >> 8) != PtraceAbi.EVENT_STOP) throw new ErrnoException(Errno.EIO);
        listening = true;
        notifyAll(); // a SIGCONT that came first ends the LISTEN at once
    }

    /** PTRACE_INTERRUPT: a listening tracee looks at its trap request again. */
    synchronized void wakeListener() {
        notifyAll();
    }

    /** Runs {@code f} on the stopped tracee's registers. ESRCH if it is not stopped. */
    public synchronized <R> R withRegs(Function<Registers, R> f) {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        return f.apply(task.regs());
    }

    /** PEEKUSER on the stopped tracee. */
    public synchronized long peekUser(long off) {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        return UserArea.peek(task.regs(), debugreg, off);
    }

    /** POKEUSER on the stopped tracee. */
    public synchronized void pokeUser(long off, long value) {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        UserArea.poke(task.regs(), debugreg, off, value);
    }

    /** PTRACE_GET_SYSCALL_INFO's record for the current stop. */
    public synchronized byte[] syscallInfo() {
        if (!stopped) throw new ErrnoException(Errno.ESRCH);
        return SyscallInfo.encode(SyscallInfo.op(lastSiginfo, syscallOp), task.regs());
    }

    /** Runs {@code op} on the stopped tracee's own thread (FPU access) and returns its result. */
    public Object handoff(Function<Task, Object> op) {
        CompletableFuture<Object> r = new CompletableFuture<>();
        synchronized (this) {
            if (!stopped) throw new ErrnoException(Errno.ESRCH);
            handoffs.add(new Handoff(op, r));
            notifyAll();
        }
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    return r.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the tracee answers promptly or leaves the stop
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof RuntimeException re) throw re;
                    throw new ErrnoException(Errno.EIO);
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    public synchronized SigInfo lastSiginfo() { return lastSiginfo; }

    /** PTRACE_SETSIGINFO: EINVAL when the stop has none (a group-stop of an attached tracee). */
    public synchronized void setLastSiginfo(SigInfo info) {
        if (lastSiginfo == null) throw new ErrnoException(Errno.EINVAL);
        lastSiginfo = info;
    }

    public synchronized long message() { return message; }

    synchronized int syscallOp() { return syscallOp; }

    synchronized boolean seizedLocked() { return seized; }

    /**
     * wait_task_stopped for a tracer: the stop code if there is an unreported ptrace-stop
     * (not while listening), else 0; {@code consume} marks it reported.
     */
    synchronized int waitCode(boolean consume) {
        if (!stopped || listening || reported || code == 0) return 0;
        if (consume) reported = true;
        return code;
    }

    /** Sets the resume mode directly, as a PTRACE_SYSCALL resume would have (unit tests). */
    public void setModeForTest(Mode m) { mode = m; }
}
