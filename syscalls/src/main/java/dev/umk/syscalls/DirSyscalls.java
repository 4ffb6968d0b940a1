package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;

/**
 * The namespace: directory listing (getdents64, getdents) and the calls that add, remove
 * and rename names (mkdir, mknod, rmdir, unlink, rename, link, symlink) or read a symlink.
 */
final class DirSyscalls {
    private DirSyscalls() {}

    /** The largest listing buffer served at once; a bigger one is simply filled less. */
    private static final int MAX_DIRENT_BUF = 1 << 20;

    static void register(SyscallTable t) {
        t.add(Sysno.GETDENTS64, "fs", (task, a) -> getdents(task, a, true));
        t.add(Sysno.GETDENTS, "fs", (task, a) -> getdents(task, a, false));
        t.add(Sysno.MKDIR, "fs", (task, a) -> mkdirat(task, AT_FDCWD, a.u64(0), a.i32(1)));
        t.add(Sysno.MKDIRAT, "fs", (task, a) -> mkdirat(task, a.i32(0), a.u64(1), a.i32(2)));
        t.add(Sysno.MKNOD, "fs", (task, a) -> mknodat(task, AT_FDCWD, a.u64(0), a.i32(1), a.u32(2)));
        t.add(Sysno.MKNODAT, "fs", (task, a) -> mknodat(task, a.i32(0), a.u64(1), a.i32(2), a.u32(3)));
        t.add(Sysno.RMDIR, "fs", (task, a) -> unlinkat(task, AT_FDCWD, a.u64(0), AT_REMOVEDIR));
        t.add(Sysno.UNLINK, "fs", (task, a) -> unlinkat(task, AT_FDCWD, a.u64(0), 0));
        t.add(Sysno.UNLINKAT, "fs", (task, a) -> unlinkat(task, a.i32(0), a.u64(1), a.i32(2)));
        t.add(Sysno.RENAME, "fs", (task, a) -> renameat2(task, AT_FDCWD, a.u64(0), AT_FDCWD, a.u64(1), 0));
        t.add(Sysno.RENAMEAT, "fs", (task, a) -> renameat2(task, a.i32(0), a.u64(1), a.i32(2), a.u64(3), 0));
        t.add(Sysno.RENAMEAT2, "fs", (task, a) -> renameat2(task, a.i32(0), a.u64(1), a.i32(2), a.u64(3), a.i32(4)));
        t.add(Sysno.LINK, "fs", (task, a) -> linkat(task, AT_FDCWD, a.u64(0), AT_FDCWD, a.u64(1), 0));
        t.add(Sysno.LINKAT, "fs", (task, a) -> linkat(task, a.i32(0), a.u64(1), a.i32(2), a.u64(3), a.i32(4)));
        t.add(Sysno.SYMLINK, "fs", (task, a) -> symlinkat(task, a.u64(0), AT_FDCWD, a.u64(1)));
        t.add(Sysno.SYMLINKAT, "fs", (task, a) -> symlinkat(task, a.u64(0), a.i32(1), a.u64(2)));
        t.add(Sysno.READLINK, "fs", (task, a) -> readlinkat(task, AT_FDCWD, a.u64(0), a.u64(1), a.i32(2)));
        t.add(Sysno.READLINKAT, "fs", (task, a) -> readlinkat(task, a.i32(0), a.u64(1), a.u64(2), a.i32(3)));
    }

    /** getdents64 and getdents implement Linux syscalls getdents64(2) and getdents(2). */
    static long getdents(Task t, Args a, boolean dirent64) {
        OpenFile f = FsArgs.file(t, a.i32(0));
        int count = (int) Math.min(a.u32(2), MAX_DIRENT_BUF);
        byte[] buf = new byte[count];
        int n = f.getdents64(ByteBuffer.wrap(buf));
        if (!dirent64) toOldDirents(buf, n);
        t.mm().write(a.u64(1), buf, 0, n);
        return n;
    }

    /**
     * Rewrites linux_dirent64 records as the old linux_dirent in place. Both have the same
     * length for a name (ALIGN(20 + namelen, 8)); the old one has the name one byte earlier
     * and d_type in the record's last byte.
     */
    static void toOldDirents(byte[] b, int n) {
        int p = 0;
        while (p < n) {
            int reclen = (b[p + 16] & 0xff) | (b[p + 17] & 0xff) << 8;
            byte type = b[p + 18];
            int len = 0;
            while (b[p + 19 + len] != 0) len++;
            System.arraycopy(b, p + 19, b, p + 18, len);
            for (int i = p + 18 + len; i < p + reclen; i++) b[i] = 0;
            b[p + reclen - 1] = type;
            p += reclen;
        }
    }

    /** mkdir and mkdirat implement Linux syscalls mkdir(2) and mkdirat(2). */
    static long mkdirat(Task t, int dirfd, long pathVa, int mode) {
        String path = FsArgs.nonEmptyPath(t, pathVa);
        FsArgs.vfs(t).mkdir(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, mode);
        return 0;
    }

    /** mknod and mknodat implement Linux syscalls mknod(2) and mknodat(2); dev is the old 32-bit encoding. */
    static long mknodat(Task t, int dirfd, long pathVa, int mode, long dev) {
        String path = FsArgs.nonEmptyPath(t, pathVa);
        int major = (int) ((dev & 0xfff00) >>> 8);
        int minor = (int) ((dev & 0xff) | ((dev >>> 12) & 0xfff00));
        FsArgs.vfs(t).mknod(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, mode,
                Stat.makedev(major, minor));
        return 0;
    }

    /** rmdir, unlink and unlinkat implement Linux syscalls rmdir(2), unlink(2) and unlinkat(2). */
    static long unlinkat(Task t, int dirfd, long pathVa, int flags) {
        String path = FsArgs.nonEmptyPath(t, pathVa);
        FsArgs.vfs(t).unlinkat(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path, flags);
        return 0;
    }

    /** rename, renameat and renameat2 implement Linux syscalls rename(2), renameat(2) and renameat2(2). */
    static long renameat2(Task t, int oldDirfd, long oldVa, int newDirfd, long newVa, int flags) {
        String from = FsArgs.nonEmptyPath(t, oldVa);
        String to = FsArgs.nonEmptyPath(t, newVa);
        FsArgs.vfs(t).rename(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, oldDirfd, from), from,
                FsArgs.dir(t, newDirfd, to), to, flags);
        return 0;
    }

    /** link and linkat implement Linux syscalls link(2) and linkat(2). */
    static long linkat(Task t, int oldDirfd, long oldVa, int newDirfd, long newVa, int flags) {
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        String from = FsArgs.path(t, oldVa);
        if (from.isEmpty() && (flags & AT_EMPTY_PATH) == 0) throw new ErrnoException(Errno.ENOENT);
        String to = FsArgs.nonEmptyPath(t, newVa);
        FsArgs.vfs(t).link(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, oldDirfd, from), from,
                FsArgs.dir(t, newDirfd, to), to, flags);
        return 0;
    }

    /** symlink and symlinkat implement Linux syscalls symlink(2) and symlinkat(2). */
    static long symlinkat(Task t, long targetVa, int dirfd, long pathVa) {
        String target = FsArgs.path(t, targetVa);
        String path = FsArgs.nonEmptyPath(t, pathVa);
        FsArgs.vfs(t).symlink(FsArgs.fs(t), FsArgs.cred(t), target, FsArgs.dir(t, dirfd, path), path);
        return 0;
    }

    /** readlink and readlinkat implement Linux syscalls readlink(2) and readlinkat(2): no NUL, truncated to bufsiz. */
    static long readlinkat(Task t, int dirfd, long pathVa, long buf, int bufsiz) {
        String path = FsArgs.path(t, pathVa);
        if (bufsiz <= 0) throw new ErrnoException(Errno.EINVAL);
        if (path.isEmpty() && dirfd == AT_FDCWD) throw new ErrnoException(Errno.ENOENT);
        byte[] target = Names.toBytes(FsArgs.vfs(t).readlink(FsArgs.fs(t), FsArgs.cred(t), FsArgs.dir(t, dirfd, path), path));
        int n = Math.min(target.length, bufsiz);
        t.mm().write(buf, target, 0, n);
        return n;
    }
}
