package dev.umk.syscalls;

import dev.umk.fs.Blocker;
import dev.umk.fs.ParkingBlocker;
import dev.umk.sched.Exit;
import dev.umk.sched.ExitStatus;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import java.util.Objects;

/**
 * The two places where file syscalls meet signals, kept as replaceable seams so the file
 * code does not depend on how signals are delivered:
 *
 * <ul>
 *   <li>{@link #blocker}: how a task sleeps in a blocking file operation. The default parks
 *       the task's thread and ends the sleep with ERESTARTSYS when the thread is interrupted
 *       (what Exit does to the other tasks of a dying process).
 *   <li>{@link #sigpipe}: what a write that failed with EPIPE does to the writer. The
 *       default is SIGPIPE's default action: the process dies by signal 13.
 * </ul>
 *
 * Signal delivery replaces both with {@link #setBlockers} and {@link #setSigpipe}.
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

    private static volatile BlockerFactory blockers = t -> new ParkingBlocker();
    private static volatile SigpipeHandler sigpipe =
            t -> Exit.group(t, ExitStatus.killed(Signals.SIGPIPE, false));

    public static Blocker blocker(Task t) {
        return blockers.forTask(t);
    }

    public static void sigpipe(Task t) {
        sigpipe.raise(t);
    }

    public static void setBlockers(BlockerFactory f) {
        blockers = Objects.requireNonNull(f);
    }

    public static void setSigpipe(SigpipeHandler h) {
        sigpipe = Objects.requireNonNull(h);
    }
}
