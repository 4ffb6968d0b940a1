package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.UserMemory;

/**
 * One end of a pty (Linux drivers/tty/pty.c): what this end writes is input of the other
 * end, taken as far as the other end's input buffer has room. Opening and closing the
 * ends drives the pair's life: the slave opens only while unlocked and while the master
 * lives; the last slave close makes the master's reads fail with EIO once drained; the
 * master's close hangs the slave up and removes /dev/pts/N.
 */
final class PtyDriver implements TtyDriver {
    private final PtyPair pair;
    private final boolean master;

    PtyDriver(PtyPair pair, boolean master) {
        this.pair = pair;
        this.master = master;
    }

    private Tty self() {
        return master ? pair.master() : pair.slave();
    }

    private Tty peer() {
        return master ? pair.slave() : pair.master();
    }

    @Override
    public int writeRoom() {
        return peer().inputRoom();
    }

    @Override
    public int write(byte[] b, int off, int len) {
        return peer().receive(b, off, len);
    }

    /** pty_flush_buffer: drops what the other end has not yet taken in; a master in packet mode hears of it. */
    @Override
    public void flushBuffer() {
        peer().ldisc().flushPending();
        self().packetStatus(TIOCPKT_FLUSHWRITE, 0);
        self().writeWakeup();
    }

    /** pty_unthrottle: the other end's writers may go on. */
    @Override
    public void unthrottle() {
        Tty p = peer();
        if (p != null) p.writeWakeup();
    }

    /** pty_set_termios (slave only): a pty is always 8-bit and receiving. */
    @Override
    public void setTermios(Termios t) {
        if (!master) {
            t.cflag &= ~(CSIZE | PARENB);
            t.cflag |= CS8 | CREAD;
        }
    }

    /** pty_open: a slave needs a live, unlocked master. */
    @Override
    public void open(Tty tty) {
        if (master) return;
        if (pair.masterClosed() || pair.locked()) throw new ErrnoException(Errno.EIO);
        pair.master().setOtherClosed(false);
    }

    @Override
    public void close(Tty tty, int opensLeft) {
        if (opensLeft > 0) return;
        if (master) pair.masterClosed(tty);
        else pair.slaveClosed();
    }

    /** pty_unix98_ioctl: the master's requests. */
    @Override
    public long ioctl(Tty tty, int cmd, long arg, UserMemory mem) {
        if (!master) throw new ErrnoException(Errno.ENOTTY);
        switch (cmd) {
            case TIOCSPTLCK -> pair.setLocked(mem.readInt(arg) != 0);
            case TIOCGPTLCK -> mem.writeInt(arg, pair.locked() ? 1 : 0);
            case TIOCPKT -> tty.setPacketMode(mem.readInt(arg) != 0);
            case TIOCGPKT -> mem.writeInt(arg, tty.packetMode() ? 1 : 0);
            case TIOCGPTN -> mem.writeInt(arg, pair.index());
            case TIOCSIG -> {
                int sig = (int) arg;
                if (sig != TtySignals.SIGINT && sig != TtySignals.SIGQUIT && sig != TtySignals.SIGTSTP) {
                    throw new ErrnoException(Errno.EINVAL);
                }
                int pg = pair.slave().foregroundPgrp();
                if (pg > 0) tty.signals().signalGroup(pg, sig);
            }
            default -> throw new ErrnoException(Errno.ENOTTY);
        }
        return 0;
    }
}
