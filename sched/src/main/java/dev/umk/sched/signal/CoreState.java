package dev.umk.sched.signal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The rendezvous of a core dump (Linux's core_state, coredump_wait and coredump_task_exit):
 * the thread that took the core-dumping signal waits until every other thread of the group
 * has stopped and handed over its {@link CoreThread}, writes the file, then lets them exit.
 *
 * <p>Why the threads hand their own state over: a task's registers and FPU are only readable
 * on its own tracer thread, and a thread that went on to exit would kill the stub process
 * the dump still reads FPU state from. So every other thread, on its way out of the group
 * exit, snapshots itself, then blocks until {@link #finish} (uninterruptibly, as in Linux).
 *
 * <p>Made by {@link ProcessSignals} under the siglock when the fatal signal starts the group
 * exit, so no thread can exit before it exists. A thread that leaves without joining (it
 * was already exiting) is struck off by {@link ProcessSignals#removeThread}.
 *
 * <p>Lock ordering: this object's monitor is a leaf; it is taken under the siglock
 * ({@link #threadGone}) and never the other way round.
 */
public final class CoreState {
    /** The threads a dump waits for, and what has arrived, dumper first. */
    public record Threads(List<CoreThread> arrived, List<Integer> missing) {}

    private final TaskSignals dumper;
    /** Threads still expected to join. Guarded by this. */
    private final Set<TaskSignals> awaited;
    /** Snapshots handed over, in arrival order. Guarded by this. */
    private final List<CoreThread> arrived = new ArrayList<>();
    private boolean done;

    CoreState(TaskSignals dumper, List<TaskSignals> others) {
        this.dumper = dumper;
        this.awaited = new LinkedHashSet<>(others);
    }

    public boolean isDumper(TaskSignals t) {
        return t == dumper;
    }

    /**
     * A thread other than the dumper stops for the dump: if it is awaited, {@code snapshot}
     * (called on the thread's own Java thread, without locks) is handed over; then it waits
     * until the dump is finished. The interrupt flag is kept for the caller.
     */
    public void join(TaskSignals t, Supplier<CoreThread> snapshot) {
        boolean expected;
        synchronized (this) {
            expected = !done && awaited.contains(t);
        }
        CoreThread mine = expected ? snapshot.get() : null;
        boolean interrupted = false;
        synchronized (this) {
            if (mine != null && awaited.remove(t)) {
                arrived.add(mine);
                notifyAll();
            }
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    /** A thread left the group without joining (it was already exiting): stop waiting for it. */
    synchronized void threadGone(TaskSignals t) {
        if (awaited.remove(t)) notifyAll();
    }

    /**
     * The dumper waits up to {@code timeoutNanos} for every other thread. Linux waits without
     * a limit; umk gives up on a thread stuck in an uninterruptible host call and reports it
     * as missing, so the caller can still describe it from what it last trapped with.
     */
    public synchronized Threads awaitThreads(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        boolean interrupted = false;
        while (!awaited.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) break;
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        List<Integer> missing = new ArrayList<>();
        for (TaskSignals t : awaited) missing.add(t.tid());
        return new Threads(List.copyOf(arrived), missing);
    }

    /** The dump is over (written or not): the waiting threads go on exiting. */
    public synchronized void finish() {
        done = true;
        awaited.clear();
        notifyAll();
    }

    public synchronized boolean finished() {
        return done;
    }
}
