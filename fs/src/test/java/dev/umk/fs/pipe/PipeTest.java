package dev.umk.fs.pipe;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PipeTest extends FsTestKit {
    private final Pipes pipes = new Pipes(clock);

    private static ByteBuffer bytes(int n) {
        ByteBuffer b = ByteBuffer.allocate(n);
        for (int i = 0; i < n; i++) b.put(i, (byte) i);
        return b;
    }

    @Test
    void dataFlowsInOrder() {
        OpenFile[] p = pipes.create(ROOT, 0);
        assertEquals(3, p[1].write(ByteBuffer.wrap(new byte[] {1, 2, 3}), blocker));
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(3, p[0].read(b, blocker));
        assertEquals(3, b.get(2));
        assertTrue(isFifo(p[0].stat().mode));
        assertEquals(0600, p[0].stat().mode & 0777);
        p[0].put();
        p[1].put();
    }

    @Test
    void eofWhenWritersAreGone() {
        OpenFile[] p = pipes.create(ROOT, 0);
        p[1].write(bytes(2), blocker);
        p[1].put();
        assertEquals(2, p[0].read(ByteBuffer.allocate(10), blocker));
        assertEquals(0, p[0].read(ByteBuffer.allocate(10), blocker));
        assertEquals(POLLHUP, p[0].poll() & POLLHUP);
        p[0].put();
    }

    @Test
    void epipeWhenReadersAreGone() {
        OpenFile[] p = pipes.create(ROOT, 0);
        p[0].put();
        assertErrno(Errno.EPIPE, () -> p[1].write(bytes(1), blocker));
        assertEquals(POLLERR, p[1].poll() & POLLERR);
        p[1].put();
    }

    @Test
    void nonBlockingEndsSayEagain() {
        OpenFile[] p = pipes.create(ROOT, O_NONBLOCK);
        assertErrno(Errno.EAGAIN, () -> p[0].read(ByteBuffer.allocate(1), blocker));
        assertEquals(65536, p[1].write(bytes(70000), blocker), "a partial write fills the pipe");
        assertErrno(Errno.EAGAIN, () -> p[1].write(bytes(1), blocker));
        assertEquals(0, p[1].poll() & POLLOUT);
        p[0].read(ByteBuffer.allocate(100), blocker);
        assertErrno(Errno.EAGAIN, () -> p[1].write(bytes(200), blocker), "a small write is atomic: all or nothing");
        assertEquals(100, p[1].write(bytes(100), blocker));
        p[0].put();
        p[1].put();
    }

    @Test
    void blockedReaderWakesOnWrite() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> p[0].read(ByteBuffer.allocate(10), new ParkingBlocker()));
        Thread.sleep(50);
        assertFalse(r.isDone());
        p[1].write(bytes(4), blocker);
        assertEquals(4, r.get(5, TimeUnit.SECONDS));
        p[0].put();
        p[1].put();
    }

    @Test
    void blockedWriterWakesWhenReaderDrains() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        p[1].write(bytes(65536), blocker);
        CompletableFuture<Integer> w = CompletableFuture.supplyAsync(() -> p[1].write(bytes(4096), new ParkingBlocker()));
        Thread.sleep(50);
        assertFalse(w.isDone());
        p[0].read(ByteBuffer.allocate(4096), blocker);
        assertEquals(4096, w.get(5, TimeUnit.SECONDS));
        p[0].put();
        p[1].put();
    }

    @Test
    void blockedReaderSeesEofWhenWriterCloses() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        CompletableFuture<Integer> r = CompletableFuture.supplyAsync(() -> p[0].read(ByteBuffer.allocate(10), new ParkingBlocker()));
        Thread.sleep(50);
        p[1].put();
        assertEquals(0, r.get(5, TimeUnit.SECONDS));
        p[0].put();
    }

    @Test
    void interruptedReadIsErestartsys() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        boolean[] signal = {false};
        ParkingBlocker b = new ParkingBlocker(() -> signal[0]);
        CompletableFuture<Errno> r = CompletableFuture.supplyAsync(() -> {
            try {
                p[0].read(ByteBuffer.allocate(10), b);
                return null;
            } catch (dev.umk.core.kernel.ErrnoException e) {
                return e.errno();
            }
        });
        Thread.sleep(50);
        signal[0] = true;
        b.kick();
        assertEquals(Errno.ERESTARTSYS, r.get(5, TimeUnit.SECONDS));
        p[0].put();
        p[1].put();
    }

    @Test
    void largeBlockingWriteCompletesAcrossReads() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        CompletableFuture<Integer> w = CompletableFuture.supplyAsync(() -> p[1].write(bytes(300_000), new ParkingBlocker()));
        ByteBuffer all = ByteBuffer.allocate(300_000);
        while (all.hasRemaining()) p[0].read(all, blocker);
        assertEquals(300_000, w.get(5, TimeUnit.SECONDS));
        assertEquals(bytes(300_000), all.flip());
        p[0].put();
        p[1].put();
    }

    @Test
    void pipeSizeCanChange() {
        OpenFile[] p = pipes.create(ROOT, O_NONBLOCK);
        assertEquals(65536, p[0].ops().pipeSize(p[0]));
        assertEquals(4096, p[1].ops().setPipeSize(p[1], 1, false));
        assertEquals(8192 * 2, p[1].ops().setPipeSize(p[1], 9000, false));
        p[1].write(bytes(16384), blocker);
        assertErrno(Errno.EBUSY, () -> p[1].ops().setPipeSize(p[1], 4096, false));
        assertErrno(Errno.EPERM, () -> p[1].ops().setPipeSize(p[1], 2 << 20, false));
        assertEquals(2 << 20, p[1].ops().setPipeSize(p[1], 2 << 20, true));
        ByteBuffer b = ByteBuffer.allocate(16384);
        p[0].read(b, blocker);
        assertEquals(bytes(16384), b.flip(), "data survives a resize");
        OpenFile regular = open("/x", O_CREAT | O_RDWR, 0644);
        assertErrno(Errno.EBADF, () -> regular.ops().pipeSize(regular));
        regular.put();
    }

    @Test
    void pollReflectsReadiness() {
        OpenFile[] p = pipes.create(ROOT, 0);
        assertEquals(0, p[0].poll());
        assertEquals(POLLOUT | POLLWRNORM, p[1].poll());
        p[1].write(bytes(1), blocker);
        assertEquals(POLLIN | POLLRDNORM, p[0].poll());
        p[0].put();
        p[1].put();
    }

    @Test
    void packetModeKeepsWriteBoundaries() {
        OpenFile[] p = pipes.create(ROOT, O_DIRECT);
        p[1].write(bytes(3), blocker);
        p[1].write(bytes(5), blocker);
        assertEquals(3, p[0].read(ByteBuffer.allocate(100), blocker));
        assertEquals(2, p[0].read(ByteBuffer.allocate(2), blocker), "a short read discards the rest of the packet");
        p[1].write(bytes(1), blocker);
        assertEquals(1, p[0].read(ByteBuffer.allocate(100), blocker));
    }

    @Test
    void badFlagsAreEinval() {
        assertErrno(Errno.EINVAL, () -> pipes.create(ROOT, O_APPEND));
    }

    @Test
    void pipesAreStreams() {
        OpenFile[] p = pipes.create(Credentials.of(5, 6), 0);
        assertErrno(Errno.ESPIPE, () -> p[0].lseek(0, SEEK_CUR));
        assertErrno(Errno.ESPIPE, () -> p[0].pread(ByteBuffer.allocate(1), 0, blocker));
        assertEquals(5, p[0].stat().uid);
        assertTrue(vfs.pathOf(fs, p[0].path()).startsWith("pipe:["));
    }
}
