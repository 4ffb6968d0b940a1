package dev.umk.fs.pipe;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * The file operations of one open pipe or FIFO end: which ends this open holds, and the
 * writer-open count it saw (for POLLHUP). Closing releases the ends.
 */
final class PipeFile implements FileOperations {
    private final Pipe pipe;
    private final boolean reader;
    private final boolean writer;
    private final int writerOpensAtOpen;

    PipeFile(Pipe pipe, boolean reader, boolean writer, int writerOpensAtOpen) {
        this.pipe = pipe;
        this.reader = reader;
        this.writer = writer;
        this.writerOpensAtOpen = writerOpensAtOpen;
    }

    Pipe pipe() {
        return pipe;
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        pipe.read(dst, f.isNonBlocking(), blocker);
        f.inode().touchAccessed();
        return 0;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        pipe.write(src, f.isNonBlocking(), blocker);
        f.inode().touchModified();
        return 0;
    }

    @Override
    public int poll(OpenFile f) {
        return pipe.poll(reader, writer, writerOpensAtOpen);
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return pipe.queue();
    }

    @Override
    public long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
        if (cmd == OpenFile.FIONREAD) {
            mem.writeInt(arg, pipe.available());
            return 0;
        }
        throw new ErrnoException(Errno.ENOTTY);
    }

    @Override
    public int pipeSize(OpenFile f) {
        return pipe.size();
    }

    @Override
    public int setPipeSize(OpenFile f, int size, boolean privileged) {
        return pipe.setSize(Integer.toUnsignedLong(size), privileged);
    }

    @Override
    public void release(OpenFile f) {
        pipe.closeEnds(reader, writer);
    }

    /** Whether {@code cred} may exceed pipe-max-size (CAP_SYS_RESOURCE). */
    static boolean privileged(Credentials cred) {
        return cred.capable(Credentials.CAP_SYS_RESOURCE);
    }
}
