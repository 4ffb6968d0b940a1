package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.CpuClock;
import dev.umk.sched.Task;
import java.time.Instant;
import java.util.function.LongSupplier;

/** Clocks and sleeping. */
final class TimeSyscalls {
    private TimeSyscalls() {}

    static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_PROCESS_CPUTIME_ID = 2,
            CLOCK_THREAD_CPUTIME_ID = 3, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
            CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7, CLOCK_REALTIME_ALARM = 8,
            CLOCK_BOOTTIME_ALARM = 9, CLOCK_TAI = 11;
    private static final long NS = 1_000_000_000L;
    private static final int TIMER_ABSTIME = 1;

    static void register(SyscallTable t) {
        t.add(Sysno.CLOCK_GETTIME, "time", TimeSyscalls::clockGettime);
        t.add(Sysno.CLOCK_GETRES, "time", TimeSyscalls::clockGetres);
        t.add(Sysno.GETTIMEOFDAY, "time", TimeSyscalls::gettimeofday);
        t.add(Sysno.TIME, "time", TimeSyscalls::time);
        t.add(Sysno.NANOSLEEP, "time", TimeSyscalls::nanosleep);
        t.add(Sysno.CLOCK_NANOSLEEP, "time", TimeSyscalls::clockNanosleep);
        t.add(Sysno.TIMES, "time", TimeSyscalls::times);
        t.add(Sysno.GETRUSAGE, "time", TimeSyscalls::getrusage);
    }

    /** The time on {@code clock} in nanoseconds. */
    static long now(Task t, int clock) {
        switch (clock) {
            case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_REALTIME_ALARM: case CLOCK_TAI: {
                Instant i = Instant.now();
                return i.getEpochSecond() * NS + i.getNano();
            }
            case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE:
            case CLOCK_BOOTTIME: case CLOCK_BOOTTIME_ALARM:
                return t.kernel().uptimeNanos();
            default:
                // CLOCK_PROCESS_CPUTIME_ID, CLOCK_THREAD_CPUTIME_ID and clock_getcpuclockid's
                // ids; anything else is EINVAL.
                return CpuClock.of(t, clock).read();
        }
    }

    /** clock_gettime implements Linux syscall clock_gettime(2). */
    static long clockGettime(Task t, Args a) {
        long ns = now(t, a.i32(0));
        writeTimespec(t, a.u64(1), ns);
        return 0;
    }

    /** clock_getres implements Linux syscall clock_getres(2). */
    static long clockGetres(Task t, Args a) {
        int clk = a.i32(0);
        long res;
        if (CpuClock.isCpuClock(clk)) {
            res = CpuClock.of(t, clk).resolution();
        } else {
            now(t, clk); // validates the clock id
            res = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE ? 4_000_000 : 1;
        }
        if (a.u64(1) != 0) writeTimespec(t, a.u64(1), res);
        return 0;
    }

    /** gettimeofday implements Linux syscall gettimeofday(2). */
    static long gettimeofday(Task t, Args a) {
        long ns = now(t, CLOCK_REALTIME);
        if (a.u64(0) != 0) {
            t.mm().writeLong(a.u64(0), ns / NS);
            t.mm().writeLong(a.u64(0) + 8, (ns % NS) / 1000);
        }
        if (a.u64(1) != 0) {
            t.mm().writeLong(a.u64(1), 0); // struct timezone: UTC, no DST
        }
        return 0;
    }

    /** time implements Linux syscall time(2). */
    static long time(Task t, Args a) {
        long s = now(t, CLOCK_REALTIME) / NS;
        if (a.u64(0) != 0) t.mm().writeLong(a.u64(0), s);
        return s;
    }

    /** nanosleep implements Linux syscall nanosleep(2). */
    static long nanosleep(Task t, Args a) {
        long req = readTimespec(t, a.u64(0));
        LongSupplier clock = () -> t.kernel().uptimeNanos();
        return sleepRelative(t, clock, saturatingAdd(clock.getAsLong(), req), a.u64(1), false);
    }

    /** clock_nanosleep implements Linux syscall clock_nanosleep(2). */
    static long clockNanosleep(Task t, Args a) {
        int clk = a.i32(0);
        boolean abs = (a.i32(1) & TIMER_ABSTIME) != 0;
        // The thread CPU clock has no nsleep (EOPNOTSUPP); a per-thread clock of oneself is EINVAL.
        if (clk == CLOCK_THREAD_CPUTIME_ID) throw new ErrnoException(Errno.EOPNOTSUPP);
        LongSupplier clock;
        boolean cpu = CpuClock.isCpuClock(clk);
        if (cpu) {
            CpuClock c = CpuClock.of(t, clk);
            if (c.perThread()) throw new ErrnoException(Errno.EINVAL);
            clock = c::read;
        } else {
            now(t, clk); // validates the clock id
            clock = abs ? () -> now(t, clk) : () -> t.kernel().uptimeNanos();
        }
        long req = readTimespec(t, a.u64(2));
        if (abs) {
            // An absolute sleep is simply made again: ERESTARTNOHAND, nothing written to rem.
            if (!sleepUntil(clock, req, cpu)) throw new ErrnoException(Errno.ERESTARTNOHAND);
            return 0;
        }
        return sleepRelative(t, clock, saturatingAdd(clock.getAsLong(), req), a.u64(3), cpu);
    }

    /**
     * A relative sleep until {@code clock} reads {@code deadline}. A signal ends it with the time
     * left written to {@code rem} (when given; a bad pointer makes the call EFAULT) and
     * ERESTART_RESTARTBLOCK: a handler then sees EINTR, while a signal without one (a stop and
     * continue) resumes the same sleep through restart_syscall(2).
     */
    private static long sleepRelative(Task t, LongSupplier clock, long deadline, long rem, boolean cpu) {
        if (sleepUntil(clock, deadline, cpu)) return 0;
        if (rem != 0) writeTimespec(t, rem, Math.max(0, deadline - clock.getAsLong()));
        t.setRestartBlock(task -> sleepRelative(task, clock, deadline, rem, cpu));
        throw new ErrnoException(Errno.ERESTART_RESTARTBLOCK);
    }

    /**
     * Sleeps until {@code clock} reaches {@code deadline}; false if a signal interrupted it.
     * A CPU clock is looked at every few ms, as it advances only while the process runs.
     */
    private static boolean sleepUntil(LongSupplier clock, long deadline, boolean cpu) {
        try {
            for (long left; (left = deadline - clock.getAsLong()) > 0; ) sleepNanos(cpu ? Math.min(left, 4_000_000) : left);
            return true;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.EINTR) throw e;
            return false;
        }
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    private static final long NS_PER_TICK = NS / 100; // USER_HZ

    /** times implements Linux syscall times(2): clock ticks of the process and its children. */
    static long times(Task t, Args a) {
        if (a.u64(0) != 0) {
            long[] own = t.group().cpuTimes();
            long[] kids = t.group().childCpuTimes();
            t.mm().writeLong(a.u64(0), own[0] / NS_PER_TICK);
            t.mm().writeLong(a.u64(0) + 8, own[1] / NS_PER_TICK);
            t.mm().writeLong(a.u64(0) + 16, kids[0] / NS_PER_TICK);
            t.mm().writeLong(a.u64(0) + 24, kids[1] / NS_PER_TICK);
        }
        return t.kernel().uptimeNanos() / NS_PER_TICK;
    }

    private static final int RUSAGE_SELF = 0, RUSAGE_CHILDREN = -1, RUSAGE_THREAD = 1;

    /** getrusage implements Linux syscall getrusage(2): CPU times and the resident set. */
    static long getrusage(Task t, Args a) {
        long[] c;
        switch (a.i32(0)) {
            case RUSAGE_SELF: c = t.group().cpuTimes(); break;
            case RUSAGE_CHILDREN: c = t.group().childCpuTimes(); break;
            case RUSAGE_THREAD: c = new long[] {t.userNanos(), t.systemNanos()}; break;
            default: throw new ErrnoException(Errno.EINVAL);
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(144).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(0, c[0] / NS).putLong(8, (c[0] % NS) / 1000);
        b.putLong(16, c[1] / NS).putLong(24, (c[1] % NS) / 1000);
        // ru_maxrss in KiB: the process's high-water mark (a thread reports its process's, as
        // Linux does), or the largest of the reaped children.
        long maxRss = a.i32(0) == RUSAGE_CHILDREN ? t.group().childMaxRssPages() : t.group().maxRssPages();
        b.putLong(32, maxRss * 4);
        t.mm().write(a.u64(1), b.array(), 0, 144);
        return 0;
    }

    static long readTimespec(Task t, long va) {
        long sec = t.mm().readLong(va);
        long nsec = t.mm().readLong(va + 8);
        if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / NS ? Long.MAX_VALUE : sec * NS + nsec;
    }

    static void writeTimespec(Task t, long va, long ns) {
        t.mm().writeLong(va, Math.floorDiv(ns, NS));
        t.mm().writeLong(va + 8, Math.floorMod(ns, NS));
    }

    private static void sleepNanos(long ns) {
        if (ns <= 0) return;
        try {
            Thread.sleep(ns / 1_000_000, (int) (ns % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErrnoException(Errno.EINTR);
        }
    }
}
