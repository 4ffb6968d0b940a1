package dev.umk.sched;

import dev.umk.core.hw.GuestCpu;
import dev.umk.core.hw.Registers;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.signal.SigAltStack;
import dev.umk.sched.signal.TaskSignals;

/**
 * A kernel task: one guest thread, run by exactly one Java platform thread that also traces
 * its host thread and runs its syscalls inline.
 */
public final class Task {
    private final Kernel kernel;
    private final int tid;
    private final ThreadGroup group;
    private GuestCpu cpu;
    private long clearChildTid;
    private long robustList;
    private long robustListLen;
    /** Signal state of this thread: mask, private pending set, alternate stack. */
    private volatile TaskSignals signals;
    private volatile boolean exiting;
    private volatile int exitCode;
    private final TaskCputime cputime = new TaskCputime();
    /** prctl state: PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_SET_DUMPABLE, PR_SET_KEEPCAPS. */
    private volatile int pdeathSig;
    private volatile boolean noNewPrivs, keepCaps;
    private volatile int dumpable = 1;
    /** Linux's default timer slack (50 us): what PR_SET_TIMERSLACK 0 restores. */
    public static final long DEFAULT_TIMER_SLACK_NS = 50_000;
    /** prctl state inherited by fork and clone: timer slack, PR_SET_TSC mode, PR_SET_THP_DISABLE. */
    private volatile long timerSlackNs = DEFAULT_TIMER_SLACK_NS, defaultTimerSlackNs = DEFAULT_TIMER_SLACK_NS;
    private volatile int tscMode = 1; // PR_TSC_ENABLE
    private volatile boolean thpDisable;
    /** The Java thread that runs and traces this task. */
    private volatile Thread thread;
    /** Released when a vfork child execs or exits (CLONE_VFORK). */
    private volatile java.util.concurrent.CountDownLatch vforkDone;

    private final Scheduler.Entity sched;
    /** ptrace state: tracer, options, the ptrace-stop handshake (dev.umk.sched.ptrace). */
    private final dev.umk.sched.ptrace.TaskPtrace ptrace = new dev.umk.sched.ptrace.TaskPtrace(this);

    public Task(Kernel kernel, int tid, ThreadGroup group, GuestCpu cpu) {
        this(kernel, tid, group, cpu, null);
    }

    /** A task whose scheduling parameters (nice, policy, affinity) come from {@code parent}. */
    public Task(Kernel kernel, int tid, ThreadGroup group, GuestCpu cpu, Task parent) {
        this.kernel = kernel;
        this.tid = tid;
        this.group = group;
        this.cpu = cpu;
        this.sched = kernel.scheduler().enter(this, parent == null ? null : parent.sched);
        if (parent != null) {
            // copy_process: the child's slack and its default both start at the parent's current slack.
            this.timerSlackNs = parent.timerSlackNs;
            this.defaultTimerSlackNs = parent.timerSlackNs;
            this.tscMode = parent.tscMode;
            this.thpDisable = parent.thpDisable;
            // no_new_privs is inherited by every child and kept across execve; dumpable
            // belongs to the memory (Linux keeps it in the mm), which fork copies.
            this.noNewPrivs = parent.noNewPrivs;
            this.dumpable = parent.dumpable;
            this.keepCaps = parent.keepCaps;
        }
    }

    /**
     * The restart block (Linux's current->restart_block): how restart_syscall(2) resumes a
     * sleep that returned ERESTART_RESTARTBLOCK, e.g. nanosleep with the time it had left.
     */
    private volatile java.util.function.ToLongFunction<Task> restartBlock;

    public void setRestartBlock(java.util.function.ToLongFunction<Task> fn) { restartBlock = fn; }

    /** The restart block, cleared; null when none is set (restart_syscall then says EINTR). */
    public java.util.function.ToLongFunction<Task> takeRestartBlock() {
        java.util.function.ToLongFunction<Task> fn = restartBlock;
        restartBlock = null;
        return fn;
    }

    public long timerSlackNs() { return timerSlackNs; }
    /** PR_SET_TIMERSLACK: 0 goes back to the default this task inherited. */
    public void setTimerSlackNs(long ns) { timerSlackNs = ns == 0 ? defaultTimerSlackNs : ns; }
    public int tscMode() { return tscMode; }
    public void setTscMode(int mode) { tscMode = mode; }
    public boolean thpDisable() { return thpDisable; }
    public void setThpDisable(boolean d) { thpDisable = d; }

    public Scheduler.Entity sched() { return sched; }

    public dev.umk.sched.ptrace.TaskPtrace ptrace() { return ptrace; }

    public int pdeathSig() { return pdeathSig; }
    public void setPdeathSig(int s) { pdeathSig = s; }
    public boolean noNewPrivs() { return noNewPrivs; }
    public void setNoNewPrivs() { noNewPrivs = true; }
    public boolean keepCaps() { return keepCaps; }
    public void setKeepCaps(boolean k) { keepCaps = k; }
    public int dumpable() { return dumpable; }
    public void setDumpable(int d) { dumpable = d; }

    public Kernel kernel() { return kernel; }
    public int tid() { return tid; }
    public ThreadGroup group() { return group; }
    public GuestCpu cpu() { return cpu; }
    public void setCpu(GuestCpu cpu) { this.cpu = cpu; }
    public Registers regs() { return cpu.regs(); }
    public AddressSpace mm() { return group.mm(); }

    public long clearChildTid() { return clearChildTid; }
    public void setClearChildTid(long addr) { clearChildTid = addr; }
    public void setRobustList(long head, long len) { robustList = head; robustListLen = len; }
    public long robustList() { return robustList; }
    public long robustListLen() { return robustListLen; }

    public TaskSignals signals() { return signals; }

    /** Joins the group's signal state; {@code blocked} and {@code alt} come from the creator. */
    void attachSignals(long blocked, SigAltStack alt) {
        signals = group.signals().addThread(tid, this::wake, blocked, alt);
    }

    /**
     * A signal needs this task's attention: a sleep in the kernel ends (the call returns
     * ERESTART*), and guest code traps back into the kernel.
     */
    private void wake(boolean fatal) {
        Thread th = thread;
        if (th != null && th != Thread.currentThread()) th.interrupt();
        // Only guest code needs a kick: a task in the kernel (say, in wait4 for the child whose
        // SIGCHLD this is) sees the signal before it resumes (TaskLoop re-checks after
        // marking itself running), and a needless kick costs it a whole extra trap.
        TaskSignals ts = signals;
        GuestCpu c = cpu;
        if (c != null && (fatal || ts == null || ts.isRunning())) c.interrupt();
    }

    public boolean exiting() { return exiting; }

    /** Time accounting (see {@link TaskCputime}); user time includes the running slice. */
    public TaskCputime cputime() { return cputime; }
    public long userNanos() { return cputime.user(System.nanoTime()); }
    public long systemNanos() { return cputime.system(); }

    /** The code passed to exit(2): the group's status if this is its last thread. */
    int exitCode() { return exitCode; }
    void setExitCode(int c) { exitCode = c; }

    public Thread thread() { return thread; }
    void setThread(Thread t) { thread = t; }

    void setVforkDone(java.util.concurrent.CountDownLatch l) { vforkDone = l; }

    /** A vfork child has execed or exited: its parent may run again. */
    void releaseVfork() {
        java.util.concurrent.CountDownLatch l = vforkDone;
        vforkDone = null;
        if (l != null) l.countDown();
    }

    /**
     * Makes a task told to {@link #exit()} notice now: its guest code traps, its kernel sleep
     * ends. For tasks whose stub lives on for another process, so killing it is no option.
     */
    void kick() {
        GuestCpu c = cpu;
        if (c != null) c.interrupt();
        Thread th = thread;
        if (th != null && th != Thread.currentThread()) th.interrupt();
    }

    /** Ends this task's run loop after the current syscall. */
    public void exit() { exiting = true; }
}
