package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;
import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A terminal device (Linux {@code struct tty_struct}): its termios and window size, the
 * N_TTY {@link LineDiscipline} between reader and driver, the session and foreground
 * process group it controls (plain ids; the process model owns the processes), and the
 * reads, writes and hangups of the files open on it. A pty pair is two linked Ttys.
 *
 * <p>Input arrives from the driver through {@link #receive}; output goes to the
 * {@link TtyDriver} after OPOST processing. Echoes and output share the output lock, so
 * the terminal sees them in order. Signals are sent through {@link TtySignals} outside
 * the line discipline's monitor; job-control checks ask {@link TtyJobControl} about the
 * calling task.
 *
 * <p>Lock ordering: {@code outputLock}, then the line discipline's monitor, then a linked
 * tty's line discipline monitor (a pty driver feeding it). {@code ctrl} and the pair's
 * {@link PacketMode} are leaves. Another tty's output lock is only ever tried
 * ({@link #flushEchoes}), never waited for, so two pty ends writing into each other
 * cannot deadlock.
 */
public final class Tty {
    /** Flip-buffer limit of a pty end (tty_buffer_set_limit in pty.c). */
    public static final int PTY_BUFFER = 8192;
    private static final int WRITE_CHUNK = 8192;
    /** Room a blocked writer waits for: enough for any single character's expansion. */
    private static final int WRITE_WAKEUP = 8;

    private final String name;
    private final int index;
    private final TtyDriver driver;
    private final TtySignals signals;
    private final TtyJobControl jc;
    private final boolean ptyMaster;
    private final LineDiscipline ld;
    private final WaitQueue queue = new WaitQueue();
    private final ReentrantLock outputLock = new ReentrantLock();
    /** Guarded by outputLock. */
    private final byte[] outBuf = new byte[WRITE_CHUNK];
    private volatile Tty link;
    /** TTY_OTHER_CLOSED: the other end of a pty is gone; reads fail with EIO once drained. */
    private volatile boolean otherClosed;
    /** The pty pair's TIOCPKT state; null for a terminal that is no pty. */
    private volatile PacketMode packet;

    private final Object ctrl = new Object();
    // Guarded by ctrl.
    private int session;
    private int pgrp;
    private Winsize winsize;
    private int opens;
    private int hangups;
    private boolean exclusive;

    /**
     * @param name the device name below /dev ("console", "pts/3", "ptm3")
     * @param index the device index (the pty number)
     * @param pendingLimit how much driver input may wait for the line discipline
     */
    public Tty(String name, int index, Termios initial, Winsize ws, TtyDriver driver, TtySignals signals,
               TtyJobControl jc, boolean ptyMaster, int pendingLimit) {
        this.name = name;
        this.index = index;
        this.driver = driver;
        this.signals = signals;
        this.jc = jc;
        this.ptyMaster = ptyMaster;
        Termios t = initial.copy();
        driver.setTermios(t);
        this.ld = new LineDiscipline(t, pendingLimit);
        ld.takeEffects();
        this.winsize = ws;
    }

    public String name() { return name; }

    public int index() { return index; }

    public boolean isPtyMaster() { return ptyMaster; }

    /** The other end of a pty, or null. */
    public Tty link() { return link; }

    void setLink(Tty other, PacketMode pm) {
        link = other;
        packet = pm;
    }

    TtyJobControl jobControl() { return jc; }

    TtySignals signals() { return signals; }

    TtyDriver driver() { return driver; }

    LineDiscipline ldisc() { return ld; }

    /** The queue readers, writers and pollers of this tty wait on. */
    public WaitQueue waitQueue() { return queue; }

    // ---- termios and window size

    /** A copy of the current settings. */
    public Termios termios() {
        return ld.termios().copy();
    }

    /** tty_set_termios: installs {@code nt} (after the driver's adjustments) and tells the line discipline. */
    public void setTermios(Termios nt) {
        Termios t = nt.copy();
        driver.setTermios(t);
        Termios old;
        synchronized (ld) {
            old = ld.termios();
            ld.setTermios(t, old);
        }
        packetFlowChange(old, t);
        afterInput();
    }

    public Winsize winsize() {
        synchronized (ctrl) {
            return winsize;
        }
    }

    /**
     * tty_do_resize / pty_resize: a changed window size signals SIGWINCH to the foreground
     * group (and, for a pty, to the other end's group when that differs).
     */
    public void resize(Winsize ws) {
        int pg;
        synchronized (ctrl) {
            if (ws.equals(winsize)) return;
            winsize = ws;
            pg = pgrp;
        }
        if (pg > 0) signals.signalGroup(pg, TtySignals.SIGWINCH);
        Tty l = link;
        if (l != null) {
            int lpg = l.foregroundPgrp();
            if (lpg > 0 && lpg != pg) signals.signalGroup(lpg, TtySignals.SIGWINCH);
        }
    }

    // ---- session and foreground process group

    /** The session this tty controls, or 0. */
    public int session() {
        synchronized (ctrl) {
            return session;
        }
    }

    /** The foreground process group, or 0. */
    public int foregroundPgrp() {
        synchronized (ctrl) {
            return pgrp;
        }
    }

    /**
     * The tty side of __proc_set_tty: records {@code sid} as the session this tty controls
     * and {@code pg} as its foreground group. The kernel sets the process side itself.
     */
    public void attachSession(int sid, int pg) {
        synchronized (ctrl) {
            session = sid;
            pgrp = pg;
        }
    }

    void setForegroundPgrp(int pg) {
        synchronized (ctrl) {
            pgrp = pg;
        }
    }

    /**
     * disassociate_ctty, called for a session leader leaving its controlling terminal:
     * at exit ({@code onExit}) a non-pty terminal is hung up; otherwise the foreground group
     * gets SIGHUP (and SIGCONT unless exiting). Then the session loses the terminal.
     */
    public void disassociate(boolean onExit) {
        int sid = jc.session();
        if (onExit && link == null) {
            hangup(true);
        } else {
            int pg = foregroundPgrp();
            if (pg > 0) {
                signals.signalGroup(pg, TtySignals.SIGHUP);
                if (!onExit) signals.signalGroup(pg, TtySignals.SIGCONT);
            }
        }
        synchronized (ctrl) {
            session = 0;
            pgrp = 0;
        }
        jc.clearSessionTty(sid);
    }

    /**
     * __tty_check_change: a process of a background group touching its controlling
     * terminal gets {@code sig} (SIGTTIN or SIGTTOU) and the call restarts after the stop;
     * EIO when that signal cannot stop it (ignored SIGTTIN, orphaned group).
     */
    void checkChange(int sig) {
        if (jc.controllingTty() != this) return;
        int tp = foregroundPgrp();
        int pg = jc.pgrp();
        if (tp == 0 || pg == tp) return;
        if (jc.isIgnoredOrBlocked(sig)) {
            if (sig == TtySignals.SIGTTIN) throw new ErrnoException(Errno.EIO);
            return;
        }
        if (jc.isOrphanedPgrp()) throw new ErrnoException(Errno.EIO);
        signals.signalGroup(pg, sig);
        throw new ErrnoException(Errno.ERESTARTSYS);
    }

    // ---- open, close, hangup

    /**
     * tty_open for an already found tty: EBUSY when exclusive, the driver's checks, and
     * (unless {@code noctty}) the controlling-terminal rule: a session leader without one
     * that opens a tty no session controls for reading acquires it.
     */
    public TtyFile open(OpenFile f, boolean noctty) {
        synchronized (ctrl) {
            if (exclusive && !jc.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EBUSY);
        }
        driver.open(this);
        TtyFile tf;
        synchronized (ctrl) {
            opens++;
            tf = new TtyFile(this, hangups);
        }
        if (!noctty && !ptyMaster && f.canRead() && jc.isSessionLeader() && jc.controllingTty() == null) {
            boolean take;
            synchronized (ctrl) {
                take = session == 0;
                if (take) {
                    session = jc.session();
                    pgrp = jc.pgrp();
                }
            }
            if (take) jc.setControllingTty(this);
        }
        return tf;
    }

    /**
     * tty_release of one open file; the driver learns how many remain. The last close of
     * a terminal that is no pty ends the session's hold on it. A pty slave keeps its
     * session and settings until its master goes (Linux's pair holds a reference to it).
     * A master's last close turns packet mode off.
     */
    void release(TtyFile f) {
        boolean last, endSession;
        int sid;
        synchronized (ctrl) {
            last = --opens == 0;
            sid = session;
            endSession = last && link == null;
            if (endSession) {
                session = 0;
                pgrp = 0;
                exclusive = false;
            }
        }
        if (last && ptyMaster) packet.reset();
        driver.close(this, last ? 0 : 1);
        if (endSession && sid != 0) jc.clearSessionTty(sid);
    }

    public int openCount() {
        synchronized (ctrl) {
            return opens;
        }
    }

    boolean hungUp(int generation) {
        synchronized (ctrl) {
            return generation != hangups;
        }
    }

    void setExclusive(boolean on) {
        synchronized (ctrl) {
            exclusive = on;
        }
    }

    boolean exclusive() {
        synchronized (ctrl) {
            return exclusive;
        }
    }

    /**
     * tty_vhangup: every file open on the tty now reads end of file and fails writes with
     * EIO; input is discarded; the session loses its controlling terminal and its leader
     * gets SIGHUP and SIGCONT. New opens work again (a pty slave's driver refuses them).
     */
    public void hangup() {
        hangup(false);
    }

    private void hangup(boolean exitSession) {
        int sid, pg;
        synchronized (ctrl) {
            hangups++;
            sid = session;
            pg = pgrp;
            session = 0;
            pgrp = 0;
        }
        if (packet != null) packet.take();
        ld.reset();
        driver.flushBuffer();
        if (sid != 0) signals.hangupSession(this, sid);
        if (exitSession && pg > 0) signals.signalGroup(pg, TtySignals.SIGHUP);
        queue.wake(IN | OUT | POLLHUP | POLLERR);
    }

    /** TTY_OTHER_CLOSED for a pty end: set when the other side's last file closed. */
    void setOtherClosed(boolean closed) {
        otherClosed = closed;
        queue.wake(IN | OUT | POLLHUP);
    }

    boolean otherClosed() {
        return otherClosed;
    }

    /** The pty pair's packet mode when this is a master reading in it, else null. */
    PacketMode masterPacketMode() {
        PacketMode pm = packet;
        return ptyMaster && pm != null && pm.enabled() ? pm : null;
    }

    // ---- input from the driver

    /** Driver input: takes what fits in the pending buffer, processes it; returns the count taken. */
    public int receive(byte[] b, int off, int len) {
        int n = ld.receive(b, off, len);
        afterInput();
        return n;
    }

    /** Feeds all of {@code b[off..off+len)}, waiting for room (a console reader thread). */
    public void receiveAll(byte[] b, int off, int len, Blocker blocker) {
        while (len > 0) {
            int n = receive(b, off, len);
            off += n;
            len -= n;
            if (len > 0) blocker.await(queue, OUT, () -> ld.pendingRoom() > 0);
        }
    }

    /** Room for driver input right now (what a pty writer may send). */
    int inputRoom() {
        return ld.pendingRoom();
    }

    /** Carries out what the line discipline recorded: flushes, flow control, signals, echoes, wake-ups. */
    private void afterInput() {
        int fx = ld.takeEffects();
        long sigs = ld.takeSignals();
        if ((fx & LineDiscipline.FX_FLUSH_OUTPUT) != 0) driver.flushBuffer();
        if ((fx & LineDiscipline.FX_PKT_FLUSHREAD) != 0) packetStatus(TIOCPKT_FLUSHREAD, 0);
        if ((fx & LineDiscipline.FX_STOP) != 0) packetStatus(TIOCPKT_STOP, TIOCPKT_START);
        if ((fx & LineDiscipline.FX_START) != 0) packetStatus(TIOCPKT_START, TIOCPKT_STOP);
        if (sigs != 0) {
            int pg = foregroundPgrp();
            for (int sig = 1; sig < 64; sig++) {
                if ((sigs & (1L << sig)) != 0 && pg > 0) signals.signalGroup(pg, sig);
            }
        }
        flushEchoes();
        if ((fx & LineDiscipline.FX_READABLE) != 0 && ld.inputAvailable(false)) queue.wake(IN);
        if ((fx & LineDiscipline.FX_START) != 0) writeWakeup();
        if ((fx & LineDiscipline.FX_ROOM) != 0) {
            queue.wake(OUT);
            driver.unthrottle();
        }
    }

    // ---- output

    /** tty_wakeup: room for output appeared; pending echoes go out and writers retry. */
    public void writeWakeup() {
        flushEchoes();
        queue.wake(OUT);
    }

    private int room() {
        return ld.stopped() ? 0 : driver.writeRoom();
    }

    /**
     * Writes pending echoes if the output lock is free (process_echoes). A thread that
     * cannot take the lock leaves them to its holder, which calls this after unlocking.
     */
    void flushEchoes() {
        while (ld.hasEchoes() && !outputLock.isHeldByCurrentThread() && outputLock.tryLock()) {
            boolean progress;
            try {
                int room = Math.min(room(), outBuf.length);
                long before = echoMark();
                int n = room == 0 ? 0 : ld.output.echoes(outBuf, 0, room);
                if (n > 0) driver.write(outBuf, 0, n);
                progress = n > 0 || echoMark() != before;
            } finally {
                outputLock.unlock();
            }
            if (!progress) break;
        }
    }

    private long echoMark() {
        synchronized (ld) {
            return ld.echoes.tail();
        }
    }

    /** n_tty_write: OPOST output, waiting for driver room; a partial count when interrupted or non-blocking. */
    int write(TtyFile f, ByteBuffer src, boolean nonBlocking, Blocker blocker) {
        if (ld.termios().lflag(TOSTOP)) checkChange(TtySignals.SIGTTOU);
        flushEchoes();
        int start = src.position();
        while (true) {
            if (f.hungUp()) {
                if (src.position() > start) break;
                throw new ErrnoException(Errno.EIO);
            }
            outputLock.lock();
            try {
                writeChunks(src);
            } finally {
                outputLock.unlock();
            }
            flushEchoes();
            if (!src.hasRemaining()) break;
            if (nonBlocking) {
                if (src.position() > start) break;
                throw new ErrnoException(Errno.EAGAIN);
            }
            try {
                blocker.await(queue, OUT | POLLHUP, () -> room() >= WRITE_WAKEUP || f.hungUp());
            } catch (ErrnoException e) {
                if (src.position() > start) break;
                throw e;
            }
        }
        return src.position() - start;
    }

    /** Sends echoes first, then as much of {@code src} as the driver has room for. Holds outputLock. */
    private void writeChunks(ByteBuffer src) {
        while (src.hasRemaining()) {
            int room = Math.min(room(), outBuf.length);
            if (room == 0) return;
            int n = ld.output.echoes(outBuf, 0, room);
            if (n < room) n += ld.output.output(src, outBuf, n, room - n);
            if (n == 0) return;
            driver.write(outBuf, 0, n);
        }
    }

    /** tty_send_xchar: a flow-control character straight to the driver (TCIOFF/TCION). */
    void sendControlChar(int c) {
        outputLock.lock();
        try {
            if (driver.writeRoom() > 0) driver.write(new byte[] {(byte) c}, 0, 1);
        } finally {
            outputLock.unlock();
        }
        flushEchoes();
    }

    /** stop_tty / start_tty from TCXONC. */
    void setStopped(boolean stop) {
        boolean was = ld.stopped();
        ld.setStopped(stop, true);
        if (was == stop) return;
        if (stop) packetStatus(TIOCPKT_STOP, TIOCPKT_START);
        else {
            packetStatus(TIOCPKT_START, TIOCPKT_STOP);
            writeWakeup();
        }
    }

    // ---- reading

    /** n_tty_read (see {@link TtyRead}). */
    int read(TtyFile f, ByteBuffer dst, boolean nonBlocking, Blocker blocker) {
        return TtyRead.read(this, f, dst, nonBlocking, blocker);
    }

    /** The reader freed buffer space: pending input moves in, and a throttled sender may go on. */
    void afterRead() {
        ld.pump();
        afterInput();
    }

    /** poll(2) readiness of one open file (n_tty_poll, hung_up_tty_poll). */
    int poll(TtyFile f) {
        if (f.hungUp()) return IN | OUT | POLLERR | POLLHUP;
        int mask = 0;
        if (ld.inputAvailable(true)) mask |= IN;
        PacketMode pm = masterPacketMode();
        if (pm != null && pm.peek() != 0) mask |= POLLPRI | IN;
        if (otherClosed) mask |= POLLHUP;
        if (room() > 0) mask |= OUT;
        return mask;
    }

    /** TCIFLUSH: discards input; a pty master in packet mode learns of it. */
    void flushInput() {
        ld.flushInput();
        packetStatus(TIOCPKT_FLUSHREAD, 0);
        afterInput();
    }

    /** TCOFLUSH: discards output the driver still holds. */
    void flushOutput() {
        driver.flushBuffer();
    }

    // ---- packet mode

    /** TIOCPKT on a master. */
    void setPacketMode(boolean on) {
        packet.enable(on);
    }

    boolean packetMode() {
        PacketMode pm = packet;
        return pm != null && pm.enabled();
    }

    /** A slave status change, for its master when that reads in packet mode (n_tty_packet_mode_flush, pty_start...). */
    void packetStatus(int set, int clear) {
        PacketMode pm = packet;
        if (ptyMaster || pm == null || !pm.report(set, clear)) return;
        link.queue.wake(IN | POLLPRI);
    }

    /** pty_set_termios: a master in packet mode learns whether ^S/^Q flow control is in effect. */
    private void packetFlowChange(Termios old, Termios nt) {
        boolean oldFlow = old.iflag(IXON) && old.cc(VSTOP) == 023 && old.cc(VSTART) == 021;
        boolean newFlow = nt.iflag(IXON) && nt.cc(VSTOP) == 023 && nt.cc(VSTART) == 021;
        if (oldFlow != newFlow) {
            packetStatus(newFlow ? TIOCPKT_DOSTOP : TIOCPKT_NOSTOP, TIOCPKT_DOSTOP | TIOCPKT_NOSTOP);
        }
    }

    @Override
    public String toString() {
        return "Tty(" + name + ")";
    }
}
