package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.fs.lock.FileLocks;
import dev.umk.fs.lock.RecordLock;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * fcntl's record-lock commands: decodes {@code struct flock} (short l_type, short l_whence,
 * off_t l_start at 8, off_t l_len at 16, pid_t l_pid at 24; 32 bytes), turns it into an
 * inclusive byte range as fs/locks.c's flock_to_posix_lock does, and asks the
 * {@link FileLocks}. POSIX locks belong to the fd table, OFD locks to the open file.
 */
final class RecordLocks {
    private RecordLocks() {}

    static final int FLOCK_SIZE = 32;

    static long fcntl(Task t, OpenFile f, int cmd, long va) {
        byte[] raw = new byte[FLOCK_SIZE];
        t.mm().read(va, raw, 0, FLOCK_SIZE);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        int type = b.getShort(0);
        int whence = b.getShort(2);
        long start = b.getLong(8);
        long len = b.getLong(16);
        int pid = b.getInt(24);
        boolean ofd = cmd == F_OFD_GETLK || cmd == F_OFD_SETLK || cmd == F_OFD_SETLKW;
        if (ofd && pid != 0) throw new ErrnoException(Errno.EINVAL);
        if (type != F_RDLCK && type != F_WRLCK && type != F_UNLCK) throw new ErrnoException(Errno.EINVAL);
        long[] range = range(f, whence, start, len);
        Object owner = ofd ? f : FsArgs.fds(t);
        FileLocks locks = FsArgs.files(t).locks();
        if (cmd == F_GETLK || cmd == F_OFD_GETLK) {
            if (type == F_UNLCK) throw new ErrnoException(Errno.EINVAL);
            RecordLock l = locks.test(f.inode(), owner, type, range[0], range[1]);
            if (l == null) {
                b.putShort(0, (short) F_UNLCK);
            } else {
                b.putShort(0, (short) l.type());
                b.putShort(2, (short) SEEK_SET);
                b.putLong(8, l.start());
                b.putLong(16, l.length());
                b.putInt(24, l.ofd() ? -1 : l.pid());
            }
            t.mm().write(va, raw, 0, FLOCK_SIZE);
            return 0;
        }
        if (type == F_RDLCK && !f.canRead()) throw new ErrnoException(Errno.EBADF);
        if (type == F_WRLCK && !f.canWrite()) throw new ErrnoException(Errno.EBADF);
        boolean wait = cmd == F_SETLKW || cmd == F_OFD_SETLKW;
        locks.set(f.inode(), new RecordLock(owner, t.group().pid(), ofd, type, range[0], range[1]), wait,
                FsArgs.blocker(t));
        return 0;
    }

    /** {start, end} inclusive, end TO_EOF for a zero length; EINVAL for ranges before 0, EOVERFLOW past the largest offset. */
    static long[] range(OpenFile f, int whence, long start, long len) {
        long base = switch (whence) {
            case SEEK_SET -> 0;
            case SEEK_CUR -> f.position();
            case SEEK_END -> f.inode().size();
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        long s;
        try {
            s = Math.addExact(base, start);
        } catch (ArithmeticException e) {
            throw new ErrnoException(Errno.EOVERFLOW);
        }
        if (s < 0) throw new ErrnoException(Errno.EINVAL);
        long end;
        if (len > 0) {
            if (len - 1 > Long.MAX_VALUE - s) throw new ErrnoException(Errno.EOVERFLOW);
            end = s + len - 1;
        } else if (len < 0) {
            end = s - 1;
            s += len;
            if (s < 0) throw new ErrnoException(Errno.EINVAL);
        } else {
            end = RecordLock.TO_EOF;
        }
        return new long[] {s, end};
    }
}
