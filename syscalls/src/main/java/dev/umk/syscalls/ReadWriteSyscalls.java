package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;

/** Data syscalls on open files: read, write and their positioned and vectored forms, lseek, sync. */
final class ReadWriteSyscalls {
    private ReadWriteSyscalls() {}

    /** preadv2/pwritev2 flags (RWF_*). */
    static final int RWF_HIPRI = 1, RWF_DSYNC = 2, RWF_SYNC = 4, RWF_NOWAIT = 8, RWF_APPEND = 0x10, RWF_NOAPPEND = 0x20;
    private static final int RWF_SUPPORTED = RWF_HIPRI | RWF_DSYNC | RWF_SYNC | RWF_NOWAIT | RWF_APPEND | RWF_NOAPPEND;

    static void register(SyscallTable t) {
        t.add(Sysno.READ, "fs", ReadWriteSyscalls::read);
        t.add(Sysno.WRITE, "fs", ReadWriteSyscalls::write);
        t.add(Sysno.PREAD64, "fs", ReadWriteSyscalls::pread64);
        t.add(Sysno.PWRITE64, "fs", ReadWriteSyscalls::pwrite64);
        t.add(Sysno.READV, "fs", ReadWriteSyscalls::readv);
        t.add(Sysno.WRITEV, "fs", ReadWriteSyscalls::writev);
        t.add(Sysno.PREADV, "fs", ReadWriteSyscalls::preadv);
        t.add(Sysno.PWRITEV, "fs", ReadWriteSyscalls::pwritev);
        t.add(Sysno.PREADV2, "fs", ReadWriteSyscalls::preadv2);
        t.add(Sysno.PWRITEV2, "fs", ReadWriteSyscalls::pwritev2);
        t.add(Sysno.LSEEK, "fs", ReadWriteSyscalls::lseek);
        t.add(Sysno.FSYNC, "fs", (task, a) -> sync(task, a.i32(0), false));
        t.add(Sysno.FDATASYNC, "fs", (task, a) -> sync(task, a.i32(0), true));
        t.add(Sysno.SYNC, "fs", (task, a) -> 0);
        t.add(Sysno.SYNCFS, "fs", ReadWriteSyscalls::syncfs);
    }

    /** read implements Linux syscall read(2). */
    static long read(Task t, Args a) {
        OpenFile f = FsArgs.fds(t).acquire(a.i32(0));
        try {
            return FileIo.read(t, f, a.u64(1), a.u64(2), -1);
        } finally {
            f.put();
        }
    }

    /** write implements Linux syscall write(2). */
    static long write(Task t, Args a) {
        OpenFile f = FsArgs.fds(t).acquire(a.i32(0));
        try {
            return FileIo.write(t, f, a.u64(1), a.u64(2), -1);
        } finally {
            f.put();
        }
    }

    /** pread64 implements Linux syscall pread64(2). */
    static long pread64(Task t, Args a) {
        long off = positional(a.u64(3));
        OpenFile f = FsArgs.fds(t).acquire(a.i32(0));
        try {
            return FileIo.read(t, f, a.u64(1), a.u64(2), position(f, off));
        } finally {
            f.put();
        }
    }

    /** pwrite64 implements Linux syscall pwrite64(2). */
    static long pwrite64(Task t, Args a) {
        long off = positional(a.u64(3));
        OpenFile f = FsArgs.fds(t).acquire(a.i32(0));
        try {
            return FileIo.write(t, f, a.u64(1), a.u64(2), position(f, off));
        } finally {
            f.put();
        }
    }

    /** readv implements Linux syscall readv(2). */
    static long readv(Task t, Args a) {
        return vectored(t, a, false, -1, 0);
    }

    /** writev implements Linux syscall writev(2). */
    static long writev(Task t, Args a) {
        return vectored(t, a, true, -1, 0);
    }

    /** preadv implements Linux syscall preadv(2) (x86-64 passes the whole offset in one register). */
    static long preadv(Task t, Args a) {
        return vectored(t, a, false, positional(a.u64(3)), 0);
    }

    /** pwritev implements Linux syscall pwritev(2). */
    static long pwritev(Task t, Args a) {
        return vectored(t, a, true, positional(a.u64(3)), 0);
    }

    /** preadv2 implements Linux syscall preadv2(2): an offset of -1 reads at the file position. */
    static long preadv2(Task t, Args a) {
        return vectored(t, a, false, a.u64(3) == -1 ? -1 : positional(a.u64(3)), a.i32(5));
    }

    /** pwritev2 implements Linux syscall pwritev2(2). */
    static long pwritev2(Task t, Args a) {
        return vectored(t, a, true, a.u64(3) == -1 ? -1 : positional(a.u64(3)), a.i32(5));
    }

    private static long positional(long off) {
        if (off < 0) throw new ErrnoException(Errno.EINVAL);
        return off;
    }

    private static long vectored(Task t, Args a, boolean write, long offset, int rwf) {
        if ((rwf & ~RWF_SUPPORTED) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        OpenFile f = FsArgs.fds(t).acquire(a.i32(0));
        try {
            if (f.isPath()) throw new ErrnoException(Errno.EBADF);
            if (offset >= 0 && f.ops().stream()) throw new ErrnoException(Errno.ESPIPE);
            if ((rwf & RWF_NOWAIT) != 0 && !f.inode().isRegular() && !f.isNonBlocking()) {
                throw new ErrnoException(Errno.EOPNOTSUPP);
            }
            long[] iov = t.mm().readIovec(a.u64(1), a.i32(2));
            long n = write ? FileIo.writev(t, f, iov, offset) : FileIo.readv(t, f, iov, offset);
            if (write && (rwf & (RWF_SYNC | RWF_DSYNC)) != 0) f.fsync((rwf & RWF_SYNC) == 0);
            return n;
        } finally {
            f.put();
        }
    }

    /** pread/pwrite on a file without positions (FMODE_PREAD clear) is ESPIPE. */
    private static long position(OpenFile f, long off) {
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        if (f.ops().stream()) throw new ErrnoException(Errno.ESPIPE);
        return off;
    }

    /** lseek implements Linux syscall lseek(2). */
    static long lseek(Task t, Args a) {
        int whence = a.i32(2);
        OpenFile f = FsArgs.file(t, a.i32(0));
        if (whence < SEEK_SET || whence > SEEK_HOLE) throw new ErrnoException(Errno.EINVAL);
        return f.lseek(a.u64(1), whence);
    }

    /** fsync/fdatasync implement Linux syscalls fsync(2) and fdatasync(2). */
    private static long sync(Task t, int fd, boolean dataOnly) {
        FsArgs.file(t, fd).fsync(dataOnly);
        return 0;
    }

    /** syncfs implements Linux syscall syncfs(2): everything is written through, so it only checks the fd. */
    static long syncfs(Task t, Args a) {
        FsArgs.file(t, a.i32(0));
        return 0;
    }
}
