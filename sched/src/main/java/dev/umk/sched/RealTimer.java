package dev.umk.sched;

import dev.umk.sched.signal.SigInfo;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A process's ITIMER_REAL (alarm(2), setitimer(2)): SIGALRM at expiry, re-armed by the
 * interval. Runs on the kernel's timer executor.
 *
 * <p>Lock: {@code this}, a leaf apart from sending the signal, which is done unlocked.
 */
public final class RealTimer {
    private final ThreadGroup group;
    private final ScheduledExecutorService timers;
    private ScheduledFuture<?> pending;
    /** System.nanoTime of the next expiry, or 0 when disarmed. */
    private long expiry;
    private long intervalNanos;

    RealTimer(ThreadGroup group, ScheduledExecutorService timers) {
        this.group = group;
        this.timers = timers;
    }

    /** {remaining, interval} in nanoseconds; remaining is 0 when disarmed. */
    public synchronized long[] get() {
        long left = expiry == 0 ? 0 : Math.max(1, expiry - System.nanoTime());
        return new long[] {left, intervalNanos};
    }

    /** Arms (value > 0) or disarms the timer; returns the previous {remaining, interval}. */
    public synchronized long[] set(long valueNanos, long intervalNanos) {
        long[] old = get();
        if (pending != null) pending.cancel(false);
        pending = null;
        expiry = 0;
        this.intervalNanos = intervalNanos;
        if (valueNanos > 0) arm(valueNanos);
        return old;
    }

    private void arm(long delay) {
        expiry = System.nanoTime() + delay;
        pending = timers.schedule(this::fire, delay, TimeUnit.NANOSECONDS);
    }

    private void fire() {
        synchronized (this) {
            pending = null;
            expiry = 0;
            if (intervalNanos > 0) arm(intervalNanos);
        }
        if (group.state() == ThreadGroup.State.RUNNING) {
            group.signals().sendToProcess(SigInfo.kernel(Signals.SIGALRM), null, false);
        }
    }

    /** The process is gone: no more SIGALRM. */
    synchronized void cancel() {
        if (pending != null) pending.cancel(false);
        pending = null;
        expiry = 0;
    }
}
