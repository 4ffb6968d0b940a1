package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;

/** The descriptor table: close, close_range, dup, dup2, dup3, fcntl, flock, ioctl. */
final class FdSyscalls {
    private FdSyscalls() {}

    static final int FIONCLEX = 0x5450, FIOCLEX = 0x5451, FIOQSIZE = 0x5460;
    private static final int F_OWNER_TID = 0;
    private static final int CAP_LEASE = 28;

    static void register(SyscallTable t) {
        t.add(Sysno.CLOSE, "fs", FdSyscalls::close);
        t.add(Sysno.CLOSE_RANGE, "fs", FdSyscalls::closeRange);
        t.add(Sysno.DUP, "fs", (task, a) -> FsArgs.fds(task).dup(a.i32(0), FsArgs.nofile(task)));
        t.add(Sysno.DUP2, "fs", (task, a) -> FsArgs.fds(task).dup2(a.i32(0), a.i32(1), FsArgs.nofile(task)));
        t.add(Sysno.DUP3, "fs", (task, a) -> FsArgs.fds(task).dup3(a.i32(0), a.i32(1), a.i32(2), FsArgs.nofile(task)));
        t.add(Sysno.FCNTL, "fs", FdSyscalls::fcntl);
        t.add(Sysno.FLOCK, "fs", FdSyscalls::flock);
        t.add(Sysno.IOCTL, "fs", FdSyscalls::ioctl);
    }

    /** close implements Linux syscall close(2). */
    static long close(Task t, Args a) {
        FsArgs.fds(t).close(a.i32(0));
        return 0;
    }

    /** close_range implements Linux syscall close_range(2). */
    static long closeRange(Task t, Args a) {
        FsArgs.fds(t).closeRange(a.i32(0), a.i32(1), a.i32(2));
        return 0;
    }

    /** fcntl implements Linux syscall fcntl(2). */
    static long fcntl(Task t, Args a) {
        int fd = a.i32(0);
        int cmd = a.i32(1);
        long arg = a.u64(2);
        FdTable fds = FsArgs.fds(t);
        OpenFile f = fds.getRaw(fd);
        if (f.isPath() && !pathFileCommand(cmd)) throw new ErrnoException(Errno.EBADF);
        switch (cmd) {
            case F_DUPFD, F_DUPFD_CLOEXEC -> {
                long nofile = FsArgs.nofile(t);
                if (arg < 0 || arg >= Math.min(nofile, FdTable.NR_OPEN)) throw new ErrnoException(Errno.EINVAL);
                return fds.dupFrom(fd, (int) arg, cmd == F_DUPFD_CLOEXEC, nofile);
            }
            case F_GETFD -> {
                return fds.getFdFlags(fd);
            }
            case F_SETFD -> {
                fds.setFdFlags(fd, (int) arg);
                return 0;
            }
            case F_GETFL -> {
                return f.flags();
            }
            case F_SETFL -> {
                f.setStatusFlags((int) arg);
                return 0;
            }
            case F_GETLK, F_SETLK, F_SETLKW, F_OFD_GETLK, F_OFD_SETLK, F_OFD_SETLKW -> {
                return RecordLocks.fcntl(t, f, cmd, arg);
            }
            case F_GETPIPE_SZ -> {
                return f.ops().pipeSize(f);
            }
            case F_SETPIPE_SZ -> {
                return f.ops().setPipeSize(f, (int) arg, FsArgs.cred(t).capable(Credentials.CAP_SYS_RESOURCE));
            }
            case F_GETOWN, F_GETSIG -> {
                return 0;
            }
            case F_SETOWN -> {
                return 0;
            }
            case F_SETSIG -> {
                if (arg > 64) throw new ErrnoException(Errno.EINVAL);
                return 0;
            }
            case F_GETOWN_EX -> {
                t.mm().write(arg, new byte[8], 0, 8);
                return 0;
            }
            case F_SETOWN_EX -> {
                int type = t.mm().readInt(arg);
                if (type < F_OWNER_TID || type > 2) throw new ErrnoException(Errno.EINVAL);
                return 0;
            }
            case F_GETLEASE -> {
                return F_UNLCK;
            }
            case F_SETLEASE -> {
                return lease(f, t, (int) arg);
            }
            case F_ADD_SEALS -> {
                FsArgs.files(t).memfds().addSeals(f, (int) arg);
                return 0;
            }
            case F_GET_SEALS -> {
                return FsArgs.files(t).memfds().seals(f);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** Commands that work on O_PATH descriptors (check_fcntl_cmd). */
    private static boolean pathFileCommand(int cmd) {
        return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD || cmd == F_GETFL;
    }

    /**
     * F_SETLEASE: leases are never granted (no lease-break machinery), which Linux also
     * answers with EAGAIN whenever other opens of the file exist; F_UNLCK always succeeds.
     */
    private static long lease(OpenFile f, Task t, int type) {
        Inode inode = f.inode();
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) throw new ErrnoException(Errno.EINVAL);
        if (!inode.isRegular()) throw new ErrnoException(Errno.EINVAL);
        if (FsArgs.cred(t).fsuid() != inode.uid() && !FsArgs.cred(t).capable(CAP_LEASE)) {
            throw new ErrnoException(Errno.EACCES);
        }
        if (type == F_UNLCK) return 0;
        throw new ErrnoException(Errno.EAGAIN);
    }

    /** flock implements Linux syscall flock(2). */
    static long flock(Task t, Args a) {
        OpenFile f = FsArgs.file(t, a.i32(0));
        FsArgs.files(t).locks().flock(f, a.i32(1), FsArgs.blocker(t));
        return 0;
    }

    /** ioctl implements Linux syscall ioctl(2): descriptor-level requests here, the rest by the file. */
    static long ioctl(Task t, Args a) {
        int fd = a.i32(0);
        int cmd = a.i32(1);
        long arg = a.u64(2);
        OpenFile f = FsArgs.file(t, fd);
        switch (cmd) {
            case FIOCLEX -> {
                FsArgs.fds(t).setFdFlags(fd, FD_CLOEXEC);
                return 0;
            }
            case FIONCLEX -> {
                FsArgs.fds(t).setFdFlags(fd, 0);
                return 0;
            }
            case FIOQSIZE -> {
                Inode i = f.inode();
                if (!i.isRegular() && !i.isDir() && !i.isSymlink()) throw new ErrnoException(Errno.ENOTTY);
                t.mm().writeLong(arg, i.size());
                return 0;
            }
            default -> {
                return f.ioctl(cmd, arg, FsArgs.user(t));
            }
        }
    }
}
