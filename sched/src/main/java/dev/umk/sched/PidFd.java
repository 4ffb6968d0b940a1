package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.proc.TaskInfo;
import dev.umk.fs.proc.TgidDir;
import dev.umk.fs.PollEvents;
import dev.umk.fs.WaitQueue;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A pidfd (kernel/pid.c, fs/pidfs.c): a file that names one process, stable against pid
 * reuse. It polls readable once the process has exited, and hung up once it is reaped;
 * pidfd_send_signal, pidfd_getfd and waitid(P_PIDFD) act on the process it names.
 *
 * <p>Every process with a pidfd has one wait queue, woken when it exits and when it is reaped.
 * The queue map's monitor is a leaf lock.
 */
public final class PidFd implements FileOperations {
    private static final Map<ThreadGroup, WaitQueue> QUEUES = new WeakHashMap<>();

    private final ThreadGroup group;

    private PidFd(ThreadGroup group) {
        this.group = group;
    }

    /** A pidfd's operations for {@code g}, which must be a process (not yet reaped). */
    public static PidFd of(ThreadGroup g) {
        queue(g);
        return new PidFd(g);
    }

    /** The pidfd behind {@code f}; EBADF for other files, as Linux's pidfd_pid. */
    public static PidFd of(OpenFile f) {
        if (f.ops() instanceof PidFd p) return p;
        throw new ErrnoException(Errno.EBADF);
    }

    /**
     * The process a pidfd, or a /proc/PID directory fd, names: what pidfd_send_signal accepts
     * (Linux's tgid_pidfd_to_pid). EBADF for any other file; ESRCH when the directory's
     * process has been reaped.
     */
    public static ThreadGroup processOf(OpenFile f) {
        if (f.ops() instanceof PidFd p) return p.group;
        TaskInfo t = f.inode() == null ? null : TgidDir.processOf(f.inode());
        if (t == null) throw new ErrnoException(Errno.EBADF);
        ThreadGroup g = ProcessInfoSource.groupOf(t);
        if (g == null) throw new ErrnoException(Errno.EBADF);
        if (!t.alive() || g.state == ThreadGroup.State.REAPED) throw new ErrnoException(Errno.ESRCH);
        return g;
    }

    /** The process this pidfd names. */
    public ThreadGroup group() {
        return group;
    }

    /** True once the process has exited (a zombie, or already reaped). */
    public boolean exited() {
        return group.state != ThreadGroup.State.RUNNING;
    }

    /** True once the process is reaped: its pid is gone, signals to it fail with ESRCH. */
    public boolean reaped() {
        return group.state == ThreadGroup.State.REAPED;
    }

    @Override
    public int poll(OpenFile f) {
        ThreadGroup.State s = group.state;
        if (s == ThreadGroup.State.REAPED) return PollEvents.IN | PollEvents.POLLHUP;
        return s == ThreadGroup.State.ZOMBIE ? PollEvents.IN : 0;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return queue(group);
    }

    private static WaitQueue queue(ThreadGroup g) {
        synchronized (QUEUES) {
            return QUEUES.computeIfAbsent(g, k -> new WaitQueue());
        }
    }

    /** The process changed state (exited, reaped): pidfd pollers wake. */
    static void changed(ThreadGroup g) {
        WaitQueue q;
        synchronized (QUEUES) {
            q = QUEUES.get(g);
        }
        if (q != null) q.wake(PollEvents.IN | PollEvents.POLLHUP);
    }
}
