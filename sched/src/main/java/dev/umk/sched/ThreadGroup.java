package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.signal.ProcessSignals;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A process: the threads that share one pid, address space, signal dispositions, limits and
 * credentials, and its place in the process tree.
 *
 * <p>Lock ordering: {@link ProcessTree#lock} (the tree: parent, children, state, pgid/sid),
 * then {@code this} (dispositions, credentials, the tasks list), then a Task or its
 * TaskCputime. A timer's lock (PosixTimers, CpuTimers, RealTimer) is never taken with
 * {@code this} held; PosixTimers takes {@code this} under its own to read a CPU clock.
 */
public final class ThreadGroup {
    /** Lifecycle as wait(2) sees it. */
    public enum State { RUNNING, ZOMBIE, REAPED }

    private final int pid;
    private final Rlimits rlimits;
    /** Dispositions, the shared pending set, group exit and job control. */
    private final ProcessSignals signals;
    private volatile AddressSpace mm;
    private volatile Credentials cred;
    /** Open files (shared with CLONE_FILES); null only before boot wires the VFS. */
    private volatile FdTable files;
    /** Root, cwd and umask (shared with CLONE_FS). */
    private volatile FsContext fs;

    // Guarded by ProcessTree.lock:
    ThreadGroup parent;
    final List<ThreadGroup> children = new ArrayList<>();
    final List<Task> tasks = new ArrayList<>();
    int pgid;
    int sid;
    volatile State state = State.RUNNING;
    /** Wait status once the group has exited (see {@link ExitStatus}), or -1. */
    private volatile int exitStatus = -1;
    /** Signal sent to the parent at exit (SIGCHLD, or clone's exit signal; 0 for none). */
    int exitSignal = Signals.SIGCHLD;
    /** Set once the program has called execve (setpgid on such a child is EACCES). */
    volatile boolean execed;
    /** CPU time of reaped children and their reaped descendants (getrusage RUSAGE_CHILDREN). */
    long childUtimeNanos, childStimeNanos;
    /** ru_maxrss of reaped children and their reaped descendants, in pages. */
    long childMaxRssPages;
    /** CPU time of this group's threads that have exited. */
    private long deadUserNanos, deadSystemNanos;
    /** Nanoseconds of kernel uptime when the group started. */
    final long startNanos;

    // Guarded by this:
    /** Peak resident pages of address spaces this process has left (exec). */
    private long maxRssPages;
    private int oomScoreAdj;
    /** The lowest oom_score_adj a privileged writer set; unprivileged writes stay at or above it. */
    private int oomScoreAdjMin;

    private volatile byte[] comm = new byte[0];
    private volatile byte[][] argv = new byte[0][];
    private volatile byte[][] envp = new byte[0][];
    private volatile String exePath = "";

    public ThreadGroup(int pid, Rlimits rlimits, Credentials cred, long startNanos, ProcessSignals signals) {
        this.pid = pid;
        this.rlimits = rlimits;
        this.cred = cred;
        this.startNanos = startNanos;
        this.signals = signals;
    }

    public ProcessSignals signals() { return signals; }

    /** The controlling terminal (signal->tty): inherited by fork, dropped by setsid. */
    private volatile dev.umk.fs.tty.Tty ctty;

    public dev.umk.fs.tty.Tty ctty() { return ctty; }
    public void setCtty(dev.umk.fs.tty.Tty t) { ctty = t; }

    /** ITIMER_REAL; made on first use. */
    private RealTimer realTimer;

    public synchronized RealTimer realTimer(java.util.concurrent.ScheduledExecutorService timers) {
        if (realTimer == null) realTimer = new RealTimer(this, timers);
        return realTimer;
    }

    /** Written under {@code this}; volatile so the per-trap CPU-timer check reads it unlocked. */
    private volatile PosixTimers posixTimers;

    /** ITIMER_VIRTUAL, ITIMER_PROF and the RLIMIT_CPU check; new (cleared) in a fork child. */
    private final CpuTimers cpuTimers = new CpuTimers();

    public CpuTimers cpuTimers() { return cpuTimers; }

    /** timer_create's timers if any were made, else null (the CPU-timer check's fast path). */
    PosixTimers posixTimersIfMade() {
        return posixTimers;
    }

    /** timer_create's timers; made on first use. */
    public synchronized PosixTimers posixTimers(java.util.concurrent.ScheduledExecutorService timers) {
        if (posixTimers == null) posixTimers = new PosixTimers(this, timers);
        return posixTimers;
    }

    /** Called without this lock held: a CPU-clock timer takes it under its own (see PosixTimers). */
    void deletePosixTimers() {
        PosixTimers p = posixTimersIfMade();
        if (p != null) p.deleteAll();
    }

    void cancelTimers() {
        RealTimer r;
        synchronized (this) {
            r = realTimer;
        }
        if (r != null) r.cancel();
        deletePosixTimers();
    }

    public int pid() { return pid; }
    public AddressSpace mm() { return mm; }

    /**
     * Replaces the address space (exec, exit); the old one's RSS high-water mark is kept, as
     * Linux's exec_mmap folds hiwater_rss into signal->maxrss.
     */
    public void setMm(AddressSpace mm) {
        AddressSpace old = this.mm;
        if (old != null && old != mm) foldMaxRss(old.peakResidentPages());
        this.mm = mm;
    }

    private synchronized void foldMaxRss(long pages) {
        if (pages > maxRssPages) maxRssPages = pages;
    }

    /** getrusage(RUSAGE_SELF).ru_maxrss in pages: the most resident, over every program this process ran. */
    public long maxRssPages() {
        AddressSpace m = mm;
        long now = m == null ? 0 : m.peakResidentPages();
        synchronized (this) {
            return Math.max(maxRssPages, now);
        }
    }

    /** getrusage(RUSAGE_CHILDREN).ru_maxrss in pages: the largest of any reaped descendant. */
    public long childMaxRssPages() {
        synchronized (ProcessTree.class) {
            return childMaxRssPages;
        }
    }

    /** /proc/PID/oom_score_adj: -1000..1000, shared by the threads, inherited by fork and exec. */
    public synchronized int oomScoreAdj() { return oomScoreAdj; }

    /**
     * Linux's __set_oom_adj: without CAP_SYS_RESOURCE, oom_score_adj may not go below the
     * lowest value a privileged writer set (oom_score_adj_min), and the legacy oom_adj not
     * below the current value; a privileged write through oom_score_adj moves that floor.
     *
     * @throws ErrnoException EACCES when an unprivileged writer goes too low
     */
    public synchronized void setOomScoreAdj(int adj, boolean privileged, boolean legacy) {
        int floor = legacy ? oomScoreAdj : oomScoreAdjMin;
        if (adj < floor && !privileged) throw new ErrnoException(Errno.EACCES);
        oomScoreAdj = adj;
        if (!legacy && privileged) oomScoreAdjMin = adj;
    }

    /** fork: the child starts with the parent's oom_score_adj and its floor (copy_signal). */
    public void inheritOomScoreAdj(ThreadGroup parent) {
        int adj, min;
        synchronized (parent) {
            adj = parent.oomScoreAdj;
            min = parent.oomScoreAdjMin;
        }
        synchronized (this) {
            oomScoreAdj = adj;
            oomScoreAdjMin = min;
        }
    }
    public Rlimits rlimits() { return rlimits; }
    public FdTable files() { return files; }

    /** PR_SET_CHILD_SUBREAPER: orphaned descendants are reparented here instead of to init. */
    private volatile boolean childSubreaper;

    public boolean childSubreaper() { return childSubreaper; }
    public void setChildSubreaper(boolean on) { childSubreaper = on; }

    /**
     * unshare_files: a private copy of an fd table other processes share (CLONE_FILES), so
     * close-on-exec or closes here leave theirs alone. Nothing to do for an own table.
     */
    public void unshareFiles() {
        FdTable f = files;
        if (f == null || !f.shared()) return;
        FdTable own = f.fork();
        f.release();
        files = own;
    }

    /** unshare_fs: a private copy of an fs context (root, cwd, umask) shared by CLONE_FS. */
    public void unshareFs() {
        FsContext c = fs;
        if (c == null || !c.shared()) return;
        FsContext own = c.copy();
        c.release();
        fs = own;
    }

    /** Threads still in the group. */
    public synchronized int threadCount() { return tasks.size(); }
    public void setFiles(FdTable f) { files = f; }
    public FsContext fs() { return fs; }
    public void setFs(FsContext f) { fs = f; }
    public Credentials cred() { return cred; }
    public void setCred(Credentials c) { cred = c; }

    public int uid() { return cred.ruid(); }
    public int euid() { return cred.euid(); }
    public int gid() { return cred.rgid(); }
    public int egid() { return cred.egid(); }

    /** The parent's pid as getppid(2) reports it: 0 for init. */
    public int ppid() {
        ThreadGroup p = parent;
        return p == null ? 0 : p.pid;
    }

    public int pgid() { return pgid; }

    /** The parent process (getppid's), or null for init; a hint unless the tree lock is held. */
    public ThreadGroup parentGroup() { return parent; }

    /** The signal sent to the parent at exit (SIGCHLD, or clone's exit signal). */
    public int exitSignal() { return exitSignal; }

    /** A live thread of the group (the first), or null. */
    public synchronized Task anyTask() { return tasks.isEmpty() ? null : tasks.get(0); }
    public int sid() { return sid; }
    public State state() { return state; }

    public SigAction action(int sig) { return signals.action(sig); }

    public int exitStatus() { return exitStatus; }

    synchronized void chargeDeadTask(Task t) {
        deadUserNanos += t.userNanos();
        deadSystemNanos += t.systemNanos();
    }

    /** {user, system} nanoseconds of every thread, live and exited, running slices included. */
    public long[] cpuTimes() {
        return cpuTimes(System.nanoTime());
    }

    /** {@link #cpuTimes()} at System.nanoTime {@code now}. */
    public synchronized long[] cpuTimes(long now) {
        long[] acc = {deadUserNanos, deadSystemNanos};
        for (Task t : tasks) t.cputime().addTo(acc, now);
        return acc;
    }

    /** {user, system} nanoseconds of reaped children. */
    public long[] childCpuTimes() {
        synchronized (ProcessTree.class) {
            return new long[] {childUtimeNanos, childStimeNanos};
        }
    }

    /** Records the group's end; the first call wins (exit_group racing a fatal signal). */
    public synchronized boolean setExitStatus(int status) {
        if (exitStatus != -1) return false;
        exitStatus = status;
        return true;
    }

    public byte[] comm() { return comm; }
    public byte[][] argv() { return argv; }
    public byte[][] envp() { return envp; }
    public String exePath() { return exePath; }

    /** What execve records about the new program (for /proc and prctl). */
    public void setProgram(String exePath, byte[][] argv, byte[][] envp) {
        this.exePath = exePath;
        this.argv = argv;
        this.envp = envp;
        String base = exePath.substring(exePath.lastIndexOf('/') + 1);
        setComm(base.getBytes(StandardCharsets.UTF_8));
    }

    /** /proc/PID/exe: the program file's resolved path (execve records the given one first). */
    public void setExePath(String p) {
        exePath = p;
    }

    public void setComm(byte[] comm) {
        this.comm = Arrays.copyOf(comm, Math.min(comm.length, 15));
    }

    void inheritProgram(ThreadGroup o) {
        exePath = o.exePath;
        argv = o.argv;
        envp = o.envp;
        comm = o.comm;
    }

    @Override
    public String toString() {
        return "pid " + pid + " (" + new String(comm, StandardCharsets.UTF_8) + ")";
    }
}
