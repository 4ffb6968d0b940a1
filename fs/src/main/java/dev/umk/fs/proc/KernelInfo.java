package dev.umk.fs.proc;

/**
 * System-wide numbers procfs shows (meminfo, stat, uptime, loadavg, the sysctls that name the
 * kernel). Implemented by sched next to {@link ProcessInfo}; tests use a fake.
 */
public interface KernelInfo {
    /** uname's release, as the syscalls report it. */
    String RELEASE = "6.1.0-umk";
    /** uname's version. */
    String VERSION = "#1 SMP PREEMPT_DYNAMIC umk";

    /** Number of vCPUs the guest sees. */
    int cpus();

    long memTotalBytes();

    long memFreeBytes();

    /** Nanoseconds since boot (CLOCK_MONOTONIC, /proc/uptime). */
    long uptimeNanos();

    /** Boot time in seconds since the epoch (stat's btime). */
    long bootTimeSeconds();

    /** Time vCPU {@code cpu} spent in each state, in nanoseconds. */
    CpuUsage cpuUsage(int cpu);

    /** Processes and threads created since boot (stat's "processes"). */
    long forks();

    /** Tasks runnable now (stat's procs_running, loadavg's numerator). */
    int runningTasks();

    /** Tasks in uninterruptible sleep now. */
    default int blockedTasks() { return 0; }

    /** Every task (loadavg's denominator). */
    int taskCount();

    /** The pid most recently handed out (kernel.ns_last_pid). */
    int lastPid();

    /**
     * Writing kernel.ns_last_pid: the next pid handed out is the first free one above
     * {@code pid}. The caller has checked the writer's privilege and the range.
     */
    default void setLastPid(int pid) {
        throw new dev.umk.core.kernel.ErrnoException(dev.umk.core.abi.Errno.EPERM);
    }

    default long contextSwitches() { return 0; }

    /** 1, 5 and 15 minute load averages. */
    default double[] loadAverage() { return new double[] {0, 0, 0}; }

    String hostname();

    void setHostname(String name);

    /** kernel.core_pattern: where a core file goes (Linux's default "core"). */
    String corePattern();

    void setCorePattern(String pattern);

    /** kernel.core_uses_pid: append ".PID" to a core file name whose pattern has no %p. */
    int coreUsesPid();

    void setCoreUsesPid(int value);

    /** Time one vCPU spent per state (the columns of a /proc/stat cpu line), nanoseconds. */
    record CpuUsage(long user, long nice, long system, long idle, long iowait, long irq, long softirq,
                    long steal, long guest, long guestNice) {
        /** A CPU that has been idle for {@code idle} nanoseconds and did nothing else. */
        public static CpuUsage idleFor(long idle) {
            return new CpuUsage(0, 0, 0, idle, 0, 0, 0, 0, 0, 0);
        }
    }
}
