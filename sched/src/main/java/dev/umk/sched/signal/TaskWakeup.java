package dev.umk.sched.signal;

/**
 * How the signal code makes a task notice a newly pending signal (Linux's
 * signal_wake_up): the kernel supplies one per task. It should interrupt an interruptible
 * sleep so the syscall returns ERESTART*, and kick the task out of guest code
 * (GuestCpu.interrupt). Called with the process's siglock held: it must not block and may
 * take only leaf locks.
 */
@FunctionalInterface
public interface TaskWakeup {
    /** @param fatal the task is being killed: wake it from killable waits too */
    void wake(boolean fatal);
}
