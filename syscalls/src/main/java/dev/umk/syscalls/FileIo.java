package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;

/**
 * Moves data between guest memory and an open file through a per-thread bounce buffer, as
 * read/write and their vectored and positioned forms need it. Offsets of -1 mean "at the
 * file position". Transfers larger than the buffer go in pieces; a stream (pipe, terminal)
 * is read once per call, so a read never waits for more after it got some data.
 *
 * <p>Partial success wins over a late failure, as in Linux: a fault or error after some
 * bytes moved returns the count moved.
 */
final class FileIo {
    private FileIo() {}

    static final int CHUNK = 256 * 1024;
    private static final ThreadLocal<byte[]> BOUNCE = ThreadLocal.withInitial(() -> new byte[CHUNK]);

    /** The calling thread's bounce buffer (tasks own their threads, so one each is safe). */
    static byte[] bounce() {
        return BOUNCE.get();
    }

    static long read(Task t, OpenFile f, long va, long len, long offset) {
        return readv(t, f, new long[] {va, len}, offset);
    }

    static long write(Task t, OpenFile f, long va, long len, long offset) {
        return writev(t, f, new long[] {va, len}, offset);
    }

    /** readv/preadv: fills the segments {@code iov} = {base, len, ...} in order. */
    static long readv(Task t, OpenFile f, long[] iov, long offset) {
        if (!f.canRead()) throw new ErrnoException(Errno.EBADF);
        if (f.inode().isDir()) throw new ErrnoException(Errno.EISDIR);
        long total = total(iov);
        if (total == 0) return transfer(f, ByteBuffer.allocate(0), offset, false, t);
        byte[] buf = bounce();
        Segments out = new Segments(iov);
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(buf.length, total - done);
            int got;
            try {
                got = transfer(f, ByteBuffer.wrap(buf, 0, n), offset < 0 ? -1 : offset + done, false, t);
            } catch (ErrnoException e) {
                if (done > 0) return done;
                throw e;
            }
            if (got > 0) {
                int copied = out.scatter(t, buf, got);
                done += copied;
                if (copied < got) return failedAfter(done);
            }
            if (got < n || f.ops().stream()) break;
        }
        return done;
    }

    /** writev/pwritev: writes the segments in order. */
    static long writev(Task t, OpenFile f, long[] iov, long offset) {
        if (!f.canWrite()) throw new ErrnoException(Errno.EBADF);
        long total = total(iov);
        if (total == 0) return transfer(f, ByteBuffer.allocate(0), offset, true, t);
        byte[] buf = bounce();
        Segments in = new Segments(iov);
        long done = 0;
        while (done < total) {
            int n = (int) Math.min(buf.length, total - done);
            int have = in.gather(t, buf, n);
            if (have == 0) return failedAfter(done);
            int wrote;
            try {
                wrote = transfer(f, ByteBuffer.wrap(buf, 0, have), offset < 0 ? -1 : offset + done, true, t);
            } catch (ErrnoException e) {
                if (done > 0) return done;
                throw e;
            }
            done += wrote;
            if (wrote < have) break;
            if (have < n) return failedAfter(done);
        }
        return done;
    }

    /** One read or write at the position or at {@code offset}; EPIPE raises SIGPIPE first. */
    private static int transfer(OpenFile f, ByteBuffer b, long offset, boolean write, Task t) {
        try {
            if (write) {
                return offset < 0 ? f.write(b, FsArgs.blocker(t)) : f.pwrite(b, offset, FsArgs.blocker(t));
            }
            return offset < 0 ? f.read(b, FsArgs.blocker(t)) : f.pread(b, offset, FsArgs.blocker(t));
        } catch (ErrnoException e) {
            if (write && e.errno() == Errno.EPIPE) SyscallHooks.sigpipe(t);
            throw e;
        }
    }

    private static long failedAfter(long done) {
        if (done > 0) return done;
        throw new ErrnoException(Errno.EFAULT);
    }

    /** The sum of the lengths, capped at MAX_RW_COUNT as Linux's rw_verify_area does. */
    private static long total(long[] iov) {
        long total = 0;
        for (int i = 1; i < iov.length; i += 2) {
            total += iov[i];
            if (total >= OpenFile.MAX_RW_COUNT || total < 0) return OpenFile.MAX_RW_COUNT;
        }
        return total;
    }

    /** A cursor over guest iovec segments. */
    private static final class Segments {
        private final long[] iov;
        private int seg;
        private long off;

        Segments(long[] iov) {
            this.iov = iov;
        }

        /** Copies {@code n} bytes of {@code buf} into the next segments; returns how many fit before a fault. */
        int scatter(Task t, byte[] buf, int n) {
            return walk(t, buf, n, true);
        }

        /** Copies up to {@code n} bytes of the next segments into {@code buf}; fewer only at a fault. */
        int gather(Task t, byte[] buf, int n) {
            return walk(t, buf, n, false);
        }

        private int walk(Task t, byte[] buf, int n, boolean toGuest) {
            int done = 0;
            while (done < n && seg < iov.length) {
                int k = (int) Math.min(n - done, iov[seg + 1] - off);
                if (k > 0) {
                    try {
                        if (toGuest) t.mm().write(iov[seg] + off, buf, done, k);
                        else t.mm().read(iov[seg] + off, buf, done, k);
                    } catch (ErrnoException e) {
                        return done;
                    }
                    done += k;
                    off += k;
                }
                if (off >= iov[seg + 1]) {
                    seg += 2;
                    off = 0;
                }
            }
            return done;
        }
    }
}
