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
 * expiry, and re-arms with its interval. SIGEV_THREAD is the C library's business: to the
 * kernel it is a signal timer like SIGEV_SIGNAL. A re-arm counts the whole intervals that
 * passed since the expiry as overruns, as do expiries while the previous signal is still
 * being sent; the count saturates at DELAYTIMER_MAX (INT_MAX). Timers on CPU-time clocks ({@link CpuClock}) keep their expiry in that
 * clock's time and are run by {@link CpuTimers#check} where CPU time is charged, not by the
 * executor.
 *
 * <p>As in Linux, a timer whose signal is still pending sends no other: its expiries count as
 * overruns until the signal has been taken, and timer_getoverrun reports the count of the
 * last signal taken. umk has no dequeue hook, so "taken" is noticed lazily (at the next expiry
 * or timer_getoverrun) by the signal no longer being pending.
 *
 * <p>Lock ordering: {@code this}, then (reading a CPU clock) the ThreadGroup's monitor, then a
 * TaskCputime; the signal is sent, and pending sets are read, with {@code this} not held.
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
        /** A signal was sent and was pending when last looked at. */
        boolean signalQueued;
        /** Counts the signals queued: tells a pending check made unlocked which signal it saw. */
        long queuedSeq;

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
        if (notify != SIGEV_SIGNAL && notify != SIGEV_NONE && notify != SIGEV_THREAD_ID
                && notify != SIGEV_THREAD) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (notify == SIGEV_THREAD) notify = SIGEV_SIGNAL;
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
        return set(id, delayNanos > 0, delayNanos, intervalNanos);
    }

    /**
     * timer_settime: when {@code armed}, the first expiry is {@code delayNanos} from now, which
     * may be in the past (an absolute time already gone: it fires at once, and the intervals
     * since then count as overruns). Returns the old {remaining, interval}.
     */
    public synchronized long[] set(int id, boolean armed, long delayNanos, long intervalNanos) {
        Timer t = get(id);
        long[] old = remaining(t);
        if (t.pending != null) t.pending.cancel(false);
        t.pending = null;
        t.expiry = 0;
        t.interval = intervalNanos;
        t.overrun = 0;
        t.lastOverrun = 0;
        t.signalQueued = false; // a signal still pending from the old setting no longer counts
        if (armed) arm(t, delayNanos);
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

    /** timer_getoverrun: the overruns of the last signal taken. */
    public int overrun(int id) {
        Timer t;
        long seq;
        synchronized (this) {
            t = get(id);
            seq = t.queuedSeq;
        }
        boolean pending = signalPending(t);
        synchronized (this) {
            // Only if no newer signal was queued meanwhile: the timer thread may have taken
            // the old one and queued the next, which "not pending" did not see.
            if (t.signalQueued && !pending && t.queuedSeq == seq) taken(t);
            return t.lastOverrun;
        }
    }

    /** The timer's last signal has left the pending set: its overruns become the reported ones. */
    private static void taken(Timer t) {
        t.signalQueued = false;
        t.lastOverrun = t.overrun;
        t.overrun = 0;
    }

    /** Whether the timer's signal is pending where it sends it. Call without {@code this} held. */
    private boolean signalPending(Timer t) {
        if (t.notify == SIGEV_NONE) return false;
        long bit = Signals.bit(t.signo);
        if (t.notify == SIGEV_THREAD_ID && t.target != null && t.target.signals() != null) {
            return (t.target.signals().privatePending() & bit) != 0;
        }
        return (group.signals().sharedPending() & bit) != 0;
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
        schedule(t, delay);
    }

    private void schedule(Timer t, long delay) {
        t.pending = executor.schedule(() -> fire(t), Math.max(0, delay), TimeUnit.NANOSECONDS);
    }

    /** Adds overruns, saturating at INT_MAX. */
    private static void addOverrun(Timer t, long n) {
        t.overrun = (int) Math.min(Integer.MAX_VALUE, t.overrun + n);
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
        java.util.List<Timer> queued = new java.util.ArrayList<>();
        synchronized (this) {
            for (Timer t : timers.values()) if (t.cpu != null && t.expiry != 0 && t.signalQueued) queued.add(t);
        }
        java.util.Set<Timer> stillPending = new java.util.HashSet<>();
        for (Timer t : queued) if (signalPending(t)) stillPending.add(t);
        synchronized (this) {
            for (Timer t : timers.values()) {
                if (t.cpu == null || t.expiry == 0) continue;
                long at = t.cpu.read(now);
                if (at < t.expiry) continue;
                if (t.interval > 0) {
                    long late = (at - t.expiry) / t.interval;
                    t.expiry += (late + 1) * t.interval;
                    addOverrun(t, late);
                } else {
                    t.expiry = 0;
                }
                if (expired(t, stillPending.contains(t))) due.add(t);
            }
            updateCpuArmed();
        }
        for (Timer t : due) send(t);
    }

    /**
     * An expiry's bookkeeping. Preconditions: lock held, the timer re-armed; {@code pending}
     * says whether its last signal was still pending just before. Returns whether a signal is
     * to be sent (not SIGEV_NONE, and the last one is not still pending).
     */
    private boolean expired(Timer t, boolean pending) {
        if (t.notify == SIGEV_NONE) return false;
        if (t.signalQueued && pending) {
            addOverrun(t, 1);
            return false;
        }
        if (t.signalQueued) taken(t);
        t.signalQueued = true;
        t.queuedSeq++;
        return true;
    }

    private void fire(Timer t) {
        boolean pending = t.signalQueued && signalPending(t);
        synchronized (this) {
            if (timers.get(t.id) != t) return;
            t.pending = null;
            if (t.interval > 0) {
                // hrtimer_forward: the next expiry is the first whole interval after now.
                long now = System.nanoTime();
                long late = Math.max(0, (now - t.expiry) / t.interval);
                addOverrun(t, late);
                t.expiry += (late + 1) * t.interval;
                schedule(t, t.expiry - now);
            } else {
                t.expiry = 0;
            }
            if (!expired(t, pending)) return;
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
        int overrun;
        synchronized (this) {
            overrun = t.overrun;
        }
        SigInfo info = SigInfo.timer(t.signo, t.id, overrun, t.value);
        ProcessSignals ps = group.signals();
        if (t.notify == SIGEV_THREAD_ID && t.target != null && t.target.signals() != null) {
            ps.sendToThread(t.target.signals(), info, false);
        } else {
            ps.sendToProcess(info, null, false);
        }
    }
}
