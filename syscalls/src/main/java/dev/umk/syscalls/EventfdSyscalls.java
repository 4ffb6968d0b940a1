package dev.umk.syscalls;

import static dev.umk.fs.eventfd.EventFd.EFD_CLOEXEC;

import dev.umk.core.abi.Sysno;
import dev.umk.fs.OpenFile;
import dev.umk.fs.eventfd.EventFd;
import dev.umk.sched.Task;

/** eventfd and eventfd2 over {@link EventFd}; reads and writes go through the ordinary read/write syscalls. */
final class EventfdSyscalls {
    private EventfdSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.EVENTFD, "eventfd", (task, a) -> eventfd2(task, a.u32(0), 0));
        t.add(Sysno.EVENTFD2, "eventfd", (task, a) -> eventfd2(task, a.u32(0), a.i32(1)));
    }

    /** eventfd2 implements Linux syscalls eventfd2(2) and eventfd(2) (no flags). */
    static long eventfd2(Task t, long initval, int flags) {
        OpenFile f = EventFd.create(AnonFiles.of(t.kernel()), FsArgs.cred(t), initval, flags);
        return FsArgs.install(t, f, (flags & EFD_CLOEXEC) != 0);
    }
}
