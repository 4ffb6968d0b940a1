package dev.umk.fs.timerfd;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import dev.umk.fs.anon.AnonInodes;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A timerfd (Linux's fs/timerfd.c): a one-shot or interval timer on one clock whose
 * expirations are counted, and read(2) as an 8-byte count that then resets. The kernel's
 * timer executor fires the first expiry after each arming; later expirations of an
 * interval timer are counted from the clock when the file is read, polled or queried, as
 * Linux forwards its hrtimer on read, so an unread timer costs nothing.
 *
 * <p>Times are nanoseconds on the timer's clock; a disarmed timer has no expiry. State is
 * guarded by this object's monitor; waiters are woken after it is released.
 */
public final class TimerFd implements FileOperations {
    public static final int CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_BOOTTIME = 7,
            CLOCK_REALTIME_ALARM = 8, CLOCK_BOOTTIME_ALARM = 9;
    public static final int TFD_TIMER_ABSTIME = 1, TFD_TIMER_CANCEL_ON_SET = 2;
    public static final int TFD_CLOEXEC = O_CLOEXEC, TFD_NONBLOCK = O_NONBLOCK;
    private static final int CAP_WAKE_ALARM = 35;

    /** The kernel's clocks, read as nanoseconds. */
    @FunctionalInterface
    public interface Clocks {
        long now(int clockId);
    }

    private final int clockId;
    private final Clocks clocks;
    private final ScheduledExecutorService timers;
    private final WaitQueue queue = new WaitQueue();
    // Guarded by this.
    private boolean armed;
    private long expiry;
    private long interval;
    private long ticks;
    private ScheduledFuture<?> pending;
    /** The expiry {@code pending} fires for, and its number (a late firing of an older one is ignored). */
    private long pendingExpiry;
    private long generation;

    private TimerFd(int clockId, Clocks clocks, ScheduledExecutorService timers) {
        this.clockId = clockId;
        this.clocks = clocks;
        this.timers = timers;
    }

    /**
     * timerfd_create: a disarmed timer file on {@code clockId} with one reference for the
     * caller. EINVAL for other clocks or flags than TFD_NONBLOCK/TFD_CLOEXEC (the caller
     * applies TFD_CLOEXEC to the fd); EPERM for an alarm clock without CAP_WAKE_ALARM.
     */
    public static OpenFile create(AnonInodes anon, Credentials cred, int clockId, int flags, Clocks clocks,
            ScheduledExecutorService timers) {
        if ((flags & ~(TFD_CLOEXEC | TFD_NONBLOCK)) != 0) throw new ErrnoException(Errno.EINVAL);
        switch (clockId) {
            case CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_BOOTTIME -> { }
            case CLOCK_REALTIME_ALARM, CLOCK_BOOTTIME_ALARM -> {
                if (!cred.capable(CAP_WAKE_ALARM)) throw new ErrnoException(Errno.EPERM);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        return anon.open("[timerfd]", new TimerFd(clockId, clocks, timers), O_RDWR | (flags & TFD_NONBLOCK), cred);
    }

    /** The timer behind {@code f}; EINVAL for other files. */
    public static TimerFd of(OpenFile f) {
        if (f.ops() instanceof TimerFd t) return t;
        throw new ErrnoException(Errno.EINVAL);
    }

    public int clockId() {
        return clockId;
    }

    /**
     * timerfd_settime: arms the timer to expire after {@code value} ns (at {@code value} on
     * the clock with TFD_TIMER_ABSTIME) and every {@code interval} ns after that, or disarms
     * it when {@code value} is 0. Unread expirations are dropped. TFD_TIMER_CANCEL_ON_SET is
     * accepted; umk's clocks are never set, so it never cancels.
     *
     * @return the setting before the call, as {@link #gettime} reports it
     */
    public long[] settime(int flags, long value, long interval) {
        if ((flags & ~(TFD_TIMER_ABSTIME | TFD_TIMER_CANCEL_ON_SET)) != 0) throw new ErrnoException(Errno.EINVAL);
        long[] old;
        boolean fired;
        synchronized (this) {
            long now = clocks.now(clockId);
            advance(now);
            old = current(now);
            ticks = 0;
            this.interval = interval;
            armed = value != 0;
            if (armed) expiry = (flags & TFD_TIMER_ABSTIME) != 0 ? value : saturatingAdd(now, value);
            fired = advance(now);
            schedule(now);
        }
        if (fired) queue.wake(IN);
        return old;
    }

    /** timerfd_gettime: {time to the next expiry (0 when disarmed), interval}. */
    public long[] gettime() {
        boolean fired;
        long[] cur;
        synchronized (this) {
            long now = clocks.now(clockId);
            fired = advance(now);
            schedule(now);
            cur = current(now);
        }
        if (fired) queue.wake(IN);
        return cur;
    }

    /** Expirations not read yet (for tests and fdinfo). */
    public synchronized long ticks() {
        advance(clocks.now(clockId));
        return ticks;
    }

    @Override
    public boolean stream() {
        return true;
    }

    /** read(2): the expiration count as a native-endian u64, then zero; EAGAIN or a sleep while it is 0. */
    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        if (dst.remaining() < 8) throw new ErrnoException(Errno.EINVAL);
        long n;
        for (;;) {
            synchronized (this) {
                long now = clocks.now(clockId);
                advance(now);
                if (ticks != 0) {
                    n = ticks;
                    ticks = 0;
                    schedule(now);
                    break;
                }
                if (f.isNonBlocking()) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, IN, this::expired);
        }
        for (int i = 0; i < 8; i++) dst.put((byte) (n >>> (8 * i)));
        return 0;
    }

    @Override
    public int poll(OpenFile f) {
        return expired() ? IN : 0;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return queue;
    }

    @Override
    public synchronized void release(OpenFile f) {
        cancelPending();
        armed = false;
    }

    private synchronized boolean expired() {
        advance(clocks.now(clockId));
        return ticks != 0;
    }

    /** The executor's call at an expiry: count it and wake readers and pollers. */
    private void fire(long gen) {
        boolean fired;
        synchronized (this) {
            if (gen != generation) return;
            pending = null;
            long now = clocks.now(clockId);
            fired = advance(now);
            // Early (a clock that moved differently from the executor's): wait again.
            if (!fired) schedule(now);
        }
        if (fired) queue.wake(IN);
    }

    /**
     * Counts the expirations up to {@code now} (hrtimer_forward): an interval timer moves
     * its expiry past now, a one-shot one disarms. Holds the monitor. True if any expired.
     */
    private boolean advance(long now) {
        if (!armed || now - expiry < 0) return false;
        if (interval > 0) {
            long n = 1 + (now - expiry) / interval;
            ticks += n;
            long step;
            try {
                step = Math.multiplyExact(n, interval);
            } catch (ArithmeticException huge) {
                step = Long.MAX_VALUE;
            }
            expiry = saturatingAdd(expiry, step);
        } else {
            ticks++;
            armed = false;
        }
        return true;
    }

    /** Lets the executor fire at the next expiry if it would make the file readable. Holds the monitor. */
    private void schedule(long now) {
        if (!armed || ticks != 0) {
            cancelPending();
            return;
        }
        if (pending != null && pendingExpiry == expiry) return;
        cancelPending();
        pendingExpiry = expiry;
        long gen = ++generation;
        pending = timers.schedule(() -> fire(gen), Math.max(0, expiry - now), TimeUnit.NANOSECONDS);
    }

    private void cancelPending() {
        if (pending != null) pending.cancel(false);
        pending = null;
        generation++;
    }

    private long[] current(long now) {
        return new long[] {armed ? Math.max(0, expiry - now) : 0, interval};
    }

    private static long saturatingAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }
}
