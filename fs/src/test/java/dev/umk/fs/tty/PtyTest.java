package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.fs.OpenFile;
import dev.umk.fs.PollEvents;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PtyTest extends TtyTestKit {
    private final DevPts devPts = new DevPts(clock, sigs, task);
    private OpenFile master;

    @BeforeEach
    void mountDevpts() {
        devPts.registerDevices(vfs.devices());
        vfs.registerFileSystem(devPts.fileSystemType());
        mkdir("/dev", 0755);
        mkdir("/dev/pts", 0755);
        vfs.mount(fs, ROOT, "devpts", null, "/dev/pts", "devpts", 0, "gid=5,mode=620,ptmxmode=666");
        vfs.mknod(fs, ROOT, null, "/dev/ptmx", S_IFCHR | 0666, Stat.makedev(5, 2));
        vfs.chmod(fs, ROOT, null, "/dev/ptmx", 0666, 0);
        master = open(USER, "/dev/ptmx", O_RDWR);
    }

    private int ptn(OpenFile m) {
        m.ioctl(TIOCGPTN, 0, mem);
        return mem.readInt(0);
    }

    private OpenFile unlockAndOpenSlave(OpenFile m) {
        mem.writeInt(0, 0);
        m.ioctl(TIOCSPTLCK, 0, mem);
        return open(ROOT, "/dev/pts/" + ptn(m), O_RDWR);
    }

    private static void raw(OpenFile f, TtyTestKit kit) {
        Termios t = Termios.standard();
        t.lflag &= ~(ICANON | ECHO | ISIG);
        t.oflag &= ~OPOST;
        kit.put(512, t.encode());
        f.ioctl(TCSETS, 512, kit.mem);
    }

    @Test
    void ptmxMakesANumberedLockedSlaveNode() {
        assertEquals(0, ptn(master));
        Stat st = stat("/dev/pts/0");
        assertEquals(S_IFCHR | 0620, st.mode);
        assertEquals(DevPts.slaveDev(0), st.rdev);
        assertEquals(1000, st.uid);
        assertEquals(5, st.gid);
        assertErrno(Errno.EIO, () -> open(ROOT, "/dev/pts/0", O_RDWR));
        OpenFile second = open(USER, "/dev/ptmx", O_RDWR);
        assertEquals(1, ptn(second));
    }

    @Test
    void slaveAndMasterCarryDataBothWays() {
        OpenFile slave = unlockAndOpenSlave(master);
        write(master, "hello\r");
        assertEquals("hello\n", read(slave, 100));
        assertEquals("hello\r\n", read(master, 100), "the slave's echo");
        write(slave, "out\n");
        assertEquals("out\r\n", read(master, 100));
    }

    @Test
    void ctrlCWrittenToTheMasterSignalsTheSlaveForegroundGroup() {
        OpenFile slave = unlockAndOpenSlave(master);
        assertSame(devPts.pty(0).slave(), task.ctty, "a session leader's open acquires the slave");
        write(master, "\003");
        assertEquals(List.of("100:2"), sigs.take());
        assertEquals("^C", read(master, 100));
        slave.put();
    }

    @Test
    void tiocsigOnTheMasterSignalsTheSlaveForegroundGroup() {
        unlockAndOpenSlave(master);
        master.ioctl(TIOCSIG, TtySignals.SIGTSTP, mem);
        assertEquals(List.of("100:20"), sigs.take());
        assertErrno(Errno.EINVAL, () -> master.ioctl(TIOCSIG, 9, mem));
    }

    @Test
    void masterCloseHangsUpTheSlaveAndRemovesItsNode() {
        OpenFile slave = unlockAndOpenSlave(master);
        master.put();
        assertEquals("", read(slave, 10));
        assertErrno(Errno.EIO, () -> write(slave, "x"));
        assertFalse(exists("/dev/pts/0"));
        assertEquals(List.of(100), sigs.hungUpSessions);
        OpenFile next = open(USER, "/dev/ptmx", O_RDWR);
        assertEquals(1, ptn(next), "number 0 is busy while its slave is open");
        slave.put();
        assertEquals(0, ptn(open(USER, "/dev/ptmx", O_RDWR)));
    }

    @Test
    void slaveCloseLetsTheMasterDrainThenFailWithEio() {
        OpenFile slave = unlockAndOpenSlave(master);
        write(slave, "last words\n");
        slave.put();
        assertNotEquals(0, master.poll() & PollEvents.POLLHUP);
        assertEquals("last words\r\n", read(master, 100));
        assertErrno(Errno.EIO, () -> read(master, 100));
        // Reopening the slave clears it.
        OpenFile again = open(ROOT, "/dev/pts/0", O_RDWR);
        write(again, "x");
        assertEquals("x", read(master, 10));
    }

    @Test
    void lastSlaveCloseKeepsTheSessionUntilTheMasterGoes() {
        OpenFile slave = unlockAndOpenSlave(master);
        Tty pts = devPts.pty(0).slave();
        slave.put();
        assertSame(pts, task.ctty);
        assertEquals(100, pts.session());
        master.put();
        assertEquals(0, pts.session());
    }

    @Test
    void masterWritesStopWhenTheSlaveInputIsFull() throws Exception {
        OpenFile slave = unlockAndOpenSlave(master);
        raw(slave, this);
        master.setStatusFlags(O_NONBLOCK);
        int n = master.write(ByteBuffer.allocate(20000), blocker);
        assertEquals(4095 + Tty.PTY_BUFFER, n);
        assertErrno(Errno.EAGAIN, () -> master.write(ByteBuffer.allocate(1), blocker));
        assertEquals(0, master.poll() & PollEvents.POLLOUT);
        master.setStatusFlags(0);
        Async<Integer> w = new Async<>(() -> master.write(ByteBuffer.allocate(5000), blocker));
        settle();
        assertTrue(w.running());
        ByteBuffer sink = ByteBuffer.allocate(100000);
        while (sink.position() < n) slave.read(sink, blocker);
        assertEquals(5000, w.join());
    }

    @Test
    void slaveWritesBlockUntilTheMasterReads() throws Exception {
        OpenFile slave = unlockAndOpenSlave(master);
        raw(slave, this);
        Async<Integer> w = new Async<>(() -> slave.write(ByteBuffer.allocate(30000), blocker));
        settle();
        assertTrue(w.running());
        ByteBuffer sink = ByteBuffer.allocate(100000);
        while (w.running() || sink.position() < 30000) {
            master.read(sink, blocker);
            if (sink.position() >= 30000) break;
        }
        assertEquals(30000, w.join());
        assertEquals(30000, sink.position());
    }

    @Test
    void windowSizeSetOnTheMasterIsTheSlaves() {
        OpenFile slave = unlockAndOpenSlave(master);
        put(0, new Winsize(50, 132, 0, 0).encode());
        master.ioctl(TIOCSWINSZ, 0, mem);
        assertEquals(List.of("100:28"), sigs.take());
        slave.ioctl(TIOCGWINSZ, 16, mem);
        assertEquals(new Winsize(50, 132, 0, 0), Winsize.decode(ioctlBuf(16, 8)));
    }

    @Test
    void termiosRequestsOnTheMasterActOnTheSlave() {
        OpenFile slave = unlockAndOpenSlave(master);
        master.ioctl(TCGETS, 0, mem);
        assertTrue(Termios.decode(ioctlBuf(0, SIZE)).lflag(ICANON));
        assertFalse(devPts.pty(0).master().termios().lflag(ICANON), "the master itself is raw");
        raw(master, this);
        slave.ioctl(TCGETS, 0, mem);
        assertFalse(Termios.decode(ioctlBuf(0, SIZE)).lflag(ICANON));
    }

    @Test
    void slaveTermiosIsAlwaysEightBitReceiving() {
        OpenFile slave = unlockAndOpenSlave(master);
        Termios t = Termios.standard();
        t.cflag = (t.cflag & ~CSIZE) | CS7 | PARENB;
        put(0, t.encode());
        slave.ioctl(TCSETS, 0, mem);
        Termios got = devPts.pty(0).slave().termios();
        assertEquals(CS8, got.cflag & CSIZE);
        assertFalse(got.cflag(PARENB));
    }

    @Test
    void devptsListsPtmxAndLivePtys() {
        open(USER, "/dev/ptmx", O_RDWR);
        OpenFile dir = open(ROOT, "/dev/pts", O_RDONLY | O_DIRECTORY);
        List<String> names = new ArrayList<>();
        dir.iterate((name, ino, type, next) -> names.add(name));
        assertEquals(List.of(".", "..", "ptmx", "0", "1"), names);
        assertEquals(S_IFCHR | 0666, stat("/dev/pts/ptmx").mode);
    }

    @Test
    void packetModeReportsFlushesAndPrefixesData() {
        OpenFile slave = unlockAndOpenSlave(master);
        mem.writeInt(0, 1);
        master.ioctl(TIOCPKT, 0, mem);
        write(slave, "d");
        assertEquals("\0d", read(master, 10));
        slave.ioctl(TCFLSH, TCIFLUSH, mem);
        assertNotEquals(0, master.poll() & PollEvents.POLLPRI);
        assertEquals(String.valueOf((char) TIOCPKT_FLUSHREAD), read(master, 10));
    }

    @Test
    void peerOpenGivesTheSlave() {
        mem.writeInt(0, 0);
        master.ioctl(TIOCSPTLCK, 0, mem);
        OpenFile slave = devPts.openPeer(vfs, fs, ROOT, master, O_RDWR | O_NOCTTY, blocker);
        assertEquals(DevPts.slaveDev(0), slave.stat().rdev);
        write(master, "p\n");
        assertEquals("p\n", read(slave, 10));
    }

    @Test
    void slaveIsNoPtyMaster() {
        OpenFile slave = unlockAndOpenSlave(master);
        assertErrno(Errno.ENOTTY, () -> slave.ioctl(TIOCGPTN, 0, mem));
        assertErrno(Errno.ENOTTY, () -> slave.ioctl(TIOCSPTLCK, 0, mem));
    }

    @Test
    void ptmxRefusesBeyondMax() {
        mkdir("/mnt", 0755);
        vfs.mount(fs, ROOT, "devpts", null, "/mnt", "devpts", 0, "max=2");
        open(USER, "/dev/ptmx", O_RDWR);
        assertErrno(Errno.ENOSPC, () -> open(USER, "/dev/ptmx", O_RDWR));
    }

    @Test
    void echoingEndsUnderConcurrentTrafficDoNotDeadlock() throws Exception {
        // The master echoes what the slave writes back into the slave while both sides write at once,
        // so each side's output path feeds the other's input and echo path. (With both ends echoing,
        // every echo would be echoed back forever, on Linux as here.)
        OpenFile slave = unlockAndOpenSlave(master);
        Termios echoing = devPts.pty(0).master().termios();
        echoing.lflag |= ECHO;
        devPts.pty(0).master().setTermios(echoing);
        Termios quiet = devPts.pty(0).slave().termios();
        quiet.lflag &= ~ECHO;
        devPts.pty(0).slave().setTermios(quiet);
        master.setStatusFlags(O_NONBLOCK);
        slave.setStatusFlags(O_NONBLOCK);
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong drained = new java.util.concurrent.atomic.AtomicLong();
        Runnable drainMaster = () -> drain(master, stop, drained);
        Runnable drainSlave = () -> drain(slave, stop, drained);
        Thread d1 = new Thread(drainMaster);
        Thread d2 = new Thread(drainSlave);
        d1.start();
        d2.start();
        Async<Integer> w1 = new Async<>(() -> writeLines(master, 3000));
        Async<Integer> w2 = new Async<>(() -> writeLines(slave, 3000));
        assertEquals(3000, w1.join());
        assertEquals(3000, w2.join());
        stop.set(true);
        d1.join(5000);
        d2.join(5000);
        assertFalse(d1.isAlive() || d2.isAlive());
        assertTrue(drained.get() > 0);
    }

    private int writeLines(OpenFile f, int n) {
        int done = 0;
        while (done < n) {
            try {
                f.write(ByteBuffer.wrap("some line\n".getBytes()), blocker);
                done++;
            } catch (dev.umk.core.kernel.ErrnoException e) {
                if (e.errno() != Errno.EAGAIN) throw e;
                Thread.onSpinWait();
            }
        }
        return done;
    }

    private void drain(OpenFile f, java.util.concurrent.atomic.AtomicBoolean stop, java.util.concurrent.atomic.AtomicLong total) {
        ByteBuffer b = ByteBuffer.allocate(4096);
        while (!stop.get()) {
            b.clear();
            try {
                total.addAndGet(f.read(b, blocker));
            } catch (dev.umk.core.kernel.ErrnoException e) {
                if (e.errno() != Errno.EAGAIN) throw e;
                Thread.onSpinWait();
            }
        }
    }
}
