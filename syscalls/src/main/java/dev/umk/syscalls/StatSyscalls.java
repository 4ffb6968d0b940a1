package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;

/** File attributes out: stat, lstat, fstat, newfstatat, statx, statfs, fstatfs. */
final class StatSyscalls {
    private StatSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.STAT, "fs", (task, a) -> fstatat(task, AT_FDCWD, a.u64(0), a.u64(1), 0));
        t.add(Sysno.LSTAT, "fs", (task, a) -> fstatat(task, AT_FDCWD, a.u64(0), a.u64(1), AT_SYMLINK_NOFOLLOW));
        t.add(Sysno.FSTAT, "fs", StatSyscalls::fstat);
        t.add(Sysno.NEWFSTATAT, "fs", (task, a) -> fstatat(task, a.i32(0), a.u64(1), a.u64(2), a.i32(3)));
        t.add(Sysno.STATX, "fs", StatSyscalls::statx);
        t.add(Sysno.STATFS, "fs", StatSyscalls::statfs);
        t.add(Sysno.FSTATFS, "fs", StatSyscalls::fstatfs);
    }

    /** fstat implements Linux syscall fstat(2); O_PATH descriptors may be used. */
    static long fstat(Task t, Args a) {
        writeStat(t, a.u64(1), FsArgs.fileRaw(t, a.i32(0)).stat());
        return 0;
    }

    /** stat, lstat and newfstatat implement Linux syscalls stat(2), lstat(2) and fstatat(2). */
    static long fstatat(Task t, int dirfd, long pathVa, long buf, int flags) {
        String path = FsArgs.path(t, pathVa);
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
        Stat st = FsArgs.vfs(t).stat(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, flags);
        writeStat(t, buf, st);
        return 0;
    }

    /** statx implements Linux syscall statx(2); a NULL path with AT_EMPTY_PATH means the dirfd itself. */
    static long statx(Task t, Args a) {
        int dirfd = a.i32(0);
        int flags = a.i32(2);
        int mask = a.i32(3);
        if ((mask & Stat.STATX_RESERVED) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE) throw new ErrnoException(Errno.EINVAL);
        String path = a.u64(1) == 0 && (flags & AT_EMPTY_PATH) != 0 ? "" : FsArgs.path(t, a.u64(1));
        if (path.isEmpty() && (flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
        Stat st = FsArgs.vfs(t).stat(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, flags);
        byte[] out = new byte[Stat.STATX_SIZE];
        st.encodeStatx(ByteBuffer.wrap(out), mask);
        t.mm().write(a.u64(4), out, 0, out.length);
        return 0;
    }

    /** statfs implements Linux syscall statfs(2). */
    static long statfs(Task t, Args a) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        writeStatFs(t, a.u64(1), FsArgs.vfs(t).statfs(FsArgs.fs(t), FsArgs.cred(t), null, path));
        return 0;
    }

    /** fstatfs implements Linux syscall fstatfs(2). */
    static long fstatfs(Task t, Args a) {
        writeStatFs(t, a.u64(1), FsArgs.vfs(t).fstatfs(FsArgs.fileRaw(t, a.i32(0))));
        return 0;
    }

    static void writeStat(Task t, long va, Stat st) {
        byte[] out = new byte[Stat.STAT_SIZE];
        st.encode(ByteBuffer.wrap(out));
        t.mm().write(va, out, 0, out.length);
    }

    private static void writeStatFs(Task t, long va, StatFs s) {
        byte[] out = new byte[StatFs.SIZE];
        s.encode(ByteBuffer.wrap(out));
        t.mm().write(va, out, 0, out.length);
    }
}
