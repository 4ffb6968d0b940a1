package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;

/**
 * File attributes in: chmod, chown, the utime family, truncate, fallocate, and the
 * permission query access.
 */
final class AttrSyscalls {
    private AttrSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.CHMOD, "fs", (task, a) -> chmodat(task, AT_FDCWD, a.u64(0), a.i32(1), 0));
        t.add(Sysno.FCHMODAT, "fs", (task, a) -> chmodat(task, a.i32(0), a.u64(1), a.i32(2), 0));
        t.add(Sysno.FCHMODAT2, "fs", (task, a) -> chmodat(task, a.i32(0), a.u64(1), a.i32(2), a.i32(3)));
        t.add(Sysno.FCHMOD, "fs", (task, a) -> {
            FsArgs.vfs(task).fchmod(FsArgs.file(task, a.i32(0)), FsArgs.cred(task), a.i32(1));
            return 0;
        });
        t.add(Sysno.CHOWN, "fs", (task, a) -> chownat(task, AT_FDCWD, a.u64(0), a.i32(1), a.i32(2), 0));
        t.add(Sysno.LCHOWN, "fs", (task, a) -> chownat(task, AT_FDCWD, a.u64(0), a.i32(1), a.i32(2), AT_SYMLINK_NOFOLLOW));
        t.add(Sysno.FCHOWNAT, "fs", (task, a) -> chownat(task, a.i32(0), a.u64(1), a.i32(2), a.i32(3), a.i32(4)));
        t.add(Sysno.FCHOWN, "fs", (task, a) -> {
            FsArgs.vfs(task).fchown(FsArgs.file(task, a.i32(0)), FsArgs.cred(task), a.i32(1), a.i32(2));
            return 0;
        });
        t.add(Sysno.UTIME, "fs", AttrSyscalls::utime);
        t.add(Sysno.UTIMES, "fs", (task, a) -> futimesat(task, AT_FDCWD, a.u64(0), a.u64(1)));
        t.add(Sysno.FUTIMESAT, "fs", (task, a) -> futimesat(task, a.i32(0), a.u64(1), a.u64(2)));
        t.add(Sysno.UTIMENSAT, "fs", AttrSyscalls::utimensat);
        t.add(Sysno.TRUNCATE, "fs", AttrSyscalls::truncate);
        t.add(Sysno.FTRUNCATE, "fs", (task, a) -> {
            var f = FsArgs.file(task, a.i32(0));
            if ((long) a.u64(1) >= 0) Memfds.checkResize(f, a.u64(1));
            FsArgs.vfs(task).ftruncate(f, a.u64(1));
            return 0;
        });
        t.add(Sysno.FALLOCATE, "fs", (task, a) -> {
            FsArgs.vfs(task).fallocate(FsArgs.file(task, a.i32(0)), a.i32(1), a.u64(2), a.u64(3));
            return 0;
        });
        t.add(Sysno.ACCESS, "fs", (task, a) -> faccessat(task, AT_FDCWD, a.u64(0), a.i32(1), 0));
        t.add(Sysno.FACCESSAT, "fs", (task, a) -> faccessat(task, a.i32(0), a.u64(1), a.i32(2), 0));
        t.add(Sysno.FACCESSAT2, "fs", (task, a) -> faccessat(task, a.i32(0), a.u64(1), a.i32(2), a.i32(3)));
    }

    /** chmod, fchmodat and fchmodat2 implement Linux syscalls chmod(2), fchmodat(2) and fchmodat2(2). */
    static long chmodat(Task t, int dirfd, long pathVa, int mode, int flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = pathFor(t, pathVa, flags);
        FsArgs.vfs(t).chmod(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, mode, flags);
        return 0;
    }

    /** chown, lchown and fchownat implement Linux syscalls chown(2), lchown(2) and fchownat(2). */
    static long chownat(Task t, int dirfd, long pathVa, int uid, int gid, int flags) {
        if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = pathFor(t, pathVa, flags);
        FsArgs.vfs(t).chown(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, uid, gid, flags);
        return 0;
    }

    /** utime implements Linux syscall utime(2): struct utimbuf {actime, modtime} in whole seconds. */
    static long utime(Task t, Args a) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        long[] times = null;
        if (a.u64(1) != 0) {
            times = new long[] {t.mm().readLong(a.u64(1)), 0, t.mm().readLong(a.u64(1) + 8), 0};
        }
        FsArgs.vfs(t).utimens(FsArgs.fs(t), FsArgs.cred(t), null, path, times, 0);
        return 0;
    }

    /** utimes and futimesat implement Linux syscalls utimes(2) and futimesat(2): struct timeval[2]. */
    static long futimesat(Task t, int dirfd, long pathVa, long tv) {
        String path = FsArgs.nonEmptyPath(t, pathVa);
        long[] times = null;
        if (tv != 0) {
            times = new long[4];
            for (int i = 0; i < 2; i++) {
                long sec = t.mm().readLong(tv + 16L * i);
                long usec = t.mm().readLong(tv + 16L * i + 8);
                if (usec < 0 || usec >= 1_000_000) throw new ErrnoException(Errno.EINVAL);
                times[2 * i] = sec;
                times[2 * i + 1] = usec * 1000;
            }
        }
        FsArgs.vfs(t).utimens(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, times, 0);
        return 0;
    }

    /** utimensat implements Linux syscall utimensat(2); a NULL path changes the file dirfd refers to. */
    static long utimensat(Task t, Args a) {
        int dirfd = a.i32(0);
        long pathVa = a.u64(1);
        long ts = a.u64(2);
        int flags = a.i32(3);
        long[] times = null;
        if (ts != 0) {
            times = new long[4];
            for (int i = 0; i < 4; i++) times[i] = t.mm().readLong(ts + 8L * i);
        }
        if (pathVa == 0 && dirfd != AT_FDCWD) {
            if (flags != 0) throw new ErrnoException(Errno.EINVAL);
            FsArgs.vfs(t).futimens(FsArgs.file(t, dirfd), FsArgs.cred(t), times);
            return 0;
        }
        if (pathVa == 0) throw new ErrnoException(Errno.EFAULT);
        String path = pathFor(t, pathVa, flags);
        FsArgs.vfs(t).utimens(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, times, flags);
        return 0;
    }

    /** truncate implements Linux syscall truncate(2). */
    static long truncate(Task t, Args a) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        FsArgs.vfs(t).truncate(FsArgs.fs(t), FsArgs.cred(t), null, path, a.u64(1));
        return 0;
    }

    /** access, faccessat and faccessat2 implement Linux syscalls access(2), faccessat(2) and faccessat2(2). */
    static long faccessat(Task t, int dirfd, long pathVa, int mode, int flags) {
        if ((mode & ~7) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String path = pathFor(t, pathVa, flags);
        FsArgs.vfs(t).access(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, mode, flags);
        return 0;
    }

    /** A path that may be empty only with AT_EMPTY_PATH. */
    private static String pathFor(Task t, long va, int flags) {
        String p = FsArgs.path(t, va);
        if (p.isEmpty() && (flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
        return p;
    }
}
