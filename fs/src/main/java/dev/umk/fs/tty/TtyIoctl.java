package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;

/**
 * ioctl(2) on a tty (Linux tty_ioctl, tty_jobctrl_ioctl, tty_mode_ioctl, n_tty_ioctl):
 * termios, window size, flushing and flow control, the job-control requests, and the
 * driver's own (pty master) requests. On a pty master, termios, window size and the
 * job-control requests act on the slave ("real tty"), as on Linux.
 */
final class TtyIoctl {
    private TtyIoctl() {}

    static long ioctl(TtyFile tf, OpenFile f, int cmd, long arg, UserMemory mem) {
        if (tf.hungUp()) throw new ErrnoException(cmd == TIOCSPGRP ? Errno.ENOTTY : Errno.EIO);
        Tty tty = tf.tty();
        Tty real = tty.isPtyMaster() ? tty.link() : tty;
        TtyJobControl jc = tty.jobControl();
        switch (cmd) {
            case TCGETS -> mem.write(arg, real.termios().encode(), 0, SIZE);
            case TCGETS2 -> mem.write(arg, real.termios().encode2(), 0, SIZE2);
            case TCGETA -> mem.write(arg, real.termios().encodeTermio(), 0, TERMIO_SIZE);
            case TCSETS, TCSETSW, TCSETSF -> {
                real.checkChange(TtySignals.SIGTTOU);
                setTermios(real, Termios.decode(in(mem, arg, SIZE)), cmd == TCSETSF);
            }
            case TCSETS2, TCSETSW2, TCSETSF2 -> {
                real.checkChange(TtySignals.SIGTTOU);
                setTermios(real, Termios.decode2(in(mem, arg, SIZE2)), cmd == TCSETSF2);
            }
            case TCSETA, TCSETAW, TCSETAF -> {
                real.checkChange(TtySignals.SIGTTOU);
                setTermios(real, Termios.decodeTermio(in(mem, arg, TERMIO_SIZE), real.termios()), cmd == TCSETAF);
            }
            case TIOCGWINSZ -> mem.write(arg, real.winsize().encode(), 0, Winsize.SIZE);
            case TIOCSWINSZ -> real.resize(Winsize.decode(in(mem, arg, Winsize.SIZE)));
            case TCFLSH -> {
                tty.checkChange(TtySignals.SIGTTOU);
                flush(tty, (int) arg);
            }
            case TCXONC -> {
                tty.checkChange(TtySignals.SIGTTOU);
                flowControl(tty, (int) arg);
            }
            case TCSBRK, TCSBRKP -> tty.checkChange(TtySignals.SIGTTOU); // no break line to hold, nothing queued to drain
            case TIOCSBRK, TIOCCBRK -> { } // no break line
            case FIONREAD -> mem.writeInt(arg, tty.ldisc().inq());
            case TIOCOUTQ -> mem.writeInt(arg, tty.driver().charsInBuffer());
            case TIOCSTI -> {
                if (jc.controllingTty() != tty && !jc.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EPERM);
                tty.receive(in(mem, arg, 1), 0, 1);
            }
            case TIOCEXCL -> tty.setExclusive(true);
            case TIOCNXCL -> tty.setExclusive(false);
            case TIOCGEXCL -> mem.writeInt(arg, tty.exclusive() ? 1 : 0);
            case TIOCGETD -> mem.writeInt(arg, N_TTY);
            case TIOCSETD -> {
                if (mem.readInt(arg) != N_TTY) throw new ErrnoException(Errno.EINVAL);
            }
            case TIOCVHANGUP -> {
                if (!jc.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EPERM);
                tty.hangup();
            }
            case TIOCGSOFTCAR -> mem.writeInt(arg, real.termios().cflag(CLOCAL) ? 1 : 0);
            case TIOCSSOFTCAR -> {
                Termios t = real.termios();
                t.cflag = mem.readInt(arg) != 0 ? t.cflag | CLOCAL : t.cflag & ~CLOCAL;
                real.setTermios(t);
            }
            case TIOCNOTTY -> noTty(tty, jc);
            case TIOCSCTTY -> setControllingTty(real, f, jc, arg);
            case TIOCGPGRP -> {
                if (tty == real && jc.controllingTty() != real) throw new ErrnoException(Errno.ENOTTY);
                mem.writeInt(arg, real.foregroundPgrp());
            }
            case TIOCSPGRP -> setForeground(real, jc, mem.readInt(arg));
            case TIOCGSID -> {
                if (tty == real && jc.controllingTty() != real) throw new ErrnoException(Errno.ENOTTY);
                int sid = real.session();
                if (sid == 0) throw new ErrnoException(Errno.ENOTTY);
                mem.writeInt(arg, sid);
            }
            default -> {
                return tty.driver().ioctl(tty, cmd, arg, mem);
            }
        }
        return 0;
    }

    private static byte[] in(UserMemory mem, long arg, int n) {
        byte[] b = new byte[n];
        mem.read(arg, b, 0, n);
        return b;
    }

    /** set_termios: TCSETSF discards input first; TCSETSW has no queued output to wait for. */
    private static void setTermios(Tty real, Termios t, boolean flush) {
        if (flush) real.flushInput();
        real.setTermios(t);
    }

    /** tty_perform_flush. */
    private static void flush(Tty tty, int arg) {
        switch (arg) {
            case TCIFLUSH -> tty.flushInput();
            case TCOFLUSH -> tty.flushOutput();
            case TCIOFLUSH -> {
                tty.flushInput();
                tty.flushOutput();
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** TCXONC: suspend or resume output, or send STOP/START to the other side. */
    private static void flowControl(Tty tty, int arg) {
        Termios t = tty.ldisc().termios();
        switch (arg) {
            case TCOOFF -> tty.setStopped(true);
            case TCOON -> tty.setStopped(false);
            case TCIOFF -> {
                if (t.cc(VSTOP) != DISABLED) tty.sendControlChar(t.cc(VSTOP));
            }
            case TCION -> {
                if (t.cc(VSTART) != DISABLED) tty.sendControlChar(t.cc(VSTART));
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** TIOCNOTTY: the caller gives up its controlling terminal; a session leader takes the session with it. */
    private static void noTty(Tty tty, TtyJobControl jc) {
        if (jc.controllingTty() != tty) throw new ErrnoException(Errno.ENOTTY);
        if (jc.isSessionLeader()) tty.disassociate(false);
        jc.setControllingTty(null);
    }

    /**
     * TIOCSCTTY (tiocsctty): a session leader without a controlling terminal takes this
     * one; one that another session controls only with arg 1 and CAP_SYS_ADMIN (stealing
     * it); write-only opens need CAP_SYS_ADMIN.
     */
    private static void setControllingTty(Tty real, OpenFile f, TtyJobControl jc, long arg) {
        int sid = real.session();
        if (jc.isSessionLeader() && sid != 0 && jc.session() == sid) return;
        if (!jc.isSessionLeader() || jc.controllingTty() != null) throw new ErrnoException(Errno.EPERM);
        if (sid != 0) {
            if (arg == 1 && jc.capable(Credentials.CAP_SYS_ADMIN)) jc.clearSessionTty(sid);
            else throw new ErrnoException(Errno.EPERM);
        }
        if (!f.canRead() && !jc.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EPERM);
        real.attachSession(jc.session(), jc.pgrp());
        jc.setControllingTty(real);
    }

    /** TIOCSPGRP (tiocspgrp): the new foreground group must exist in the caller's session. */
    private static void setForeground(Tty real, TtyJobControl jc, int pg) {
        try {
            real.checkChange(TtySignals.SIGTTOU);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.EIO) throw new ErrnoException(Errno.ENOTTY);
            throw e;
        }
        if (jc.controllingTty() != real || real.session() != jc.session()) throw new ErrnoException(Errno.ENOTTY);
        if (pg < 0) throw new ErrnoException(Errno.EINVAL);
        int s = pg == 0 ? 0 : jc.sessionOfPgrp(pg);
        if (s == 0) throw new ErrnoException(Errno.ESRCH);
        if (s != jc.session()) throw new ErrnoException(Errno.EPERM);
        real.setForegroundPgrp(pg);
    }
}
