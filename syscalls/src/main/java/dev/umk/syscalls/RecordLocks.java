package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.fs.OpenFile;
import dev.umk.fs.lock.Flock;
import dev.umk.fs.lock.Locks;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * fcntl's record-lock commands: decodes and encodes {@code struct flock} (short l_type,
 * short l_whence, off_t l_start at 8, off_t l_len at 16, pid_t l_pid at 24; 32 bytes) and
 * calls {@link Locks}. POSIX locks belong to the caller's fd table, OFD locks to the file.
 */
final class RecordLocks {
    private RecordLocks() {}

    static final int FLOCK_SIZE = 32;

    static long fcntl(Task t, OpenFile f, int cmd, long va) {
        byte[] raw = new byte[FLOCK_SIZE];
        t.mm().read(va, raw, 0, FLOCK_SIZE);
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        Flock req = new Flock(b.getShort(0), b.getShort(2), b.getLong(8), b.getLong(16), b.getInt(24));
        switch (cmd) {
            case F_GETLK, F_OFD_GETLK -> {
                Flock r = cmd == F_GETLK ? Locks.getPosix(f, FsArgs.fds(t), req) : Locks.getOfd(f, req);
                b.putShort(0, (short) r.type());
                b.putShort(2, (short) r.whence());
                b.putLong(8, r.start());
                b.putLong(16, r.len());
                b.putInt(24, r.pid());
                t.mm().write(va, raw, 0, FLOCK_SIZE);
            }
            case F_SETLK, F_SETLKW -> Locks.setPosix(f, FsArgs.fds(t), t.group().pid(), req, cmd == F_SETLKW,
                    FsArgs.blocker(t));
            default -> Locks.setOfd(f, req, cmd == F_OFD_SETLKW, FsArgs.blocker(t));
        }
        return 0;
    }
}
