package dev.umk.fs.proc;

import dev.umk.core.kernel.Credentials;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import java.util.List;

/**
 * A live view of one task for procfs: either a whole process (/proc/PID: the leader's ids,
 * times summed over the group) or one thread (/proc/PID/task/TID). Every call reads the
 * current state. Once the task is reaped, {@link #alive()} is false and the other methods
 * may throw ErrnoException(ESRCH).
 *
 * <p>Defaulted methods are things umk does not track yet; their defaults are what Linux
 * shows for a task that never used the feature.
 */
public interface TaskInfo {
    int tid();

    int tgid();

    /** False once the task has been reaped (zombies are still alive here). */
    boolean alive();

    /** The command name, at most 15 bytes (no NUL). */
    byte[] comm();

    /** Writing /proc/PID/comm: the first 15 bytes up to a NUL become the name. */
    void setComm(byte[] name);

    /** One of Linux's state letters: R, S, D, T, t, Z, X. */
    char state();

    int ppid();

    int pgid();

    int sid();

    /** The controlling terminal's device number (stat field 7); 0 for none. */
    default int ttyNr() { return 0; }

    /** The terminal's foreground process group (stat field 8); -1 for no terminal. */
    default int ttyPgrp() { return -1; }

    default int tracerPid() { return 0; }

    Credentials cred();

    /** Thread ids of the whole thread group, ascending. */
    int[] threads();

    /** argv strings, each NUL-terminated, as /proc/PID/cmdline returns them. */
    byte[] cmdline();

    /** envp strings, each NUL-terminated. */
    byte[] environ();

    /** The saved auxiliary vector as (type, value) pairs ending with AT_NULL; empty when unknown. */
    default long[] auxv() { return new long[0]; }

    /** The path the running program was executed from, absolute when known; "" when none. */
    String exePath();

    /** Root, cwd and umask; ESRCH once the task has released them (exit). */
    FsContext fs();

    /** The fd table; ESRCH once the task has released it. */
    FdTable files();

    /** Whether the task still has an address space (false for zombies). */
    boolean hasMm();

    /**
     * The memory areas, ascending. {@code withRss} asks for {@link VmaInfo#rssPages()}, which
     * costs a page-table walk; without it rssPages is 0.
     */
    List<VmaInfo> vmas(boolean withRss);

    /** Resident pages of the whole address space (VmRSS). */
    long residentPages();

    /** The most pages the address space has had resident at once (VmHWM). */
    default long peakResidentPages() { return residentPages(); }

    /** /proc/PID/oom_score_adj, -1000..1000 (the process's, shared by its threads). */
    default int oomScoreAdj() { return 0; }

    /**
     * Writes oom_score_adj (already range-checked). {@code privileged}: the writer holds
     * CAP_SYS_RESOURCE; {@code legacy}: written through oom_adj.
     *
     * @throws dev.umk.core.kernel.ErrnoException EACCES when an unprivileged writer lowers it
     *     below the floor a privileged writer set, or (legacy) below the current value
     */
    default void setOomScoreAdj(int adj, boolean privileged, boolean legacy) {
        throw new dev.umk.core.kernel.ErrnoException(dev.umk.core.abi.Errno.EACCES);
    }

    /** The mm_struct addresses stat and statm show (start_code ...); zeros when unknown. */
    default MmFields mmFields() { return MmFields.NONE; }

    /** Soft limit of RLIMIT_* {@code resource}; -1 (RLIM_INFINITY) for unlimited. */
    long rlimitCur(int resource);

    /** Hard limit of RLIMIT_* {@code resource}; -1 for unlimited. */
    long rlimitMax(int resource);

    /** Kernel uptime in nanoseconds when the task started. */
    long startTimeNanos();

    CpuTimes times();

    SignalState signals();

    /** The signal sent to the parent at exit (stat field 38). */
    default int exitSignal() { return 17; }

    /** The vCPU the task last ran on. */
    default int processor() { return 0; }

    default int nice() { return 0; }

    default long voluntarySwitches() { return 0; }

    default long involuntarySwitches() { return 0; }

    /** Minor and major page faults (stat fields 10 and 12). */
    default long minorFaults() { return 0; }

    default long majorFaults() { return 0; }

    /** CPU time of a task, as stat and status count it. All values in nanoseconds. */
    record CpuTimes(long utime, long stime, long childUtime, long childStime) {
        public static final CpuTimes ZERO = new CpuTimes(0, 0, 0, 0);
    }

    /**
     * Signal sets, as sigset words (bit n-1 for signal n), and the count of queued signals
     * of the task's user (SigQ).
     */
    record SignalState(long pending, long sharedPending, long blocked, long ignored, long caught, long queued) {
        public static final SignalState NONE = new SignalState(0, 0, 0, 0, 0, 0);
    }

    /** The addresses Linux keeps in mm_struct for /proc (stat fields 26-28, 45-51). */
    record MmFields(long startCode, long endCode, long startData, long endData, long startBrk,
                    long startStack, long argStart, long argEnd, long envStart, long envEnd) {
        public static final MmFields NONE = new MmFields(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
