package dev.umk.fs.pipe;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What splice and tee need from a pipe: look without taking, take later, wait for data. */
class PipePeekTest extends FsTestKit {
    private final Pipes pipes = new Pipes(clock);

    private static String text(ByteBuffer b) {
        return new String(b.array(), 0, b.position(), StandardCharsets.US_ASCII);
    }

    @Test
    void peekLeavesTheDataForTheReader() {
        OpenFile[] p = pipes.create(ROOT, 0);
        p[1].write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)), blocker);
        Pipe pipe = Pipes.pipeOf(p[0]);
        ByteBuffer peeked = ByteBuffer.allocate(3);
        assertEquals(3, pipe.peek(peeked));
        assertEquals("hel", text(peeked));
        assertEquals(5, pipe.available());
        ByteBuffer read = ByteBuffer.allocate(10);
        p[0].read(read, blocker);
        assertEquals("hello", text(read));
        p[0].put();
        p[1].put();
    }

    @Test
    void consumeDropsOnlyWhatWasTaken() {
        OpenFile[] p = pipes.create(ROOT, 0);
        p[1].write(ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII)), blocker);
        Pipe pipe = Pipes.pipeOf(p[1]);
        pipe.consume(2);
        ByteBuffer rest = ByteBuffer.allocate(10);
        assertEquals(4, pipe.peek(rest));
        assertEquals("cdef", text(rest));
        p[0].put();
        p[1].put();
    }

    @Test
    void peekAcrossTheRingsWrapPoint() {
        OpenFile[] p = pipes.create(ROOT, 0);
        Pipe pipe = Pipes.pipeOf(p[0]);
        pipe.setSize(4096, false);
        p[1].write(ByteBuffer.wrap(new byte[4000]), blocker);
        pipe.consume(4000);
        byte[] data = new byte[200];
        for (int i = 0; i < data.length; i++) data[i] = (byte) i;
        p[1].write(ByteBuffer.wrap(data), blocker);
        ByteBuffer out = ByteBuffer.allocate(200);
        assertEquals(200, pipe.peek(out));
        assertArrayEquals(data, out.array());
        p[0].put();
        p[1].put();
    }

    @Test
    void packetModePeeksOnePacketAndConsumesPartOfIt() {
        OpenFile[] p = pipes.create(ROOT, O_DIRECT);
        p[1].write(ByteBuffer.wrap("one".getBytes(StandardCharsets.US_ASCII)), blocker);
        p[1].write(ByteBuffer.wrap("two".getBytes(StandardCharsets.US_ASCII)), blocker);
        Pipe pipe = Pipes.pipeOf(p[0]);
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(3, pipe.peek(b));
        pipe.consume(1);
        ByteBuffer rest = ByteBuffer.allocate(10);
        assertEquals(2, pipe.peek(rest));
        assertEquals("ne", text(rest));
        p[0].put();
        p[1].put();
    }

    @Test
    void awaitDataReportsEndOfFileAndWouldBlock() throws Exception {
        OpenFile[] p = pipes.create(ROOT, 0);
        Pipe pipe = Pipes.pipeOf(p[0]);
        assertErrno(Errno.EAGAIN, () -> pipe.awaitData(true, blocker));
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> pipe.awaitData(false, blocker));
        Thread.sleep(50);
        assertFalse(waiter.isDone());
        p[1].write(ByteBuffer.wrap(new byte[] {1}), blocker);
        assertTrue(waiter.get(5, TimeUnit.SECONDS));
        pipe.consume(1);
        p[1].put();
        assertFalse(pipe.awaitData(false, blocker));
        p[0].put();
    }

    @Test
    void pipeOfIsNullForOtherFiles() {
        writeFile("/f", "x");
        OpenFile f = open("/f", O_RDONLY, 0);
        assertNull(Pipes.pipeOf(f));
        f.put();
    }
}
