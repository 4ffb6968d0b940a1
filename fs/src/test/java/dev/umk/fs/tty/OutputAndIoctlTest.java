package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.fs.OpenFile;
import org.junit.jupiter.api.Test;

class OutputAndIoctlTest extends TtyTestKit {
    private final Tty tty = newTty(Termios.standard());
    private final OpenFile f = openTty(tty, O_RDWR);

    private void oflag(int oflag) {
        Termios t = Termios.standard();
        t.oflag = oflag;
        tty.setTermios(t);
    }

    @Test
    void onlcrTurnsNewlineIntoCrLf() {
        write(f, "a\nb\n");
        assertEquals("a\r\nb\r\n", drv.take());
    }

    @Test
    void withoutOpostOutputIsUntouched() {
        oflag(ONLCR);
        write(f, "a\nb\t");
        assertEquals("a\nb\t", drv.take());
    }

    @Test
    void xtabsExpandsTabsToTheNextStop() {
        oflag(OPOST | XTABS);
        write(f, "ab\tc");
        assertEquals("ab      c", drv.take());
    }

    @Test
    void ocrnlAndOnocr() {
        oflag(OPOST | OCRNL);
        write(f, "a\r");
        assertEquals("a\n", drv.take());
        oflag(OPOST | ONOCR);
        write(f, "x\r\rb\r");
        assertEquals("x\rb\r", drv.take(), "a CR at column 0 is dropped");
    }

    @Test
    void olcucUppercases() {
        oflag(OPOST | OLCUC);
        write(f, "abc1");
        assertEquals("ABC1", drv.take());
    }

    @Test
    void tcgetsReturnsTheKernelLayout() {
        f.ioctl(TCGETS, 0, mem);
        Termios t = Termios.decode(ioctlBuf(0, SIZE));
        assertEquals(Termios.standard(), t);
    }

    @Test
    void tcsetsChangesModes() {
        Termios t = Termios.standard();
        t.lflag &= ~(ICANON | ECHO);
        put(0, t.encode());
        f.ioctl(TCSETS, 0, mem);
        type(tty, "x");
        assertEquals("x", read(f, 10));
        assertEquals("", drv.take());
    }

    @Test
    void tcsetsfDiscardsPendingInput() {
        type(tty, "typed ahead\n");
        put(0, Termios.standard().encode());
        f.ioctl(TCSETSF, 0, mem);
        type(tty, "after\n");
        assertEquals("after\n", read(f, 100));
    }

    @Test
    void tcsetswKeepsPendingInput() {
        type(tty, "kept\n");
        put(0, Termios.standard().encode());
        f.ioctl(TCSETSW, 0, mem);
        assertEquals("kept\n", read(f, 100));
    }

    @Test
    void termios2CarriesSpeeds() {
        Termios t = Termios.standard();
        t.cflag = (t.cflag & ~CBAUD) | BOTHER;
        t.ospeed = 12345;
        t.ispeed = 12345;
        put(0, t.encode2());
        f.ioctl(TCSETS2, 0, mem);
        f.ioctl(TCGETS2, 100, mem);
        Termios back = Termios.decode2(ioctlBuf(100, SIZE2));
        assertEquals(12345, back.ospeed);
        f.ioctl(TCGETS, 200, mem);
        assertEquals(BOTHER, Termios.decode(ioctlBuf(200, SIZE)).cflag & CBAUD);
    }

    @Test
    void termioSetsOnlyTheLow16BitsAndEightControlChars() {
        f.ioctl(TCGETA, 0, mem);
        byte[] termio = ioctlBuf(0, TERMIO_SIZE);
        termio[6] = 0; // c_lflag low byte: no ISIG, ICANON, ECHO...
        put(0, termio);
        f.ioctl(TCSETA, 0, mem);
        Termios t = tty.termios();
        assertFalse(t.lflag(ICANON));
        assertTrue(t.lflag(IEXTEN), "bit 15 is in the second byte");
        assertEquals(027, t.cc(VWERASE), "slots past NCC stay");
    }

    @Test
    void tcflshDiscardsInput() {
        type(tty, "gone\n");
        f.ioctl(TCFLSH, TCIFLUSH, mem);
        f.ioctl(FIONREAD, 0, mem);
        assertEquals(0, mem.readInt(0));
        f.ioctl(TCFLSH, TCOFLUSH, mem);
        assertEquals(1, drv.flushes);
        assertErrno(Errno.EINVAL, () -> f.ioctl(TCFLSH, 7, mem));
    }

    @Test
    void tcxoncStopsAndRestartsOutput() throws Exception {
        f.ioctl(TCXONC, TCOOFF, mem);
        Async<Integer> w = new Async<>(() -> f.write(java.nio.ByteBuffer.wrap("x".getBytes()), blocker));
        settle();
        assertTrue(w.running());
        type(tty, "\021"); // ^Q does not undo TCOOFF
        settle();
        assertTrue(w.running());
        f.ioctl(TCXONC, TCOON, mem);
        assertEquals(1, w.join());
        f.ioctl(TCXONC, TCIOFF, mem);
        assertEquals("x\023", drv.take());
    }

    @Test
    void tiocstiInjectsInputForTheControllingTty() {
        mem.bytes[0] = 'z';
        f.ioctl(TIOCSTI, 0, mem);
        mem.bytes[0] = '\n';
        f.ioctl(TIOCSTI, 0, mem);
        assertEquals("z\n", read(f, 10));
        task.ctty = null;
        assertErrno(Errno.EPERM, () -> f.ioctl(TIOCSTI, 0, mem));
    }

    @Test
    void lineDisciplineIsNtty() {
        mem.writeInt(0, 7);
        f.ioctl(TIOCGETD, 0, mem);
        assertEquals(N_TTY, mem.readInt(0));
        mem.writeInt(0, 2);
        assertErrno(Errno.EINVAL, () -> f.ioctl(TIOCSETD, 0, mem));
    }

    @Test
    void unknownIoctlIsEnotty() {
        assertErrno(Errno.ENOTTY, () -> f.ioctl(0x5499, 0, mem));
        assertErrno(Errno.ENOTTY, () -> f.ioctl(TIOCGPTN, 0, mem));
    }

    @Test
    void ttyIsAStream() {
        assertErrno(Errno.ESPIPE, () -> f.lseek(0, SEEK_SET));
    }
}
