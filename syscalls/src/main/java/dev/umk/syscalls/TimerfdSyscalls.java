package dev.umk.syscalls;

import static dev.umk.fs.timerfd.TimerFd.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.fs.timerfd.TimerFd;
import dev.umk.sched.Kernel;
import dev.umk.sched.Task;
import java.time.Instant;

/**
 * timerfd_create, timerfd_settime and timerfd_gettime over {@link TimerFd}, whose expiries
 * run on the kernel's timer executor ({@link Kernel#timers()}). struct itimerspec is
 * {it_interval, it_value}, two timespecs.
 */
final class TimerfdSyscalls {
    private TimerfdSyscalls() {}

    private static final long NS = 1_000_000_000L;

    static void register(SyscallTable t) {
        t.add(Sysno.TIMERFD_CREATE, "timerfd", TimerfdSyscalls::timerfdCreate);
        t.add(Sysno.TIMERFD_SETTIME, "timerfd", TimerfdSyscalls::timerfdSettime);
        t.add(Sysno.TIMERFD_GETTIME, "timerfd", TimerfdSyscalls::timerfdGettime);
    }

    /** timerfd_create implements Linux syscall timerfd_create(2). */
    static long timerfdCreate(Task t, Args a) {
        int flags = a.i32(1);
        Kernel k = t.kernel();
        OpenFile f = TimerFd.create(AnonFiles.of(k), FsArgs.cred(t), a.i32(0), flags, clocks(k), k.timers());
        return FsArgs.install(t, f, (flags & TFD_CLOEXEC) != 0);
    }

    /** timerfd_settime implements Linux syscall timerfd_settime(2). */
    static long timerfdSettime(Task t, Args a) {
        int flags = a.i32(1);
        long va = a.u64(2);
        long[] raw = new long[4];
        for (int i = 0; i < 4; i++) raw[i] = t.mm().readLong(va + 8L * i);
        if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0 || !valid(raw[0], raw[1])
                || !valid(raw[2], raw[3])) {
            throw new ErrnoException(Errno.EINVAL);
        }
        OpenFile f = file(t, a.i32(0));
        long[] old;
        try {
            old = TimerFd.of(f).settime(flags, nanos(raw[2], raw[3]), nanos(raw[0], raw[1]));
        } finally {
            f.put();
        }
        if (a.u64(3) != 0) writeItimerspec(t, a.u64(3), old);
        return 0;
    }

    /** timerfd_gettime implements Linux syscall timerfd_gettime(2). */
    static long timerfdGettime(Task t, Args a) {
        OpenFile f = file(t, a.i32(0));
        long[] cur;
        try {
            cur = TimerFd.of(f).gettime();
        } finally {
            f.put();
        }
        writeItimerspec(t, a.u64(1), cur);
        return 0;
    }

    /** The kernel's clocks as timers see them: real time since the epoch, or monotonic time since boot. */
    static TimerFd.Clocks clocks(Kernel k) {
        return clock -> {
            if (clock == CLOCK_REALTIME || clock == CLOCK_REALTIME_ALARM) {
                Instant i = Instant.now();
                return i.getEpochSecond() * NS + i.getNano();
            }
            return k.uptimeNanos();
        };
    }

    private static OpenFile file(Task t, int fd) {
        OpenFile f = FsArgs.fds(t).acquire(fd);
        if (f.isPath()) {
            f.put();
            throw new ErrnoException(Errno.EBADF);
        }
        return f;
    }

    private static boolean valid(long sec, long nsec) {
        return sec >= 0 && nsec >= 0 && nsec < NS;
    }

    private static long nanos(long sec, long nsec) {
        return sec > Long.MAX_VALUE / NS - 1 ? Long.MAX_VALUE : sec * NS + nsec;
    }

    /** {value, interval} in ns as struct itimerspec {it_interval, it_value}. */
    private static void writeItimerspec(Task t, long va, long[] valueInterval) {
        t.mm().writeLong(va, valueInterval[1] / NS);
        t.mm().writeLong(va + 8, valueInterval[1] % NS);
        t.mm().writeLong(va + 16, valueInterval[0] / NS);
        t.mm().writeLong(va + 24, valueInterval[0] % NS);
    }
}
