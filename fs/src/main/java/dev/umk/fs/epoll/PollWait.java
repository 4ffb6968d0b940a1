package dev.umk.fs.epoll;

import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * One sleeping poll, select or epoll_wait (Linux's {@code struct poll_wqueues}): a waiter
 * registered on the wait queue of every file it looks at, so a change to any of them ends
 * the sleep. Registration happens before the file is polled, and {@link #rearm} before each
 * scan, so a change between scan and sleep is never lost.
 *
 * <p>Files watched are referenced until {@link #close}, so a concurrent close cannot release
 * a file whose queue still holds our entry. Used by one thread only; only {@link #wake}
 * runs elsewhere, with the notifier's locks held, and it just records and unparks.
 */
public final class PollWait implements AutoCloseable {
    /** Why {@link #sleep} returned. */
    public enum Wakeup { WOKEN, TIMED_OUT, INTERRUPTED }

    private final Thread sleeper = Thread.currentThread();
    private final BooleanSupplier signalPending;
    private final Map<OpenFile, WaitQueue.Entry> files = new IdentityHashMap<>();
    private final List<WaitQueue> queues = new ArrayList<>();
    private final List<WaitQueue.Entry> entries = new ArrayList<>();
    private volatile boolean triggered;

    /**
     * @param signalPending whether a signal should end the sleep; Java thread interruption
     *     ends it too, as with {@link dev.umk.fs.ParkingBlocker}
     */
    public PollWait(BooleanSupplier signalPending) {
        this.signalPending = signalPending;
    }

    /**
     * Watches {@code f} (once per file, however often asked) and takes over the caller's
     * reference when it is new; otherwise, or when the file's readiness never changes, drops
     * it. Returns {@code f}, which the caller may use until the scan ends.
     */
    public OpenFile watch(OpenFile f) {
        if (files.containsKey(f)) {
            f.put();
            return f;
        }
        WaitQueue q = f.waitQueue();
        if (q == FileOperations.NO_WAKEUPS) {
            // Readiness that never changes needs no registration (and no reference).
            f.put();
            return f;
        }
        WaitQueue.Entry e = q.add(this::wake, 0);
        files.put(f, e);
        queues.add(q);
        entries.add(e);
        return f;
    }

    /** Watches a queue that is not a file's (an epoll instance's own). */
    public void watch(WaitQueue q) {
        queues.add(q);
        entries.add(q.add(this::wake, 0));
    }

    /** Forgets earlier wake-ups: call before each scan of the files. */
    public void rearm() {
        triggered = false;
    }

    /** The waiter callback: something watched may have changed. */
    private void wake(int events) {
        triggered = true;
        LockSupport.unpark(sleeper);
    }

    /** Whether a signal (or Java interruption) asks the sleeper to stop; clears the interruption. */
    public boolean interrupted() {
        return Thread.interrupted() || signalPending.getAsBoolean();
    }

    /**
     * Sleeps until a watched object changes (since the last {@link #rearm}), the
     * {@link System#nanoTime} deadline passes ({@code Long.MAX_VALUE}: never), or a signal.
     */
    public Wakeup sleep(long deadline) {
        for (;;) {
            if (triggered) return Wakeup.WOKEN;
            if (interrupted()) return Wakeup.INTERRUPTED;
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) return Wakeup.TIMED_OUT;
                LockSupport.parkNanos(this, left);
            }
        }
    }

    /** Unregisters everywhere and drops the file references. */
    @Override
    public void close() {
        for (int i = 0; i < queues.size(); i++) queues.get(i).remove(entries.get(i));
        queues.clear();
        entries.clear();
        for (OpenFile f : files.keySet()) f.put();
        files.clear();
    }

    /** A System.nanoTime deadline {@code nanos} from now; negative means never. */
    public static long deadlineAfter(long nanos) {
        if (nanos < 0) return Long.MAX_VALUE;
        long now = System.nanoTime();
        long d = now + nanos;
        return d < now ? Long.MAX_VALUE : d;
    }
}
