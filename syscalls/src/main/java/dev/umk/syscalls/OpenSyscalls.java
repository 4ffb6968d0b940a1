package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.fs.VfsPath;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Opening files: open, openat, openat2, creat. */
final class OpenSyscalls {
    private OpenSyscalls() {}

    /** struct open_how: u64 flags, u64 mode, u64 resolve. */
    static final int OPEN_HOW_SIZE = 24;
    /** The flags O_PATH may be combined with in openat2. */
    private static final int O_PATH_FLAGS = O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC;

    static void register(SyscallTable t) {
        t.add(Sysno.OPEN, "fs", (task, a) -> open(task, AT_FDCWD, a.u64(0), a.i32(1), a.i32(2)));
        t.add(Sysno.OPENAT, "fs", (task, a) -> open(task, a.i32(0), a.u64(1), a.i32(2), a.i32(3)));
        t.add(Sysno.CREAT, "fs", (task, a) -> open(task, AT_FDCWD, a.u64(0), O_CREAT | O_WRONLY | O_TRUNC, a.i32(1)));
        t.add(Sysno.OPENAT2, "fs", OpenSyscalls::openat2);
    }

    /** open, openat and creat implement Linux syscalls open(2), openat(2) and creat(2). */
    static long open(Task t, int dirfd, long pathVa, int flags, int mode) {
        String path = FsArgs.nonEmptyPath(t, pathVa);
        flags = (flags & VALID_OPEN_FLAGS) | O_LARGEFILE;
        if ((flags & O_PATH) != 0) flags &= O_PATH_FLAGS;
        mode = (flags & (O_CREAT | O_TMPFILE_BIT)) != 0 ? mode & S_IALLUGO : 0;
        VfsPath dir = FsArgs.dir(t, dirfd, path);
        OpenFile f = FsArgs.vfs(t).open(FsArgs.fs(t), FsArgs.cred(t), dir, path, flags, mode, FsArgs.blocker(t));
        return FsArgs.install(t, f, (flags & O_CLOEXEC) != 0);
    }

    /** openat2 implements Linux syscall openat2(2). */
    static long openat2(Task t, Args a) {
        long size = a.u64(3);
        if (size < OPEN_HOW_SIZE) throw new ErrnoException(Errno.EINVAL);
        if (size > 4096) throw new ErrnoException(Errno.E2BIG);
        byte[] raw = new byte[(int) size];
        t.mm().read(a.u64(2), raw, 0, raw.length);
        for (int i = OPEN_HOW_SIZE; i < raw.length; i++) if (raw[i] != 0) throw new ErrnoException(Errno.E2BIG);
        ByteBuffer how = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long flags = how.getLong(0), mode = how.getLong(8), resolve = how.getLong(16);
        if ((flags & ~(long) VALID_OPEN_FLAGS) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & (O_CREAT | O_TMPFILE_BIT)) != 0) {
            if ((mode & ~(long) S_IALLUGO) != 0) throw new ErrnoException(Errno.EINVAL);
        } else if (mode != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & O_PATH) != 0 && (flags & ~(long) O_PATH_FLAGS) != 0) throw new ErrnoException(Errno.EINVAL);
        ResolveFlags.validate(resolve, (int) flags);
        int f = (int) flags;
        if (resolve == 0) return open(t, a.i32(0), a.u64(1), f, (int) mode);
        return ResolveFlags.open(t, a.i32(0), FsArgs.nonEmptyPath(t, a.u64(1)), f | O_LARGEFILE, (int) mode, resolve);
    }
}
