package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.abi.Termios.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.fs.OpenFile;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SignalsAndJobControlTest extends TtyTestKit {
    private final Tty tty = newTty(Termios.standard());
    private OpenFile f;

    @BeforeEach
    void controllingTerminal() {
        // A session leader opening a tty nobody controls acquires it.
        f = openTty(tty, O_RDWR);
        assertSame(tty, task.ctty);
        assertEquals(100, tty.session());
        assertEquals(100, tty.foregroundPgrp());
    }

    @Test
    void ctrlCSendsSigintToTheForegroundGroupAndFlushesInput() {
        type(tty, "abc");
        type(tty, "\003");
        assertEquals(List.of("100:2"), sigs.take());
        assertEquals("abc^C", drv.take());
        assertEquals(1, drv.flushes);
        type(tty, "x\n");
        assertEquals("x\n", read(f, 100));
    }

    @Test
    void echoesNotYetWrittenAreDiscardedBySignalFlush() {
        // As on Linux: echoes of one input batch go out after it; a ^C in it discards them.
        type(tty, "abc\003");
        assertEquals("^C", drv.take());
    }

    @Test
    void ctrlZSendsSigtstp() {
        type(tty, "\032");
        assertEquals(List.of("100:20"), sigs.take());
        assertEquals("^Z", drv.take());
    }

    @Test
    void ctrlBackslashSendsSigquit() {
        type(tty, "\034");
        assertEquals(List.of("100:3"), sigs.take());
        assertEquals("^\\", drv.take());
    }

    @Test
    void noflshKeepsInputAcrossASignal() {
        Termios t = Termios.standard();
        t.lflag |= NOFLSH;
        tty.setTermios(t);
        type(tty, "ab\003c\n");
        assertEquals(List.of("100:2"), sigs.take());
        assertEquals("abc\n", read(f, 100));
        assertEquals(0, drv.flushes);
    }

    @Test
    void isigOffMakesSignalCharactersPlainInput() {
        Termios t = Termios.standard();
        t.lflag &= ~ISIG;
        tty.setTermios(t);
        type(tty, "\003\n");
        assertEquals(List.of(), sigs.take());
        assertEquals("\003\n", read(f, 100));
    }

    @Test
    void noForegroundGroupMeansNoSignal() {
        tty.attachSession(100, 0);
        type(tty, "\003");
        assertEquals(List.of(), sigs.take());
    }

    @Test
    void backgroundReadGetsSigttinAndRestarts() {
        task.pgrp = 200;
        assertErrno(Errno.ERESTARTSYS, () -> read(f, 10));
        assertEquals(List.of("200:21"), sigs.take());
    }

    @Test
    void backgroundReadWithSigttinIgnoredFailsWithEio() {
        task.pgrp = 200;
        task.ignored = true;
        assertErrno(Errno.EIO, () -> read(f, 10));
        assertEquals(List.of(), sigs.take());
    }

    @Test
    void orphanedBackgroundReadFailsWithEio() {
        task.pgrp = 200;
        task.orphaned = true;
        assertErrno(Errno.EIO, () -> read(f, 10));
    }

    @Test
    void backgroundWriteIsAllowedUnlessTostop() {
        task.pgrp = 200;
        write(f, "ok");
        assertEquals("ok", drv.take());
        Termios t = tty.termios();
        t.lflag |= TOSTOP;
        task.pgrp = 100;
        tty.setTermios(t);
        task.pgrp = 200;
        assertErrno(Errno.ERESTARTSYS, () -> write(f, "no"));
        assertEquals(List.of("200:22"), sigs.take());
        task.ignored = true;
        write(f, "yes");
        assertEquals("yes", drv.take());
    }

    @Test
    void backgroundTcsetsGetsSigttou() {
        task.pgrp = 200;
        put(0, Termios.standard().encode());
        assertErrno(Errno.ERESTARTSYS, () -> f.ioctl(TCSETS, 0, mem));
        assertEquals(List.of("200:22"), sigs.take());
    }

    @Test
    void tiocgpgrpAndTiocspgrpMoveTheForegroundGroup() {
        mem.writeInt(0, 200);
        f.ioctl(TIOCSPGRP, 0, mem);
        f.ioctl(TIOCGPGRP, 8, mem);
        assertEquals(200, mem.readInt(8));
        type(tty, "\003");
        assertEquals(List.of("200:2"), sigs.take());
    }

    @Test
    void tiocspgrpRefusesGroupsOfOtherSessionsAndMissingOnes() {
        mem.writeInt(0, 300);
        assertErrno(Errno.EPERM, () -> f.ioctl(TIOCSPGRP, 0, mem));
        mem.writeInt(0, 999);
        assertErrno(Errno.ESRCH, () -> f.ioctl(TIOCSPGRP, 0, mem));
        mem.writeInt(0, -1);
        assertErrno(Errno.EINVAL, () -> f.ioctl(TIOCSPGRP, 0, mem));
    }

    @Test
    void tiocspgrpOnANonControllingTtyIsEnotty() {
        task.ctty = null;
        mem.writeInt(0, 100);
        assertErrno(Errno.ENOTTY, () -> f.ioctl(TIOCSPGRP, 0, mem));
        assertErrno(Errno.ENOTTY, () -> f.ioctl(TIOCGPGRP, 0, mem));
    }

    @Test
    void tiocgsidReportsTheSession() {
        f.ioctl(TIOCGSID, 0, mem);
        assertEquals(100, mem.readInt(0));
    }

    @Test
    void tiocnottyByTheLeaderHangsUpTheForegroundAndFreesTheTty() {
        f.ioctl(TIOCNOTTY, 0, mem);
        assertNull(task.ctty);
        assertEquals(0, tty.session());
        assertEquals(List.of("100:1", "100:18"), sigs.take());
    }

    @Test
    void tiocscttyTakesAFreeTtyAndRefusesAStolenOneWithoutPrivilege() {
        f.ioctl(TIOCNOTTY, 0, mem);
        f.ioctl(TIOCSCTTY, 0, mem);
        assertSame(tty, task.ctty);
        // Another session's leader may not take it...
        task.session = 300;
        task.pgrp = 300;
        task.ctty = null;
        assertErrno(Errno.EPERM, () -> f.ioctl(TIOCSCTTY, 0, mem));
        // ...unless it steals it with arg 1 and CAP_SYS_ADMIN.
        task.admin = true;
        f.ioctl(TIOCSCTTY, 1, mem);
        assertEquals(300, tty.session());
        assertEquals(300, tty.foregroundPgrp());
    }

    @Test
    void nonLeaderOpenDoesNotAcquireAControllingTty() {
        Tty other = new Tty("other", 1, Termios.standard(), Winsize.ZERO, new Capture(), sigs, task, false, 4096);
        task.ctty = null;
        task.leader = false;
        other.open(f, false);
        assertNull(task.ctty);
        assertEquals(0, other.session());
    }

    @Test
    void windowSizeChangeSignalsSigwinchOnce() {
        put(0, new Winsize(24, 80, 0, 0).encode());
        f.ioctl(TIOCSWINSZ, 0, mem);
        f.ioctl(TIOCSWINSZ, 0, mem);
        assertEquals(List.of("100:28"), sigs.take());
        f.ioctl(TIOCGWINSZ, 16, mem);
        assertEquals(new Winsize(24, 80, 0, 0), Winsize.decode(ioctlBuf(16, 8)));
    }

    @Test
    void hangupKillsOpenFilesAndTellsTheSession() {
        tty.hangup();
        assertEquals(List.of(100), sigs.hungUpSessions);
        assertEquals("", read(f, 10));
        assertErrno(Errno.EIO, () -> write(f, "x"));
        assertErrno(Errno.EIO, () -> f.ioctl(TCGETS, 0, mem));
        assertErrno(Errno.ENOTTY, () -> f.ioctl(TIOCSPGRP, 0, mem));
        assertEquals(dev.umk.fs.PollEvents.POLLHUP, f.poll() & dev.umk.fs.PollEvents.POLLHUP);
        // A new open works again.
        task.ctty = null;
        OpenFile g = vfs.open(fs, ROOT, null, "/ttyT", O_RDWR, 0, blocker);
        type(tty, "ok\n");
        assertEquals("ok\n", read(g, 10));
    }

    @Test
    void sessionLeaderExitHangsUpTheConsoleAndSignalsTheForeground() {
        tty.disassociate(true);
        assertEquals(List.of(100), sigs.hungUpSessions);
        assertEquals(List.of("100:1"), sigs.take());
        assertNull(task.ctty);
    }

    @Test
    void lastCloseReleasesTheControllingTty() {
        f.put();
        assertNull(task.ctty);
        assertEquals(0, tty.session());
    }

    @Test
    void exclusiveTtyRefusesNewOpens() {
        f.ioctl(TIOCEXCL, 0, mem);
        assertErrno(Errno.EBUSY, () -> vfs.open(fs, ROOT, null, "/ttyT", O_RDWR, 0, blocker));
        f.ioctl(TIOCNXCL, 0, mem);
        vfs.open(fs, ROOT, null, "/ttyT", O_RDWR, 0, blocker).put();
    }

    @Test
    void devTtyOpensTheControllingTerminalOrFailsWithEnxio() {
        vfs.devices().register(5, 0, DevTty.device(task));
        vfs.mknod(fs, ROOT, null, "/tty", S_IFCHR | 0666, dev.umk.core.abi.Stat.makedev(5, 0));
        OpenFile t = vfs.open(fs, ROOT, null, "/tty", O_RDWR, 0, blocker);
        write(t, "via /dev/tty");
        assertEquals("via /dev/tty", drv.take());
        task.ctty = null;
        assertErrno(Errno.ENXIO, () -> vfs.open(fs, ROOT, null, "/tty", O_RDWR, 0, blocker));
    }
}
