package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.PollEvents;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class RawModeTest extends TtyTestKit {
    private final Tty tty = newTty(Termios.standard());
    private final OpenFile f = openTty(tty, O_RDWR);

    private void raw(int vmin, int vtime) {
        Termios t = Termios.standard();
        t.lflag &= ~(ICANON | ECHO);
        t.cc[VMIN] = (byte) vmin;
        t.cc[VTIME] = (byte) vtime;
        tty.setTermios(t);
    }

    @Test
    void bytesAreReadableWithoutNewline() {
        raw(1, 0);
        type(tty, "ab");
        assertEquals("ab", read(f, 100));
    }

    @Test
    void vminWaitsForThatManyBytes() throws Exception {
        raw(3, 0);
        Async<String> r = new Async<>(() -> read(f, 100));
        type(tty, "a");
        settle();
        type(tty, "b");
        settle();
        assertTrue(r.running());
        type(tty, "c");
        assertEquals("abc", r.join());
    }

    @Test
    void vminIsCappedByTheReadSize() {
        raw(5, 0);
        type(tty, "ab");
        assertEquals("ab", read(f, 2));
    }

    @Test
    void vminZeroVtimeZeroReturnsAtOnce() {
        raw(0, 0);
        assertEquals("", read(f, 100));
        type(tty, "x");
        assertEquals("x", read(f, 100));
    }

    @Test
    void vtimeAloneTimesOutWithNothing() {
        raw(0, 2);
        long t0 = System.nanoTime();
        assertEquals("", read(f, 100));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 190 && ms < 2000, "waited " + ms + " ms");
    }

    @Test
    void vtimeAloneReturnsAsSoonAsAByteArrives() throws Exception {
        raw(0, 50);
        Async<String> r = new Async<>(() -> read(f, 100));
        settle();
        type(tty, "q");
        assertEquals("q", r.join());
    }

    @Test
    void vminWithVtimeIsAnInterByteTimer() throws Exception {
        raw(10, 1);
        Async<String> r = new Async<>(() -> read(f, 100));
        settle();
        assertTrue(r.running(), "the timer starts only with the first byte");
        type(tty, "ab");
        assertEquals("ab", r.join());
    }

    @Test
    void nonBlockingReadWithNothingFailsWithEagain() {
        raw(1, 0);
        f.setStatusFlags(O_NONBLOCK);
        assertErrno(Errno.EAGAIN, () -> read(f, 10));
    }

    @Test
    void echoInRawModeEchoesNewlineAsNewline() {
        Termios t = Termios.standard();
        t.lflag &= ~ICANON;
        tty.setTermios(t);
        type(tty, "a\r\001");
        assertEquals("a\r\n^A", drv.take());
        assertEquals("a\n\001", read(f, 100));
    }

    @Test
    void istripClearsTheHighBit() {
        raw(1, 0);
        Termios t = tty.termios();
        t.iflag |= ISTRIP;
        tty.setTermios(t);
        type(tty, "\u00c1");
        assertEquals("A", read(f, 10));
    }

    @Test
    void inlcrTurnsNewlineIntoCarriageReturn() {
        raw(1, 0);
        Termios t = tty.termios();
        t.iflag = INLCR;
        tty.setTermios(t);
        type(tty, "\n");
        assertEquals("\r", read(f, 10));
    }

    @Test
    void rawBufferHolds4095BytesAndTheRestWaits() {
        raw(1, 0);
        byte[] big = new byte[10000];
        java.util.Arrays.fill(big, (byte) 'z');
        int taken = tty.receive(big, 0, big.length);
        assertEquals(10000, taken, "pending input takes it");
        f.ioctl(FIONREAD, 0, mem);
        assertEquals(4095, mem.readInt(0));
        ByteBuffer b = ByteBuffer.allocate(20000);
        int total = 0;
        while (total < 10000) total += f.read(b, blocker);
        assertEquals(10000, total);
    }

    @Test
    void pollWithVminWaitsForVminBytes() {
        raw(2, 0);
        type(tty, "a");
        assertEquals(0, f.poll() & PollEvents.POLLIN);
        type(tty, "b");
        assertNotEquals(0, f.poll() & PollEvents.POLLIN);
        assertNotEquals(0, f.poll() & PollEvents.POLLOUT);
    }

    @Test
    void signalInterruptsABlockedRead() throws Exception {
        raw(1, 0);
        boolean[] pending = {false};
        ParkingBlocker b = new ParkingBlocker(() -> pending[0]);
        Async<Integer> r = new Async<>(() -> f.read(ByteBuffer.allocate(10), b));
        settle();
        pending[0] = true;
        b.kick();
        ErrnoAssert.errno(Errno.ERESTARTSYS, r::join);
    }

    @Test
    void ixonStopsAndStartsOutput() throws Exception {
        type(tty, "\023");
        assertEquals(0, f.poll() & PollEvents.POLLOUT);
        f.setStatusFlags(O_NONBLOCK);
        assertErrno(Errno.EAGAIN, () -> write(f, "x"));
        f.setStatusFlags(0);
        Async<Integer> w = new Async<>(() -> f.write(ByteBuffer.wrap("held".getBytes()), blocker));
        settle();
        assertEquals("", drv.take());
        type(tty, "\021");
        assertEquals(4, w.join());
        assertEquals("held", drv.take());
        type(tty, "\n");
        assertEquals("\n", read(f, 10), "^S and ^Q are not input");
    }

    @Test
    void ixanyRestartsOnAnyCharacter() {
        Termios t = Termios.standard();
        t.iflag |= IXANY;
        tty.setTermios(t);
        type(tty, "\023");
        assertEquals(0, f.poll() & PollEvents.POLLOUT);
        type(tty, "k");
        assertNotEquals(0, f.poll() & PollEvents.POLLOUT);
    }

    /** assertErrno for calls that throw checked exceptions. */
    static final class ErrnoAssert {
        interface Call {
            Object run() throws Exception;
        }

        static void errno(Errno e, Call c) {
            dev.umk.core.kernel.ErrnoException x = assertThrows(dev.umk.core.kernel.ErrnoException.class, c::run);
            assertEquals(e, x.errno());
        }
    }
}
