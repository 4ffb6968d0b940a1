package dev.umk.fs.pipe;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FifoTest extends FsTestKit {
    @BeforeEach
    void fifo() {
        vfs.mknod(fs, ROOT, null, "/fifo", S_IFIFO | 0666, 0);
    }

    private CompletableFuture<OpenFile> openAsync(int flags) {
        return CompletableFuture.supplyAsync(() -> vfs.open(fs, ROOT, null, "/fifo", flags, 0, new ParkingBlocker()));
    }

    @Test
    void readerWaitsForAWriter() throws Exception {
        CompletableFuture<OpenFile> r = openAsync(O_RDONLY);
        Thread.sleep(50);
        assertFalse(r.isDone());
        OpenFile w = open("/fifo", O_WRONLY, 0);
        OpenFile reader = r.get(5, TimeUnit.SECONDS);
        w.write(ByteBuffer.wrap(new byte[] {9}), blocker);
        ByteBuffer b = ByteBuffer.allocate(4);
        assertEquals(1, reader.read(b, blocker));
        w.put();
        assertEquals(0, reader.read(b, blocker));
        reader.put();
    }

    @Test
    void writerWaitsForAReader() throws Exception {
        CompletableFuture<OpenFile> w = openAsync(O_WRONLY);
        Thread.sleep(50);
        assertFalse(w.isDone());
        OpenFile r = open("/fifo", O_RDONLY, 0);
        w.get(5, TimeUnit.SECONDS).put();
        r.put();
    }

    @Test
    void nonBlockingWriterWithoutReaderIsEnxio() {
        assertErrno(Errno.ENXIO, () -> open("/fifo", O_WRONLY | O_NONBLOCK, 0));
        OpenFile r = open("/fifo", O_RDONLY | O_NONBLOCK, 0);
        assertEquals(0, r.poll() & POLLHUP, "no POLLHUP before any writer came");
        OpenFile w = open("/fifo", O_WRONLY | O_NONBLOCK, 0);
        w.put();
        assertEquals(POLLHUP, r.poll() & POLLHUP);
        r.put();
    }

    @Test
    void readWriteOpenNeverBlocks() {
        OpenFile rw = open("/fifo", O_RDWR, 0);
        rw.write(ByteBuffer.wrap(new byte[] {1, 2}), blocker);
        assertEquals(2, rw.read(ByteBuffer.allocate(5), blocker));
        rw.put();
    }

    @Test
    void interruptedOpenUndoesItsEnd() throws Exception {
        Thread[] t = new Thread[1];
        CompletableFuture<Errno> r = CompletableFuture.supplyAsync(() -> {
            t[0] = Thread.currentThread();
            try {
                vfs.open(fs, ROOT, null, "/fifo", O_RDONLY, 0, new ParkingBlocker());
                return null;
            } catch (ErrnoException e) {
                return e.errno();
            }
        });
        Thread.sleep(50);
        t[0].interrupt();
        assertEquals(Errno.ERESTARTSYS, r.get(5, TimeUnit.SECONDS));
        assertErrno(Errno.ENXIO, () -> open("/fifo", O_WRONLY | O_NONBLOCK, 0));
    }

    @Test
    void contentsAreDroppedWhenEveryEndCloses() {
        OpenFile rw = open("/fifo", O_RDWR, 0);
        rw.write(ByteBuffer.wrap(new byte[] {1}), blocker);
        rw.put();
        OpenFile again = open("/fifo", O_RDWR | O_NONBLOCK, 0);
        assertErrno(Errno.EAGAIN, () -> again.read(ByteBuffer.allocate(1), blocker));
        again.put();
    }
}
