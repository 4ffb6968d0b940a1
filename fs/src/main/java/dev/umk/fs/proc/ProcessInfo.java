package dev.umk.fs.proc;

/**
 * What procfs asks the process layer: which processes exist, a view of each, and which task
 * the calling Java thread is serving. fs sits below sched, so sched implements this
 * ({@code dev.umk.sched.ProcessInfoSource}) and the kernel hands it to {@link ProcFsType};
 * tests use a fake.
 *
 * <p>Views are bound to one task object, not to a number: once that task is reaped its view
 * answers {@link TaskInfo#alive()} false for good, even if the pid is used again.
 */
public interface ProcessInfo {
    /** Thread-group ids of every process, zombies included, ascending. */
    int[] tgids();

    /**
     * The process {@code tgid} as /proc/PID shows it (its leader's ids, whole-group
     * statistics).
     *
     * @throws dev.umk.core.kernel.ErrnoException ESRCH when there is no such process
     */
    TaskInfo process(int tgid);

    /**
     * The thread {@code tid} of any process, as /proc/PID/task/TID shows it.
     *
     * @throws dev.umk.core.kernel.ErrnoException ESRCH when there is no such thread
     */
    TaskInfo thread(int tid);

    /**
     * The task whose system call the calling Java thread is serving: what /proc/self and
     * /proc/thread-self resolve to, and whose credentials proc's access checks use.
     *
     * @throws dev.umk.core.kernel.ErrnoException ENOENT on a thread serving no task (a kernel
     *     thread, as Linux's /proc/self is ENOENT for kernel threads)
     */
    TaskInfo current();
}
