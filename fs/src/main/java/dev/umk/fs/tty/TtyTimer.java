package dev.umk.fs.tty;

import dev.umk.fs.PollEvents;
import dev.umk.fs.WaitQueue;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Wakes a wait queue at a deadline, for reads bounded by VTIME: a {@link dev.umk.fs.Blocker}
 * has no timeout of its own, so a timed read waits for "input, or the deadline passed" and
 * this timer supplies the wake-up at the deadline. One daemon thread serves every tty.
 */
final class TtyTimer {
    private static final ScheduledThreadPoolExecutor TIMER = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "umk-tty-timer");
        t.setDaemon(true);
        return t;
    });

    static {
        TIMER.setRemoveOnCancelPolicy(true);
    }

    private TtyTimer() {}

    /** Wakes {@code queue}'s readers at {@code deadlineNanos} (System.nanoTime); cancel the result when done. */
    static ScheduledFuture<?> wakeAt(WaitQueue queue, long deadlineNanos) {
        long delay = Math.max(0, deadlineNanos - System.nanoTime());
        return TIMER.schedule(() -> queue.wake(PollEvents.IN), delay, TimeUnit.NANOSECONDS);
    }
}
