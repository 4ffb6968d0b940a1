package dev.umk.fs.epoll;

import dev.umk.fs.FdTable;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/** Pipes in an fd table, and helpers to change them from another thread, for the readiness tests. */
class PollTestKit extends FsTestKit {
    static final long MS = 1_000_000;
    static final long NOFILE = 1024;

    final dev.umk.fs.pipe.Pipes pipes = new dev.umk.fs.pipe.Pipes(clock);
    final FdTable fds = new FdTable();

    /** A pipe installed in {@link #fds}: {read fd, write fd}. */
    int[] pipe() {
        OpenFile[] ends = pipes.create(ROOT, 0);
        return new int[] {fds.install(ends[0], false, NOFILE), fds.install(ends[1], false, NOFILE)};
    }

    void write(int fd, String s) {
        fds.get(fd).write(ByteBuffer.wrap(s.getBytes()), blocker);
    }

    int drain(int fd) {
        return fds.get(fd).read(ByteBuffer.allocate(1 << 16), blocker);
    }

    /** Writes to {@code fd} after {@code delayMs}, from another thread. */
    CompletableFuture<Void> writeLater(int fd, long delayMs) {
        return CompletableFuture.runAsync(() -> {
            sleep(delayMs);
            write(fd, "x");
        });
    }

    /** Interrupts the calling thread after {@code delayMs}, as a signal would. */
    static void interruptMeLater(long delayMs) {
        Thread me = Thread.currentThread();
        CompletableFuture.runAsync(() -> {
            sleep(delayMs);
            me.interrupt();
        });
    }

    static long deadlineIn(long ms) {
        return PollWait.deadlineAfter(ms * MS);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
