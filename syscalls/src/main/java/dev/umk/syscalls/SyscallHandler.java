package dev.umk.syscalls;

import dev.umk.sched.Task;

/**
 * The one shape of every syscall handler: decode arguments from {@link Args}, call the
 * subsystem, return the result. Failure is an {@link dev.umk.core.kernel.ErrnoException};
 * the dispatcher turns it into {@code -errno}.
 */
@FunctionalInterface
public interface SyscallHandler {
    long handle(Task task, Args args);
}
