package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * A CPU-time clock (kernel/time/posix-cpu-timers.c): CLOCK_PROCESS_CPUTIME_ID,
 * CLOCK_THREAD_CPUTIME_ID, and the negative ids clock_getcpuclockid(3) and
 * pthread_getcpuclockid(3) make, MAKE_PROCESS_CPUCLOCK(pid, which) = (~pid << 3) | which,
 * with bit 2 set for one thread's clock. {@code which} picks the sample: PROF (user +
 * system), VIRT (user) or SCHED (the runtime, which umk counts as user + system). Pid 0
 * means the caller's process or thread.
 */
public final class CpuClock {
    public static final int CLOCK_PROCESS_CPUTIME_ID = 2, CLOCK_THREAD_CPUTIME_ID = 3;
    public static final int CPUCLOCK_PROF = 0, CPUCLOCK_VIRT = 1, CPUCLOCK_SCHED = 2;
    private static final int CPUCLOCK_MAX = 3, PERTHREAD = 4, CLOCKFD = 3;

    /** The thread for a per-thread clock, else null. */
    private final Task thread;
    /** The process for a process clock, else null. */
    private final ThreadGroup process;
    private final int which;

    private CpuClock(Task thread, ThreadGroup process, int which) {
        this.thread = thread;
        this.process = process;
        this.which = which;
    }

    /** Whether {@code clockId} names a CPU-time clock (a negative id that is not a CLOCKFD one). */
    public static boolean isCpuClock(int clockId) {
        return clockId == CLOCK_PROCESS_CPUTIME_ID || clockId == CLOCK_THREAD_CPUTIME_ID
                || (clockId < 0 && (clockId & 7) != CLOCKFD);
    }

    /**
     * lookup_task: the clock {@code clockId} names for {@code caller}. A thread's clock must
     * be of a thread in the caller's process; a process clock names a process by its pid (or
     * the caller by its own tid). EINVAL otherwise, as Linux; clock_getcpuclockid turns that
     * into ESRCH.
     */
    public static CpuClock of(Task caller, int clockId) {
        if (clockId == CLOCK_PROCESS_CPUTIME_ID) return new CpuClock(null, caller.group(), CPUCLOCK_SCHED);
        if (clockId == CLOCK_THREAD_CPUTIME_ID) return new CpuClock(caller, null, CPUCLOCK_SCHED);
        if (!isCpuClock(clockId)) throw new ErrnoException(Errno.EINVAL);
        int which = clockId & 3;
        if (which >= CPUCLOCK_MAX) throw new ErrnoException(Errno.EINVAL);
        int pid = ~(clockId >> 3);
        if ((clockId & PERTHREAD) != 0) {
            Task t = pid == 0 ? caller : caller.kernel().task(pid);
            if (t == null || t.group() != caller.group()) throw new ErrnoException(Errno.EINVAL);
            return new CpuClock(t, null, which);
        }
        ThreadGroup g = pid == 0 || pid == caller.tid() ? caller.group() : caller.kernel().tree().get(pid);
        if (g == null) throw new ErrnoException(Errno.EINVAL);
        return new CpuClock(null, g, which);
    }

    /** The clock's value in nanoseconds at System.nanoTime {@code now}, running slices included. */
    public long read(long now) {
        long user, system;
        if (thread != null) {
            user = thread.cputime().user(now);
            system = thread.cputime().system();
        } else {
            long[] c = process.cpuTimes(now);
            user = c[0];
            system = c[1];
        }
        return which == CPUCLOCK_VIRT ? user : user + system;
    }

    public long read() {
        return read(System.nanoTime());
    }

    /** clock_getres: 1 ns for SCHED clocks, a tick (HZ=250) for PROF and VIRT, as Linux reports. */
    public long resolution() {
        return which == CPUCLOCK_SCHED ? 1 : 4_000_000;
    }

    /** The thread of a per-thread clock, or null for a process clock. */
    public Task thread() {
        return thread;
    }

    /** The process whose time a process clock counts (a thread clock's thread's process). */
    public ThreadGroup process() {
        return process != null ? process : thread.group();
    }

    public boolean perThread() {
        return thread != null;
    }
}
