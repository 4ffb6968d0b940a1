package dev.umk.hostdrv;

import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** HostTerminal on a host pty: the slave plays umk's terminal, the master the user's screen and keyboard. */
class HostTerminalTest {
    private static final int O_RDWR = 2;
    private static final int O_NOCTTY = 0400;

    private final LibC c = Host.libc();
    private int master = -1;
    private int slave = -1;
    private HostTerminal term;

    @BeforeEach
    void openPty() {
        master = c.open("/dev/ptmx", O_RDWR | O_NOCTTY, 0);
        assertTrue(master >= 0, "open /dev/ptmx: errno " + Host.errno());
        byte[] zero = new byte[4];
        assertEquals(0, c.ioctl(master, TIOCSPTLCK, zero));
        byte[] n = new byte[4];
        assertEquals(0, c.ioctl(master, TIOCGPTN, n));
        int index = (n[0] & 0xff) | (n[1] & 0xff) << 8;
        slave = c.open("/dev/pts/" + index, O_RDWR | O_NOCTTY, 0);
        assertTrue(slave >= 0, "open slave: errno " + Host.errno());
        term = new HostTerminal(slave, slave);
    }

    @AfterEach
    void closePty() {
        term.restore();
        c.close(slave);
        c.close(master);
    }

    private String readMaster() {
        byte[] b = new byte[256];
        long got = c.read(master, b, b.length);
        return new String(b, 0, (int) got, StandardCharsets.ISO_8859_1);
    }

    @Test
    void ptyIsATerminalAndDevNullIsNot() {
        assertTrue(term.isTerminal());
        int devNull = c.open("/dev/null", O_RDWR, 0);
        assertFalse(HostTerminal.isTty(devNull));
        c.close(devNull);
    }

    @Test
    void rawModeTurnsOffEchoCanonAndSignalsAndRestoreBringsThemBack() {
        Termios before = term.getAttr(slave);
        assertTrue(before.lflag(ICANON | ECHO | ISIG));
        term.enterRawMode();
        term.enterRawMode();
        Termios raw = term.getAttr(slave);
        assertFalse(raw.lflag(ICANON) || raw.lflag(ECHO) || raw.lflag(ISIG) || raw.lflag(IEXTEN));
        assertFalse(raw.oflag(OPOST));
        assertFalse(raw.iflag(ICRNL) || raw.iflag(IXON));
        assertEquals(CS8, raw.cflag & CSIZE);
        assertEquals(1, raw.cc(VMIN));
        assertEquals(before, term.originalTermios());
        term.restore();
        term.restore();
        assertEquals(before, term.getAttr(slave));
        assertFalse(term.inRawMode());
    }

    @Test
    void rawModePassesBytesUntouchedBothWays() {
        term.enterRawMode();
        assertTrue(term.writeFully("a\nb".getBytes(), 0, 3));
        assertEquals("a\nb", readMaster());
        c.write(master, "x\r\003".getBytes(), 3);
        byte[] in = new byte[16];
        int n = term.read(in, 0, in.length);
        assertEquals("x\r\003", new String(in, 0, n, StandardCharsets.ISO_8859_1));
    }

    @Test
    void windowSizeFollowsTheScreen() {
        assertEquals(0, c.ioctl(master, TIOCSWINSZ, new Winsize(33, 120, 0, 0).encode()));
        assertEquals(new Winsize(33, 120, 0, 0), term.windowSize());
        assertArrayEquals(new int[] {33, 120, 0, 0}, term.windowSize(slave));
    }

    @Test
    void pollingReportsWindowChanges() throws Exception {
        ArrayBlockingQueue<Winsize> seen = new ArrayBlockingQueue<>(4);
        try (AutoCloseable h = term.pollWindowChanges(seen::add, 10)) {
            Thread.sleep(30);
            c.ioctl(master, TIOCSWINSZ, new Winsize(10, 20, 0, 0).encode());
            assertEquals(new Winsize(10, 20, 0, 0), seen.poll(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void sigwinchToTheJvmReportsTheNewSize() throws Exception {
        c.ioctl(master, TIOCSWINSZ, new Winsize(44, 99, 0, 0).encode());
        ArrayBlockingQueue<Winsize> seen = new ArrayBlockingQueue<>(4);
        try (AutoCloseable h = term.onWindowChange(seen::add)) {
            c.kill(c.getpid(), 28);
            assertEquals(new Winsize(44, 99, 0, 0), seen.poll(5, TimeUnit.SECONDS));
        }
    }
}
