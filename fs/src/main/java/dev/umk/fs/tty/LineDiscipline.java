package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Termios;
import java.nio.ByteBuffer;

/**
 * The N_TTY line discipline (Linux drivers/tty/n_tty.c), input side: input processing
 * (ISTRIP, IUCLC, IGNCR, ICRNL, INLCR, IXON/IXANY, PARMRK doubling), canonical line
 * editing (ERASE, WERASE, KILL, LNEXT, REPRINT, EOF, EOL, EOL2), ISIG characters, echo
 * generation (ECHO, ECHOE, ECHOK, ECHOKE, ECHONL, ECHOCTL, ECHOPRT) and the read buffer
 * readers copy lines or bytes from.
 *
 * <p>Input first lands in a bounded pending buffer (Linux's flip buffer), from which
 * {@link #pump} moves as much as the 4096-byte read buffer has room for: in canonical
 * mode a line holds at most 4095 characters plus its terminator (further characters are
 * still processed, so erase and the line end keep working, but not stored); in raw mode
 * the buffer takes 4095 bytes. What cannot move yet waits, and so does the sender.
 *
 * <p>Echoes are queued as bytes and operations, as Linux does, and turned into output by
 * {@link TtyOutput} when the tty writes to its driver, so output and echoes share one
 * column count. Things only the {@link Tty} can do (send signals, flush the driver, wake
 * readers and writers) are recorded as pending effects it collects after each call.
 *
 * <p>All state is guarded by this object's monitor, a leaf lock: nothing here calls out.
 */
final class LineDiscipline {
    // Effects for the tty to carry out once it has left the monitor.
    static final int FX_READABLE = 1;
    static final int FX_FLUSH_OUTPUT = 2;
    static final int FX_START = 4;
    static final int FX_STOP = 8;
    static final int FX_PKT_FLUSHREAD = 16;
    static final int FX_ROOM = 32;

    private Termios t;
    private final boolean[] special = new boolean[256];
    private boolean raw;
    private boolean icanon;

    private final ReadBuffer rb = new ReadBuffer();
    private boolean lnext;
    private boolean erasing;

    final EchoBuffer echoes = new EchoBuffer();
    private final FlipBuffer pending;

    /** Output stopped by STOP_CHAR (flow.stopped) or by TCOOFF (flow.tco_stopped). */
    private boolean stopped;
    private boolean tcoStopped;

    private int effects;
    private long signals;

    final TtyOutput output = new TtyOutput(this);

    LineDiscipline(Termios termios, int pendingLimit) {
        this.pending = new FlipBuffer(pendingLimit);
        setTermios(termios, null);
    }

    synchronized Termios termios() {
        return t;
    }

    /**
     * n_tty_set_termios: a switch into or out of canonical mode keeps what was typed
     * (switching into it makes everything buffered one readable line, as if pushed by
     * EOF); rebuilds the table of special characters.
     */
    synchronized void setTermios(Termios nt, Termios old) {
        t = nt;
        if (old == null || ((old.lflag ^ nt.lflag) & (ICANON | EXTPROC)) != 0) {
            rb.canonicalChanged(nt.lflag(ICANON));
            erasing = false;
            lnext = false;
        }
        icanon = nt.lflag(ICANON);
        java.util.Arrays.fill(special, false);
        if (nt.iflag(ISTRIP | IUCLC | IGNCR | ICRNL | INLCR | IXON | PARMRK) || nt.lflag(ICANON | ISIG | ECHO)) {
            if (nt.iflag(IGNCR | ICRNL)) special['\r'] = true;
            if (nt.iflag(INLCR)) special['\n'] = true;
            if (icanon) {
                mark(VERASE);
                mark(VKILL);
                mark(VEOF);
                special['\n'] = true;
                mark(VEOL);
                if (nt.lflag(IEXTEN)) {
                    mark(VWERASE);
                    mark(VLNEXT);
                    mark(VEOL2);
                    if (nt.lflag(ECHO)) mark(VREPRINT);
                }
            }
            if (nt.iflag(IXON)) {
                mark(VSTART);
                mark(VSTOP);
            }
            if (nt.lflag(ISIG)) {
                mark(VINTR);
                mark(VQUIT);
                mark(VSUSP);
            }
            special[DISABLED] = false;
            raw = false;
        } else {
            raw = true;
        }
        if (!nt.iflag(IXON) && old != null && old.iflag(IXON) && !tcoStopped && stopped) {
            stopped = false;
            effects |= FX_START;
        }
        effects |= FX_READABLE | FX_ROOM;
        pump();
    }

    private void mark(int cc) {
        special[t.cc(cc)] = true;
    }

    // ---- effects

    /** Takes the pending effect bits (FX_*). */
    synchronized int takeEffects() {
        int e = effects;
        effects = 0;
        return e;
    }

    /** Takes the signals raised by ISIG characters, as a bit per signal number. */
    synchronized long takeSignals() {
        long s = signals;
        signals = 0;
        return s;
    }

    // ---- flow control

    synchronized boolean stopped() {
        return stopped || tcoStopped;
    }

    /** stop_tty / start_tty from TCXONC (tco_stopped) or from the ldisc (stopped). */
    synchronized void setStopped(boolean stop, boolean tco) {
        if (tco) {
            tcoStopped = stop;
            if (!stop) stopped = false;
        } else {
            stopped = stop;
        }
    }

    // ---- input

    /** Takes up to {@code len} bytes of driver input into the pending buffer and processes what fits; returns the count taken. */
    synchronized int receive(byte[] b, int off, int len) {
        int n = pending.put(b, off, len);
        pump();
        return n;
    }

    /** Room for driver input (tty_buffer_space_avail). */
    synchronized int pendingRoom() {
        return pending.room();
    }

    /** flush_to_ldisc: moves pending input into the read buffer as far as room allows. */
    synchronized void pump() {
        while (pending.count() > 0) {
            int n = Math.min(pending.count(), receiveRoom());
            if (n == 0) break;
            for (int i = 0; i < n; i++) {
                int c = pending.take();
                if (raw) put(c);
                else receiveChar(c);
            }
            effects |= FX_ROOM;
            if (!icanon && rb.head != rb.tail) effects |= FX_READABLE;
        }
    }

    /** The part of n_tty_receive_buf_common that sizes one batch, with canonical-mode overflow. */
    private int receiveRoom() {
        int room = ReadBuffer.SIZE - (int) rb.count();
        if (t.iflag(PARMRK)) room = (room + 2) / 3;
        room--;
        if (room <= 0) {
            boolean overflow = icanon && rb.canonHead == rb.tail;
            if (overflow && room < 0) rb.head--;
            room = overflow ? 1 : 0;
        }
        return room;
    }

    private void receiveChar(int c) {
        if (lnext) {
            lnext = false;
            receiveNormal(preprocess(c));
            return;
        }
        c = preprocess(c);
        if (t.lflag(EXTPROC)) {
            put(c);
        } else if (special[c]) {
            receiveSpecial(c);
        } else {
            receiveNormal(c);
        }
    }

    private int preprocess(int c) {
        if (t.iflag(ISTRIP)) c &= 0x7f;
        if (t.iflag(IUCLC) && t.lflag(IEXTEN)) c = toLower(c);
        return c;
    }

    private void receiveSpecial(int c) {
        if (t.iflag(IXON) && (c == t.cc(VSTART) || c == t.cc(VSTOP))) {
            if (c == t.cc(VSTART)) start();
            else if (!stopped) {
                stopped = true;
                effects |= FX_STOP;
            }
            return;
        }
        if (t.lflag(ISIG)) {
            if (c == t.cc(VINTR)) {
                signalChar(TtySignals.SIGINT, c);
                return;
            }
            if (c == t.cc(VQUIT)) {
                signalChar(TtySignals.SIGQUIT, c);
                return;
            }
            if (c == t.cc(VSUSP)) {
                signalChar(TtySignals.SIGTSTP, c);
                return;
            }
        }
        if (stopped && !tcoStopped && t.iflag(IXON) && t.iflag(IXANY)) start();
        if (c == '\r') {
            if (t.iflag(IGNCR)) return;
            if (t.iflag(ICRNL)) c = '\n';
        } else if (c == '\n' && t.iflag(INLCR)) {
            c = '\r';
        }
        if (icanon && receiveCanon(c)) return;
        if (t.lflag(ECHO)) {
            finishErasing();
            if (c == '\n') {
                echoRaw('\n');
            } else {
                if (rb.canonHead == rb.head) echoes.op(EchoBuffer.OP_SET_CANON_COL);
                echoChar(c);
            }
        }
        if (c == 0xff && t.iflag(PARMRK)) put(c);
        put(c);
    }

    private void receiveNormal(int c) {
        if (stopped && !tcoStopped && t.iflag(IXON) && t.iflag(IXANY)) start();
        if (t.lflag(ECHO)) {
            finishErasing();
            if (rb.canonHead == rb.head) echoes.op(EchoBuffer.OP_SET_CANON_COL);
            echoChar(c);
        }
        if (c == 0xff && t.iflag(PARMRK)) put(c);
        put(c);
    }

    /** The canonical-mode characters; false when {@code c} is an ordinary one. */
    private boolean receiveCanon(int c) {
        if (c == t.cc(VERASE) || c == t.cc(VKILL) || (c == t.cc(VWERASE) && t.lflag(IEXTEN))) {
            eraser(c);
            return true;
        }
        if (c == t.cc(VLNEXT) && t.lflag(IEXTEN)) {
            lnext = true;
            if (t.lflag(ECHO)) {
                finishErasing();
                if (t.lflag(ECHOCTL)) {
                    echoRaw('^');
                    echoRaw('\b');
                }
            }
            return true;
        }
        if (c == t.cc(VREPRINT) && t.lflag(ECHO) && t.lflag(IEXTEN)) {
            finishErasing();
            echoChar(c);
            echoRaw('\n');
            for (long i = rb.canonHead; i != rb.head; i++) echoChar(rb.at(i));
            return true;
        }
        if (c == '\n') {
            if (t.lflag(ECHO) || t.lflag(ECHONL)) echoRaw('\n');
            newline(c);
            return true;
        }
        if (c == t.cc(VEOF)) {
            // The EOF marker: a disabled character ending a line, never copied to readers.
            newline(DISABLED);
            return true;
        }
        if (c == t.cc(VEOL) || (c == t.cc(VEOL2) && t.lflag(IEXTEN))) {
            if (t.lflag(ECHO)) {
                if (rb.canonHead == rb.head) echoes.op(EchoBuffer.OP_SET_CANON_COL);
                echoChar(c);
            }
            if (c == 0xff && t.iflag(PARMRK)) put(c);
            newline(c);
            return true;
        }
        return false;
    }

    private void newline(int c) {
        rb.endLine(c);
        effects |= FX_READABLE;
    }

    private void signalChar(int sig, int c) {
        signals |= 1L << sig;
        if (!t.lflag(NOFLSH)) {
            echoes.clear();
            effects |= FX_FLUSH_OUTPUT | FX_PKT_FLUSHREAD;
            resetBuffer();
        }
        if (t.iflag(IXON)) start();
        if (t.lflag(ECHO)) echoChar(c);
    }

    private void start() {
        if (stopped && !tcoStopped) {
            stopped = false;
            effects |= FX_START;
        }
    }

    private void put(int c) {
        rb.put(c);
    }

    /** Erase, word-erase and kill, with the echo each ECHO* mode asks for (Linux's eraser). */
    private void eraser(int c) {
        if (rb.head == rb.canonHead) return;
        boolean erase = c == t.cc(VERASE);
        boolean werase = !erase && c == t.cc(VWERASE);
        boolean echo = t.lflag(ECHO);
        if (!erase && !werase) {
            if (!echo) {
                rb.head = rb.canonHead;
                return;
            }
            if (!t.lflag(ECHOK) || !t.lflag(ECHOKE) || !t.lflag(ECHOE)) {
                rb.head = rb.canonHead;
                finishErasing();
                echoChar(t.cc(VKILL));
                if (t.lflag(ECHOK)) echoRaw('\n');
                return;
            }
        }
        int seenAlnums = 0;
        while (rb.head != rb.canonHead) {
            long head = rb.head;
            int ch;
            do {
                head--;
                ch = rb.at(head);
            } while (isContinuation(ch) && head != rb.canonHead);
            if (isContinuation(ch)) break;
            if (werase) {
                if (isAlnum(ch) || ch == '_') seenAlnums++;
                else if (seenAlnums > 0) break;
            }
            int cnt = (int) (rb.head - head);
            rb.head = head;
            if (echo) echoErase(ch, erase, head, cnt);
            if (erase) break;
        }
        if (rb.head == rb.canonHead && echo) finishErasing();
    }

    private void echoErase(int ch, boolean erase, long head, int cnt) {
        if (t.lflag(ECHOPRT)) {
            if (!erasing) {
                echoRaw('\\');
                erasing = true;
            }
            echoChar(ch);
            while (--cnt > 0) {
                head++;
                echoRaw(rb.at(head));
                echoes.op(EchoBuffer.OP_MOVE_BACK_COL);
            }
        } else if (erase && !t.lflag(ECHOE)) {
            echoChar(t.cc(VERASE));
        } else if (ch == '\t') {
            // Columns used since the line start or the previous tab, so the erase backs up to where the tab began.
            int numChars = 0;
            boolean afterTab = false;
            for (long tail = rb.head; tail != rb.canonHead; ) {
                tail--;
                int p = rb.at(tail);
                if (p == '\t') {
                    afterTab = true;
                    break;
                } else if (isCntrl(p)) {
                    if (t.lflag(ECHOCTL)) numChars += 2;
                } else if (!isContinuation(p)) {
                    numChars++;
                }
            }
            echoes.eraseTab(numChars, afterTab);
        } else {
            if (isCntrl(ch) && t.lflag(ECHOCTL)) rubout();
            if (!isCntrl(ch) || t.lflag(ECHOCTL)) rubout();
        }
    }

    private void rubout() {
        echoRaw('\b');
        echoRaw(' ');
        echoRaw('\b');
    }

    private void finishErasing() {
        if (erasing) {
            echoRaw('/');
            erasing = false;
        }
    }

    // ---- echo buffer

    private void echoChar(int c) {
        echoes.put(c, t.lflag(ECHOCTL));
    }

    private void echoRaw(int c) {
        echoes.raw(c);
    }

    synchronized boolean hasEchoes() {
        return !echoes.isEmpty();
    }

    /** The termios, for TtyOutput (called with this monitor held). */
    Termios termiosLocked() {
        return t;
    }

    // ---- reading

    /** input_available_p; {@code poll} applies VMIN as poll(2) does when VTIME is 0. */
    synchronized boolean inputAvailable(boolean poll) {
        if (icanon && !t.lflag(EXTPROC)) return rb.canonHead != rb.tail;
        int amt = poll && t.cc(VTIME) == 0 && t.cc(VMIN) != 0 ? t.cc(VMIN) : 1;
        return rb.count() >= amt;
    }

    synchronized boolean canonical() {
        return icanon && !t.lflag(EXTPROC);
    }

    /**
     * One copy step of a read, in the current mode: canonically the current line, or the
     * part of it that fits (then true: the read is done); otherwise whatever is buffered,
     * as far as it fits (false: VMIN decides).
     */
    synchronized boolean copyForRead(ByteBuffer dst) {
        boolean zero = icanon && !t.lflag(ECHO);
        if (canonical()) {
            rb.copyLine(dst, zero);
            return true;
        }
        rb.copyRaw(dst, zero);
        return false;
    }

    /** FIONREAD: bytes a reader could get now (in canonical mode, complete lines without EOF markers). */
    synchronized int inq() {
        return canonical() ? rb.completeLineBytes() : (int) rb.count();
    }

    /** n_tty_flush_buffer plus tty_buffer_flush: discards all input, buffered and pending. */
    synchronized void flushInput() {
        resetBuffer();
        pending.clear();
        effects |= FX_ROOM;
    }

    /** tty_buffer_flush: drops driver input not yet taken into the read buffer. */
    synchronized void flushPending() {
        pending.clear();
    }

    /** A fresh line discipline after a hangup: no input, no echoes, no flow stop, no half-typed state. */
    synchronized void reset() {
        flushInput();
        echoes.clear();
        lnext = false;
        stopped = false;
        tcoStopped = false;
        effects = 0;
        signals = 0;
    }

    private void resetBuffer() {
        rb.reset();
        erasing = false;
    }

    // ---- character classes of the kernel's ctype (Latin-1; 128-159 are not control characters)

    static boolean isCntrl(int c) {
        return c < 32 || c == 127;
    }

    static boolean isAlnum(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
                || (c >= 192 && c != 215 && c != 247);
    }

    private static int toLower(int c) {
        if ((c >= 'A' && c <= 'Z') || (c >= 192 && c <= 222 && c != 215)) return c + 32;
        return c;
    }

    /** A UTF-8 continuation byte when the terminal is in IUTF8 mode. */
    boolean isContinuation(int c) {
        return t.iflag(IUTF8) && (c & 0xc0) == 0x80;
    }
}
