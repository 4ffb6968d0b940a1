package dev.umk.fs.pipe;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;

/**
 * Opening a FIFO (Linux fifo_open): a read-only open waits for a writer and a write-only
 * open for a reader, unless O_NONBLOCK (then a writer with no reader fails with ENXIO);
 * O_RDWR never waits. A wait ends when the other side has opened at least once since,
 * even if it already closed again.
 */
public final class Fifo {
    private Fifo() {}

    /** The pipe behind a FIFO inode, created on first use and shared by all its opens. */
    public static Pipe pipeOf(Inode inode) {
        return (Pipe) inode.fifoState(Pipe::new);
    }

    public static FileOperations open(OpenFile f, Blocker blocker) {
        Pipe pipe = pipeOf(f.inode());
        boolean nonBlocking = f.isNonBlocking();
        switch (f.flags() & O_ACCMODE) {
            case O_RDONLY -> {
                int seenWriters = pipe.writerOpens();
                pipe.openEnds(true, false);
                boolean noWriter = pipe.writers() == 0;
                if (!nonBlocking && noWriter) {
                    waitFor(pipe, blocker, () -> pipe.writerOpens() != seenWriters, true);
                }
                // A non-blocking reader that has not seen a writer yet gets no POLLHUP.
                return new PipeFile(pipe, true, false, nonBlocking && noWriter ? seenWriters : -1);
            }
            case O_WRONLY -> {
                synchronized (pipe) {
                    if (nonBlocking && pipe.readers() == 0) throw new ErrnoException(Errno.ENXIO);
                }
                int seenReaders = pipe.readerOpens();
                pipe.openEnds(false, true);
                if (!nonBlocking && pipe.readers() == 0) {
                    waitFor(pipe, blocker, () -> pipe.readerOpens() != seenReaders, false);
                }
                return new PipeFile(pipe, false, true, 0);
            }
            case O_RDWR -> {
                pipe.openEnds(true, true);
                return new PipeFile(pipe, true, true, -1);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static void waitFor(Pipe pipe, Blocker blocker, java.util.function.BooleanSupplier partner, boolean reader) {
        try {
            blocker.await(pipe.queue(), IN | OUT | POLLHUP, partner);
        } catch (ErrnoException e) {
            pipe.closeEnds(reader, !reader);
            throw e;
        }
    }
}
