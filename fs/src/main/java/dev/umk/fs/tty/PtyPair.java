package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;

/**
 * A Unix98 pseudo-terminal: a master (what /dev/ptmx opened) and a slave
 * (/dev/pts/N), two {@link Tty}s whose drivers feed each other. The slave starts locked
 * (TIOCSPTLCK unlocks it, as unlockpt(3) does) and with the usual cooked settings; the
 * master starts raw, as Linux's ptm driver does.
 */
public final class PtyPair {
    /** Hears when the pair's number may be reused (both sides closed). */
    interface Owner {
        void masterClosed(PtyPair pair);

        void released(PtyPair pair);
    }

    private final int index;
    private final Tty master;
    private final Tty slave;
    private final Owner owner;
    private volatile boolean locked = true;
    private volatile boolean masterClosed;

    PtyPair(int index, TtySignals signals, TtyJobControl jc, Owner owner) {
        this.index = index;
        this.owner = owner;
        Termios mt = Termios.standard();
        mt.iflag = 0;
        mt.oflag = 0;
        mt.cflag = B38400 | CS8 | CREAD;
        mt.lflag = 0;
        Termios st = Termios.standard();
        st.cflag = B38400 | CS8 | CREAD;
        master = new Tty("ptm" + index, index, mt, Winsize.ZERO, new PtyDriver(this, true), signals, jc, true, Tty.PTY_BUFFER);
        slave = new Tty("pts/" + index, index, st, Winsize.ZERO, new PtyDriver(this, false), signals, jc, false, Tty.PTY_BUFFER);
        PacketMode packet = new PacketMode();
        master.setLink(slave, packet);
        slave.setLink(master, packet);
    }

    /** The pty number N of /dev/pts/N. */
    public int index() { return index; }

    public Tty master() { return master; }

    public Tty slave() { return slave; }

    public boolean locked() { return locked; }

    void setLocked(boolean on) { locked = on; }

    boolean masterClosed() { return masterClosed; }

    /** pty_close of the master: the slave sees the other side closed and is hung up; /dev/pts/N goes away. */
    void masterClosed(Tty tty) {
        masterClosed = true;
        slave.setOtherClosed(true);
        owner.masterClosed(this);
        slave.hangup();
        if (slave.openCount() == 0) owner.released(this);
    }

    /** pty_close of the last slave file: the master reads EIO once it has drained what is left. */
    void slaveClosed() {
        master.setOtherClosed(true);
        if (masterClosed) owner.released(this);
    }
}
