package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.OpenFile;
import dev.umk.fs.pipe.Pipe;
import dev.umk.fs.pipe.Pipes;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;

/**
 * splice, tee, sendfile and copy_file_range over the kernel's bounce buffer. Data taken
 * from a pipe is peeked first and consumed only as far as the target accepted it, and a
 * file read at an explicit position only advances by what was written, so a short or failed
 * write never loses bytes. Each call moves at most one bounce buffer (256 KiB) from a pipe
 * and loops for files, as Linux returns partial counts.
 */
final class SpliceIo {
    private SpliceIo() {}

    static final int SPLICE_F_MOVE = 1, SPLICE_F_NONBLOCK = 2, SPLICE_F_MORE = 4, SPLICE_F_GIFT = 8;
    private static final int SPLICE_F_ALL = SPLICE_F_MOVE | SPLICE_F_NONBLOCK | SPLICE_F_MORE | SPLICE_F_GIFT;

    /** splice implements Linux syscall splice(2). */
    static long splice(Task t, Args a) {
        OpenFile in = FsArgs.file(t, a.i32(0));
        long offInVa = a.u64(1);
        OpenFile out = FsArgs.file(t, a.i32(2));
        long offOutVa = a.u64(3);
        long len = Math.min(a.u64(4), OpenFile.MAX_RW_COUNT);
        int flags = a.i32(5);
        if ((flags & ~SPLICE_F_ALL) != 0) throw new ErrnoException(Errno.EINVAL);
        if (!in.canRead() || !out.canWrite()) throw new ErrnoException(Errno.EBADF);
        Pipe pin = Pipes.pipeOf(in);
        Pipe pout = Pipes.pipeOf(out);
        if (pin == null && pout == null) throw new ErrnoException(Errno.EINVAL);
        if ((pin != null && offInVa != 0) || (pout != null && offOutVa != 0)) throw new ErrnoException(Errno.ESPIPE);
        if (pin != null && pin == pout) throw new ErrnoException(Errno.EINVAL);
        if (pout == null && out.isAppend()) throw new ErrnoException(Errno.EINVAL);
        long offIn = offset(t, offInVa, in);
        long offOut = offset(t, offOutVa, out);
        if (len == 0) return 0;
        Blocker blocker = FsArgs.blocker(t);
        byte[] buf = FileIo.bounce();
        int n = (int) Math.min(len, buf.length);
        if (pin != null) {
            boolean nonBlock = (flags & SPLICE_F_NONBLOCK) != 0 || in.isNonBlocking();
            if (!pin.awaitData(nonBlock, blocker)) return 0;
            int got = pin.peek(ByteBuffer.wrap(buf, 0, n));
            int wrote = pout != null
                    ? pipeWrite(t, pout, buf, got, (flags & SPLICE_F_NONBLOCK) != 0 || out.isNonBlocking(), blocker)
                    : fileWrite(t, out, buf, got, offOut, blocker);
            pin.consume(wrote);
            if (offOutVa != 0) t.mm().writeLong(offOutVa, offOut + wrote);
            return wrote;
        }
        long pos = offInVa != 0 || in.ops().stream() ? offIn : in.position();
        int got = readAt(in, buf, n, in.ops().stream() ? -1 : pos, blocker);
        if (got == 0) return 0;
        int wrote = pipeWrite(t, pout, buf, got, (flags & SPLICE_F_NONBLOCK) != 0 || out.isNonBlocking(), blocker);
        advance(t, in, offInVa, pos, wrote);
        return wrote;
    }

    /** tee implements Linux syscall tee(2): copies from one pipe to another without consuming. */
    static long tee(Task t, Args a) {
        OpenFile in = FsArgs.file(t, a.i32(0));
        OpenFile out = FsArgs.file(t, a.i32(1));
        long len = Math.min(a.u64(2), OpenFile.MAX_RW_COUNT);
        int flags = a.i32(3);
        if ((flags & ~SPLICE_F_ALL) != 0) throw new ErrnoException(Errno.EINVAL);
        Pipe pin = Pipes.pipeOf(in);
        Pipe pout = Pipes.pipeOf(out);
        if (pin == null || pout == null || pin == pout) throw new ErrnoException(Errno.EINVAL);
        if (!in.canRead() || !out.canWrite()) throw new ErrnoException(Errno.EBADF);
        if (len == 0) return 0;
        boolean nonBlock = (flags & SPLICE_F_NONBLOCK) != 0;
        Blocker blocker = FsArgs.blocker(t);
        if (!pin.awaitData(nonBlock, blocker)) return 0;
        byte[] buf = FileIo.bounce();
        int got = pin.peek(ByteBuffer.wrap(buf, 0, (int) Math.min(len, buf.length)));
        return pipeWrite(t, pout, buf, got, nonBlock, blocker);
    }

    /** sendfile implements Linux syscall sendfile(2). */
    static long sendfile(Task t, Args a) {
        OpenFile out = FsArgs.file(t, a.i32(0));
        OpenFile in = FsArgs.file(t, a.i32(1));
        long offVa = a.u64(2);
        long count = Math.min(a.u64(3), OpenFile.MAX_RW_COUNT);
        if (!in.canRead() || !out.canWrite()) throw new ErrnoException(Errno.EBADF);
        if (out.isAppend()) throw new ErrnoException(Errno.EINVAL);
        if (offVa != 0 && in.ops().stream()) throw new ErrnoException(Errno.ESPIPE);
        long off = offset(t, offVa, in);
        boolean stream = in.ops().stream();
        long pos = offVa != 0 ? off : stream ? -1 : in.position();
        Blocker blocker = FsArgs.blocker(t);
        byte[] buf = FileIo.bounce();
        long done = 0;
        try {
            while (done < count) {
                int n = (int) Math.min(buf.length, count - done);
                int got = readAt(in, buf, n, stream ? -1 : pos + done, blocker);
                if (got == 0) break;
                int wrote = writeAll(t, out, buf, got, blocker);
                done += wrote;
                if (wrote < got || got < n || stream) break;
            }
        } catch (ErrnoException e) {
            if (done == 0) throw e;
        } finally {
            if (!stream) advance(t, in, offVa, pos, done);
        }
        return done;
    }

    /** copy_file_range implements Linux syscall copy_file_range(2) between regular files. */
    static long copyFileRange(Task t, Args a) {
        OpenFile in = FsArgs.file(t, a.i32(0));
        long offInVa = a.u64(1);
        OpenFile out = FsArgs.file(t, a.i32(2));
        long offOutVa = a.u64(3);
        long len = Math.min(a.u64(4), OpenFile.MAX_RW_COUNT);
        if (a.i32(5) != 0) throw new ErrnoException(Errno.EINVAL);
        if (in.inode().isDir() || out.inode().isDir()) throw new ErrnoException(Errno.EISDIR);
        if (!in.inode().isRegular() || !out.inode().isRegular()) throw new ErrnoException(Errno.EINVAL);
        if (!in.canRead() || !out.canWrite() || out.isAppend()) throw new ErrnoException(Errno.EBADF);
        long posIn = offInVa != 0 ? offset(t, offInVa, in) : in.position();
        long posOut = offOutVa != 0 ? offset(t, offOutVa, out) : out.position();
        if (in.inode() == out.inode() && posIn < posOut + len && posOut < posIn + len) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Blocker blocker = FsArgs.blocker(t);
        byte[] buf = FileIo.bounce();
        long done = 0;
        try {
            while (done < len) {
                int n = (int) Math.min(buf.length, len - done);
                int got = readAt(in, buf, n, posIn + done, blocker);
                if (got == 0) break;
                int wrote = out.pwrite(ByteBuffer.wrap(buf, 0, got), posOut + done, blocker);
                done += wrote;
                if (wrote < got || got < n) break;
            }
        } catch (ErrnoException e) {
            if (done == 0) throw e;
        }
        advance(t, in, offInVa, posIn, done);
        advance(t, out, offOutVa, posOut, done);
        return done;
    }

    /** An loff_t argument read from guest memory; -1 when the pointer is NULL (use the file position). */
    private static long offset(Task t, long va, OpenFile f) {
        if (va == 0) return -1;
        long off = t.mm().readLong(va);
        if (off < 0) throw new ErrnoException(Errno.EINVAL);
        return off;
    }

    /** After moving {@code n} bytes from {@code pos}: store the new offset, or move the file position. */
    private static void advance(Task t, OpenFile f, long offVa, long pos, long n) {
        if (offVa != 0) {
            t.mm().writeLong(offVa, pos + n);
        } else if (n > 0 && !f.ops().stream()) {
            f.lseek(pos + n, SEEK_SET);
        }
    }

    private static int readAt(OpenFile f, byte[] buf, int n, long pos, Blocker blocker) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        return pos < 0 ? f.read(b, blocker) : f.pread(b, pos, blocker);
    }

    private static int pipeWrite(Task t, Pipe p, byte[] buf, int n, boolean nonBlock, Blocker blocker) {
        try {
            return p.write(ByteBuffer.wrap(buf, 0, n), nonBlock, blocker);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE) SyscallHooks.sigpipe(t);
            throw e;
        }
    }

    private static int fileWrite(Task t, OpenFile out, byte[] buf, int n, long off, Blocker blocker) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        return off < 0 ? out.write(b, blocker) : out.pwrite(b, off, blocker);
    }

    /** Writes all of buf[0, n) unless the target takes less; returns what it took. */
    private static int writeAll(Task t, OpenFile out, byte[] buf, int n, Blocker blocker) {
        int done = 0;
        try {
            while (done < n) {
                int w = out.write(ByteBuffer.wrap(buf, done, n - done), blocker);
                if (w == 0) break;
                done += w;
            }
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EPIPE && done == 0) SyscallHooks.sigpipe(t);
            if (done == 0) throw e;
        }
        return done;
    }
}
