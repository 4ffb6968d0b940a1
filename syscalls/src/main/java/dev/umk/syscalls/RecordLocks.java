package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.fs.lock.Flock;
import dev.umk.fs.lock.Locks;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * fcntl's record-lock commands: decodes {@code struct flock} (short l_type, short l_whence,
 * off_t l_start at 8, off_t l_len at 16, pid_t l_pid at 24; 32 bytes) and asks fs's
 * {@link Locks}. POSIX locks belong to the fd table, OFD locks to the open file.
 */
final class RecordLocks {
    private RecordLocks() {}

    static final int FLOCK_SIZE = 32;

    static long fcntl(Task t, OpenFile f, int cmd, long va) {
        byte[] raw = new byte[FLOCK_SIZE];
        t.mm().read(va, raw, 0, FLOCK_SIZE);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Flock req = new Flock(b.getShort(0), b.getShort(2), b.getLong(8), b.getLong(16), b.getInt(24));
        if (req.type() != F_RDLCK && req.type() != F_WRLCK && req.type() != F_UNLCK) {
            throw new ErrnoException(Errno.EINVAL);
        }
        switch (cmd) {
            case F_GETLK:
            case F_OFD_GETLK: {
                if (req.type() == F_UNLCK) throw new ErrnoException(Errno.EINVAL);
                Flock l = cmd == F_GETLK ? Locks.getPosix(f, FsArgs.fds(t), req) : Locks.getOfd(f, req);
                b.putShort(0, (short) l.type());
                b.putShort(2, (short) l.whence());
                b.putLong(8, l.start());
                b.putLong(16, l.len());
                b.putInt(24, l.pid());
                t.mm().write(va, raw, 0, FLOCK_SIZE);
                return 0;
            }
            case F_SETLK:
            case F_SETLKW:
                Locks.setPosix(f, FsArgs.fds(t), t.group().pid(), req, cmd == F_SETLKW, FsArgs.blocker(t));
                return 0;
            case F_OFD_SETLK:
            case F_OFD_SETLKW:
                Locks.setOfd(f, req, cmd == F_OFD_SETLKW, FsArgs.blocker(t));
                return 0;
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
    }
}
