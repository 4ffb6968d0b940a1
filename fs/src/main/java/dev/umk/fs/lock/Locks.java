package dev.umk.fs.lock;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FdTable;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;

/**
 * Advisory file locks for flock(2) and fcntl(2) F_GETLK/F_SETLK/F_SETLKW and their OFD
 * forms. POSIX locks are owned by the caller's {@link FdTable} (so threads share them and
 * fork does not inherit them) and vanish when that table closes any fd of the file; OFD
 * and flock locks are owned by the open file description and vanish with its last close.
 * The fd table and OpenFile call the release hooks themselves.
 */
public final class Locks {
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    private Locks() {}

    private static InodeLocks of(Inode inode) {
        return (InodeLocks) inode.lockState(InodeLocks::new);
    }

    /** flock(2). */
    public static void flock(OpenFile f, int op, Blocker blocker) {
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        int type = switch (op & ~LOCK_NB) {
            case LOCK_SH -> F_RDLCK;
            case LOCK_EX -> F_WRLCK;
            case LOCK_UN -> F_UNLCK;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        of(f.inode()).flock(f, type, (op & LOCK_NB) == 0, blocker);
    }

    /** F_GETLK: the lock that would block {@code req}, or a copy of it with type F_UNLCK. */
    public static Flock getPosix(OpenFile f, FdTable owner, Flock req) {
        return test(f, FileLock.Kind.POSIX, owner, req);
    }

    /** F_SETLK (wait false) / F_SETLKW (wait true); {@code pid} is what F_GETLK reports to others. */
    public static void setPosix(OpenFile f, FdTable owner, int pid, Flock req, boolean wait, Blocker blocker) {
        set(f, FileLock.Kind.POSIX, owner, pid, req, wait, blocker);
    }

    /** F_OFD_GETLK: l_pid must be 0; a conflicting OFD lock reports pid -1. */
    public static Flock getOfd(OpenFile f, Flock req) {
        if (req.pid() != 0) throw new ErrnoException(Errno.EINVAL);
        return test(f, FileLock.Kind.OFD, f, req);
    }

    /** F_OFD_SETLK / F_OFD_SETLKW. */
    public static void setOfd(OpenFile f, Flock req, boolean wait, Blocker blocker) {
        if (req.pid() != 0) throw new ErrnoException(Errno.EINVAL);
        set(f, FileLock.Kind.OFD, f, -1, req, wait, blocker);
    }

    /** POSIX locks of {@code owner} on {@code f}'s inode go when the table closes any fd of it. */
    public static void closed(OpenFile f, FdTable owner) {
        Object s = f.inode().lockStateIfAny();
        if (s != null) ((InodeLocks) s).releaseAll(owner, true, false);
    }

    /** OFD and flock locks of a description go with its last reference. */
    public static void released(OpenFile f) {
        Object s = f.inode().lockStateIfAny();
        if (s != null) ((InodeLocks) s).releaseAll(f, true, true);
    }

    private static Flock test(OpenFile f, FileLock.Kind kind, Object owner, Flock req) {
        if (req.type() != F_RDLCK && req.type() != F_WRLCK) throw new ErrnoException(Errno.EINVAL);
        long[] r = range(f, req);
        FileLock c = of(f.inode()).test(new FileLock(kind, owner, req.type(), r[0], r[1], 0));
        if (c == null) return new Flock(F_UNLCK, req.whence(), req.start(), req.len(), req.pid());
        long len = c.end() == Long.MAX_VALUE ? 0 : c.end() - c.start() + 1;
        return new Flock(c.type(), SEEK_SET, c.start(), len, c.kind() == FileLock.Kind.OFD ? -1 : c.pid());
    }

    private static void set(OpenFile f, FileLock.Kind kind, Object owner, int pid, Flock req, boolean wait, Blocker blocker) {
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        switch (req.type()) {
            case F_RDLCK -> {
                if (!f.canRead()) throw new ErrnoException(Errno.EBADF);
            }
            case F_WRLCK -> {
                if (!f.canWrite()) throw new ErrnoException(Errno.EBADF);
            }
            case F_UNLCK -> { }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        long[] r = range(f, req);
        of(f.inode()).set(new FileLock(kind, owner, req.type(), r[0], r[1], pid), wait, blocker);
    }

    /** flock_to_posix_lock: the absolute inclusive byte range a struct flock names. */
    static long[] range(OpenFile f, Flock req) {
        long base = switch (req.whence()) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> f.position();
            case SEEK_END -> f.inode().size();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        long start = base + req.start();
        if ((req.start() > 0 && start < base) || start < 0) throw new ErrnoException(Errno.EINVAL);
        long end;
        if (req.len() > 0) {
            end = start + req.len() - 1;
            if (end < start) throw new ErrnoException(Errno.EOVERFLOW);
        } else if (req.len() == 0) {
            end = Long.MAX_VALUE;
        } else {
            end = start - 1;
            start += req.len();
            if (start < 0) throw new ErrnoException(Errno.EINVAL);
        }
        return new long[] {start, end};
    }
}
