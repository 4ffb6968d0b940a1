package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigInfo;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's POSIX timers (timer_create(2) family, kernel/time/posix-timers.c): each fires a
 * signal (SIGEV_SIGNAL, or to one thread with SIGEV_THREAD_ID) or nothing (SIGEV_NONE) at
 * expiry, and re-arms with its interval. Expiries while the previous signal is still pending
 * count as overruns. Timers on CPU-time clocks ({@link CpuClock}) keep their expiry in that
 * clock's time and are run by {@link CpuTimers#check} where CPU time is charged, not by the
 * executor.
 *
 * <p>Lock ordering: {@code this}, then (reading a CPU clock) the ThreadGroup's monitor, then a
 * TaskCputime; the signal is sent unlocked.
 */
public final class PosixTimers {
    public static final int SIGEV_SIGNAL = 0, SIGEV_NONE = 1, SIGEV_THREAD = 2, SIGEV_THREAD_ID = 4;
    private static final int MAX_TIMERS = 1 << 16;

    private final ThreadGroup group;
    private final ScheduledExecutorService executor;
    private final Map<Integer, Timer> timers = new HashMap<>();
    private int nextId;
    /** Some CPU-clock timer is armed: {@link CpuTimers#check}'s fast path reads only this. */
    private volatile boolean cpuArmed;

    PosixTimers(ThreadGroup group, ScheduledExecutorService executor) {
        this.group = group;
        this.executor = executor;
    }

    /** One timer. Times are System.nanoTime based, or the CPU clock's time when {@code cpu} is set. */
    private final class Timer {
        final int id;
        final int clock;
        final CpuClock cpu;
        final int notify;
        final int signo;
        final long value;
        final Task target;
        ScheduledFuture<?> pending;
        long expiry;
        long interval;
        int overrun;
        int lastOverrun;
        boolean signalQueued;

        Timer(int id, int clock, CpuClock cpu, int notify, int signo, long value, Task target) {
            this.id = id;
            this.clock = clock;
            this.cpu = cpu;
            this.notify = notify;
            this.signo = signo;
            this.value = value;
            this.target = target;
        }
    }

    /**
     * timer_create: returns the new timer's id. Without a sigevent ({@code sigval} null) the
     * signal's value is the timer id, as Linux fills the default sigevent.
     */
    public int create(int clock, int notify, int signo, Long sigval, Task target) {
        return create(clock, null, notify, signo, sigval, target);
    }

    /**
     * timer_create on a CPU-time clock when {@code cpu} is set (EINVAL unless it counts this
     * process's time: the timers of another process's clock are not supported).
     */
    public synchronized int create(int clock, CpuClock cpu, int notify, int signo, Long sigval, Task target) {
        if (cpu != null && cpu.process() != group) throw new ErrnoException(Errno.EINVAL);
        if (notify != SIGEV_NONE && (signo < 1 || signo > Signals.NSIG)) throw new ErrnoException(Errno.EINVAL);
        if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE && notify != SIGEV_THREAD_ID) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (timers.size() >= MAX_TIMERS) throw new ErrnoException(Errno.EAGAIN);
        while (timers.containsKey(nextId)) nextId = (nextId + 1) & Integer.MAX_VALUE;
        int id = nextId;
        nextId = (nextId + 1) & Integer.MAX_VALUE;
        timers.put(id, new Timer(id, clock, cpu, notify, signo, sigval == null ? id : sigval, target));
        return id;
    }

    private Timer get(int id) {
        Timer t = timers.get(id);
        if (t == null) throw new ErrnoException(Errno.EINVAL);
        return t;
    }

    /** timer_settime with a delay from now (0 disarms); returns the old {remaining, interval}. */
    public synchronized long[] set(int id, long delayNanos, long intervalNanos) {
        Timer t = get(id);
        long[] old = remaining(t);
        if (t.pending != null) t.pending.cancel(false);
        t.pending = null;
        t.expiry = 0;
        t.interval = intervalNanos;
        t.overrun = 0;
        if (delayNanos > 0) arm(t, delayNanos);
        updateCpuArmed();
        return old;
    }

    /** The clock a timer counts on. */
    public synchronized int clock(int id) {
        return get(id).clock;
    }

    /** timer_gettime: {remaining, interval}. */
    public synchronized long[] get(int timerId, boolean unused) {
        return remaining(get(timerId));
    }

    /** timer_getoverrun: overruns counted when the last signal was delivered. */
    public synchronized int overrun(int id) {
        return get(id).lastOverrun;
    }

    public synchronized void delete(int id) {
        Timer t = get(id);
        if (t.pending != null) t.pending.cancel(false);
        timers.remove(id);
        updateCpuArmed();
    }

    /** The process is gone, or exec'd: every timer goes. */
    synchronized void deleteAll() {
        for (Timer t : timers.values()) if (t.pending != null) t.pending.cancel(false);
        timers.clear();
        cpuArmed = false;
    }

    private long[] remaining(Timer t) {
        long now = t.cpu != null ? t.cpu.read() : System.nanoTime();
        long left = t.expiry == 0 ? 0 : Math.max(1, t.expiry - now);
        return new long[] {left, t.interval};
    }

    private void arm(Timer t, long delay) {
        if (t.cpu != null) {
            t.expiry = t.cpu.read() + delay;
            return;
        }
        t.expiry = System.nanoTime() + delay;
        t.pending = executor.schedule(() -> fire(t), delay, TimeUnit.NANOSECONDS);
    }

    private void updateCpuArmed() {
        boolean any = false;
        for (Timer t : timers.values()) any |= t.cpu != null && t.expiry != 0;
        cpuArmed = any;
    }

    boolean cpuArmed() {
        return cpuArmed;
    }

    /**
     * Runs the CPU-clock timers at System.nanoTime {@code now}: each one due re-arms whole
     * intervals past its expiry (the intervals skipped count as overruns, as bump_cpu_timer
     * counts them) and sends its signal.
     */
    void checkCpu(long now) {
        java.util.List<Timer> due = new java.util.ArrayList<>();
        synchronized (this) {
            for (Timer t : timers.values()) {
                if (t.cpu == null || t.expiry == 0) continue;
                long at = t.cpu.read(now);
                if (at < t.expiry) continue;
                if (t.interval > 0) {
                    long late = (at - t.expiry) / t.interval;
                    t.expiry += (late + 1) * t.interval;
                    t.overrun += (int) Math.min(late, Integer.MAX_VALUE - (long) t.overrun);
                } else {
                    t.expiry = 0;
                }
                if (expired(t)) due.add(t);
            }
            updateCpuArmed();
        }
        for (Timer t : due) send(t);
    }

    /**
     * An expiry's bookkeeping. Preconditions: lock held, the timer re-armed. Returns whether
     * a signal is to be sent (not SIGEV_NONE, and the last one is not still queued).
     */
    private boolean expired(Timer t) {
        if (t.notify == SIGEV_NONE) return false;
        if (t.signalQueued) {
            t.overrun++;
            return false;
        }
        t.signalQueued = true;
        t.lastOverrun = t.overrun;
        t.overrun = 0;
        return true;
    }

    private void fire(Timer t) {
        synchronized (this) {
            if (timers.get(t.id) != t) return;
            t.pending = null;
            t.expiry = 0;
            if (t.interval > 0) arm(t, t.interval);
            if (!expired(t)) return;
        }
        send(t);
    }

    private void send(Timer t) {
        if (group.state() != ThreadGroup.State.RUNNING) {
            synchronized (this) {
                t.signalQueued = false;
            }
            return;
        }
        SigInfo info = SigInfo.timer(t.signo, t.id, t.lastOverrun, t.value);
        ProcessSignals ps = group.signals();
        if (t.notify == SIGEV_THREAD_ID && t.target != null && t.target.signals() != null) {
            ps.sendToThread(t.target.signals(), info, false);
        } else {
            ps.sendToProcess(info, null, false);
        }
        // Linux re-queues on dequeue; umk counts the next expiry as a new signal once sent.
        synchronized (this) {
            t.signalQueued = false;
        }
    }
}
