package dev.umk.fs.stdio;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.hw.Console;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** init's fds 0-2 on the host's standard streams, through a console that records what it is asked. */
class HostStreamsTest extends FsTestKit {
    /** A console whose stdin holds fixed bytes and whose stdout/stderr collect writes; fd 0 may be a tty. */
    private static final class FakeConsole implements Console {
        final byte[] input;
        int inputPos;
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final boolean tty;
        int maxWrite = Integer.MAX_VALUE;

        FakeConsole(String input, boolean tty) {
            this.input = input.getBytes(StandardCharsets.US_ASCII);
            this.tty = tty;
        }

        @Override
        public int read(int fd, byte[] buf, int off, int len) {
            int n = Math.min(len, input.length - inputPos);
            System.arraycopy(input, inputPos, buf, off, n);
            inputPos += n;
            return n;
        }

        @Override
        public int write(int fd, byte[] buf, int off, int len) {
            if (fd == 2) return -5; // EIO
            int n = Math.min(len, maxWrite);
            out.write(buf, off, n);
            return n;
        }

        @Override
        public boolean isatty(int fd) {
            return tty;
        }

        @Override
        public boolean getTermios(int fd, byte[] termios) {
            termios[0] = 42;
            return tty;
        }

        @Override
        public int[] windowSize(int fd) {
            return tty ? new int[] {24, 80, 0, 0} : null;
        }
    }

    private static final class Memory implements UserMemory {
        final byte[] bytes = new byte[64];

        @Override
        public void read(long va, byte[] dst, int off, int len) {
            System.arraycopy(bytes, (int) va, dst, off, len);
        }

        @Override
        public void write(long va, byte[] src, int off, int len) {
            System.arraycopy(src, off, bytes, (int) va, len);
        }
    }

    @Test
    void pipeStreamsReadAndWriteTheHostFds() {
        FakeConsole con = new FakeConsole("typed", false);
        HostStreams streams = new HostStreams(con, clock);
        OpenFile in = streams.open(0, USER);
        OpenFile out = streams.open(1, USER);
        ByteBuffer b = ByteBuffer.allocate(16);
        assertEquals(5, in.read(b, blocker));
        assertEquals(0, in.read(ByteBuffer.allocate(4), blocker));
        assertEquals(6, out.write(ByteBuffer.wrap("output".getBytes(StandardCharsets.US_ASCII)), blocker));
        assertEquals("output", con.out.toString(StandardCharsets.US_ASCII));
        assertErrno(Errno.EBADF, () -> out.read(ByteBuffer.allocate(1), blocker), "stdout of a pipe is write-only");
        assertErrno(Errno.ESPIPE, () -> in.lseek(0, SEEK_SET));
        Stat st = in.stat();
        assertTrue(isFifo(st.mode));
        assertEquals(1000, st.uid);
        in.put();
        out.put();
    }

    @Test
    void aShortHostWriteIsAShortWrite() {
        FakeConsole con = new FakeConsole("", false);
        con.maxWrite = 3;
        OpenFile out = new HostStreams(con, clock).open(1, USER);
        assertEquals(3, out.write(ByteBuffer.wrap(new byte[10]), blocker));
        out.put();
    }

    @Test
    void aHostErrorBecomesTheErrno() {
        OpenFile err = new HostStreams(new FakeConsole("", false), clock).open(2, USER);
        assertErrno(Errno.EIO, () -> err.write(ByteBuffer.wrap(new byte[1]), blocker));
        err.put();
    }

    @Test
    void aTerminalIsACharacterDeviceWithTermiosAndWindowSize() {
        OpenFile tty = new HostStreams(new FakeConsole("", true), clock).open(1, USER);
        assertTrue(tty.canRead() && tty.canWrite(), "terminal fds are read-write");
        Stat st = tty.stat();
        assertTrue(isChr(st.mode));
        assertEquals(HostStreams.PTS_MAJOR, Stat.major(st.rdev));
        Memory mem = new Memory();
        assertEquals(0, tty.ioctl(HostStreamOps.TCGETS, 0, mem));
        assertEquals(42, mem.bytes[0]);
        assertEquals(0, tty.ioctl(HostStreamOps.TIOCGWINSZ, 40, mem));
        assertEquals(24, mem.bytes[40]);
        assertEquals(80, mem.bytes[42]);
        tty.put();
    }

    @Test
    void terminalRequestsOnAPipeAreENOTTY() {
        OpenFile out = new HostStreams(new FakeConsole("", false), clock).open(1, USER);
        assertErrno(Errno.ENOTTY, () -> out.ioctl(HostStreamOps.TCGETS, 0, new Memory()));
        out.put();
    }
}
