package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.hw.Console;
import dev.umk.fs.OpenFile;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleTtyTest extends TtyTestKit {
    /** A host terminal made of a queue of keystroke chunks (empty array: end of input) and an output buffer. */
    static final class FakeHost implements Console {
        final LinkedBlockingQueue<byte[]> keys = new LinkedBlockingQueue<>();
        final ByteArrayOutputStream screen = new ByteArrayOutputStream();

        @Override
        public int read(int fd, byte[] buf, int off, int len) {
            try {
                byte[] k = keys.take();
                System.arraycopy(k, 0, buf, off, k.length);
                return k.length;
            } catch (InterruptedException e) {
                return -4;
            }
        }

        @Override
        public synchronized int write(int fd, byte[] buf, int off, int len) {
            screen.write(buf, off, len);
            return len;
        }

        @Override
        public boolean isatty(int fd) {
            return true;
        }

        @Override
        public boolean getTermios(int fd, byte[] termios) {
            return false;
        }

        @Override
        public int[] windowSize(int fd) {
            return new int[] {24, 80, 0, 0};
        }

        void press(String s) {
            keys.add(s.getBytes(StandardCharsets.ISO_8859_1));
        }

        synchronized String screen() {
            return screen.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private final FakeHost host = new FakeHost();
    private final ConsoleTty console = new ConsoleTty(host, 0, 1, ConsoleTty.initialTermios(null),
            new Winsize(24, 80, 0, 0), sigs, task);
    private OpenFile f;

    @BeforeEach
    void openConsole() {
        vfs.devices().register(4, 1, console.device(true));
        vfs.mknod(fs, ROOT, null, "/tty1", S_IFCHR | 0620, Stat.makedev(4, 1));
        f = vfs.open(fs, ROOT, null, "/tty1", O_RDWR, 0, blocker);
        console.start();
    }

    @AfterEach
    void stop() {
        console.stop();
        host.press("");
    }

    private void awaitScreen(String want) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!host.screen().equals(want) && System.nanoTime() < end) Thread.sleep(5);
        assertEquals(want, host.screen());
    }

    @Test
    void typedLineReachesTheReaderAndIsEchoed() throws Exception {
        host.press("echo hi\r");
        assertEquals("echo hi\n", read(f, 100));
        awaitScreen("echo hi\r\n");
    }

    @Test
    void guestOutputGoesToTheHostWithCrLf() {
        write(f, "a\nb\n");
        assertEquals("a\r\nb\r\n", host.screen());
    }

    @Test
    void ctrlCFromTheHostInterruptsTheForegroundGroup() throws Exception {
        host.press("\003");
        awaitScreen("^C");
        assertEquals(List.of("100:2"), sigs.take());
    }

    @Test
    void endOfHostInputHangsTheConsoleUp() throws Exception {
        host.press("");
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (sigs.hungUpSessions.isEmpty() && System.nanoTime() < end) Thread.sleep(5);
        assertEquals(List.of(100), sigs.hungUpSessions);
        assertEquals("", read(f, 10));
    }

    @Test
    void hostWindowChangeSignalsSigwinch() {
        console.setWindowSize(new Winsize(40, 100, 0, 0));
        assertEquals(List.of("100:28"), sigs.take());
        assertEquals(new Winsize(40, 100, 0, 0), console.tty().winsize());
    }

    @Test
    void consoleNodeNeverBecomesAControllingTerminal() {
        task.ctty = null;
        f.put();
        vfs.devices().register(5, 1, console.device(false));
        vfs.mknod(fs, ROOT, null, "/console", S_IFCHR | 0600, Stat.makedev(5, 1));
        vfs.open(fs, ROOT, null, "/console", O_RDWR, 0, blocker);
        assertNull(task.ctty);
    }

    @Test
    void initialSettingsTakeTheUsersKeysAndUtf8() {
        Termios host = Termios.standard();
        host.cc[VERASE] = '\b';
        host.cc[VMIN] = 0;
        host.iflag |= IUTF8;
        Termios t = ConsoleTty.initialTermios(host);
        assertEquals('\b', t.cc(VERASE));
        assertEquals(1, t.cc(VMIN));
        assertTrue(t.iflag(IUTF8));
        assertTrue(t.lflag(ICANON));
    }
}
