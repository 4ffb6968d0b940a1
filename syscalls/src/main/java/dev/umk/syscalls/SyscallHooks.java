package dev.umk.syscalls;

import dev.umk.fs.Blocker;
import dev.umk.fs.ParkingBlocker;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import java.util.Objects;

/**
 * The two places where file syscalls meet signals, kept as replaceable seams so the file
 * code does not depend on how signals are delivered:
 *
 * <ul>
 *   <li>{@link #blocker}: how a task sleeps in a blocking file operation. The default parks
 *       the task's thread and ends the sleep with ERESTARTSYS when a signal is pending for
 *       the task or its thread is interrupted (a signal's wake-up and Exit both interrupt it).
 *   <li>{@link #sigpipe}: what a write that failed with EPIPE does to the writer: a
 *       thread-directed SIGPIPE, which delivery then handles as the disposition says.
 * </ul>
 *
 * Either can be replaced with {@link #setBlockers} and {@link #setSigpipe}.
 */
public final class SyscallHooks {
    private SyscallHooks() {}

    /** Makes the Blocker a task sleeps with. */
    @FunctionalInterface
    public interface BlockerFactory {
        Blocker forTask(Task t);
    }

    /** Raises SIGPIPE on a task whose write hit a pipe or socket with no reader. */
    @FunctionalInterface
    public interface SigpipeHandler {
        void raise(Task t);
    }

    private static volatile BlockerFactory blockers = SyscallHooks::parkingBlocker;
    private static volatile SigpipeHandler sigpipe = SyscallHooks::defaultSigpipe;

    public static Blocker blocker(Task t) {
        return blockers.forTask(t);
    }

    public static void sigpipe(Task t) {
        sigpipe.raise(t);
    }

    /** send_sig(SIGPIPE, current): a thread-directed SIGPIPE, delivered before the write returns EPIPE. */
    private static void defaultSigpipe(Task t) {
        t.group().signals().sendToThread(t.signals(),
                dev.umk.sched.signal.SigInfo.user(Signals.SIGPIPE, t.group().pid(), t.group().uid()), false);
    }

    /** Parks the task's thread; a pending unblocked signal (which also interrupts the thread) ends the sleep. */
    private static Blocker parkingBlocker(Task t) {
        return new ParkingBlocker(() -> t.signals() != null && t.signals().signalPending());
    }

    public static void setBlockers(BlockerFactory f) {
        blockers = Objects.requireNonNull(f);
    }

    public static void setSigpipe(SigpipeHandler h) {
        sigpipe = Objects.requireNonNull(h);
    }
}
