package dev.umk.sched;

/** Runs the syscall a task's CPU trapped on; implemented by the syscalls module. */
@FunctionalInterface
public interface SyscallDispatcher {
    void dispatch(Task task);
}
