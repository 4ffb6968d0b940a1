package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.FileFlags;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.sched.SignalFd;
import dev.umk.sched.Task;

/** signalfd and signalfd4 over {@link SignalFd}; reads go through read(2). */
final class SignalfdSyscalls {
    private SignalfdSyscalls() {}

    private static final int SFD_CLOEXEC = FileFlags.O_CLOEXEC, SFD_NONBLOCK = FileFlags.O_NONBLOCK;

    static void register(SyscallTable t) {
        t.add(Sysno.SIGNALFD, "signal", (task, a) -> signalfd4(task, a.i32(0), a.u64(1), a.u64(2), 0));
        t.add(Sysno.SIGNALFD4, "signal", (task, a) -> signalfd4(task, a.i32(0), a.u64(1), a.u64(2), a.i32(3)));
    }

    /** signalfd4 implements Linux syscalls signalfd4(2) and signalfd(2). */
    static long signalfd4(Task t, int fd, long maskPtr, long size, int flags) {
        if ((flags & ~(SFD_CLOEXEC | SFD_NONBLOCK)) != 0 || size != 8) throw new ErrnoException(Errno.EINVAL);
        long mask = t.mm().readLong(maskPtr);
        if (fd != -1) {
            SignalFd.of(FsArgs.file(t, fd)).setMask(mask);
            return fd;
        }
        OpenFile f = AnonFiles.of(t.kernel()).open("[signalfd]", SignalFd.create(t, mask),
                FileFlags.O_RDONLY | (flags & SFD_NONBLOCK), FsArgs.cred(t));
        return FsArgs.install(t, f, (flags & SFD_CLOEXEC) != 0);
    }
}
