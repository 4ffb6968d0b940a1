package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Termios;
import java.nio.ByteBuffer;
import java.util.BitSet;

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
    static final int BUF_SIZE = 4096;
    private static final int MASK = BUF_SIZE - 1;

    // Echo buffer operation codes (after an ECHO_OP_START byte).
    static final int ECHO_OP_START = 0xff;
    static final int ECHO_OP_MOVE_BACK_COL = 0x80;
    static final int ECHO_OP_SET_CANON_COL = 0x81;
    static final int ECHO_OP_ERASE_TAB = 0x82;

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

    private final byte[] readBuf = new byte[BUF_SIZE];
    /** Line ends (newline, EOL, EOL2, and the EOF marker) in canonical mode. */
    private final BitSet readFlags = new BitSet(BUF_SIZE);
    private long readHead;
    private long readTail;
    private long canonHead;
    private boolean lnext;
    private boolean erasing;

    private final byte[] echoBuf = new byte[BUF_SIZE];
    private long echoHead;
    private long echoTail;

    private final byte[] pending;
    private int pendingHead;
    private int pendingCount;

    /** Output stopped by STOP_CHAR (flow.stopped) or by TCOOFF (flow.tco_stopped). */
    private boolean stopped;
    private boolean tcoStopped;

    private int effects;
    private long signals;

    final TtyOutput output = new TtyOutput(this);

    LineDiscipline(Termios termios, int pendingLimit) {
        this.pending = new byte[pendingLimit];
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
            readFlags.clear();
            if (!nt.lflag(ICANON) || readHead == readTail) {
                canonHead = readTail;
            } else {
                readFlags.set((int) ((readHead - 1) & MASK));
                canonHead = readHead;
            }
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
        int n = Math.min(len, pending.length - pendingCount);
        int tail = (pendingHead + pendingCount) % pending.length;
        int first = Math.min(n, pending.length - tail);
        System.arraycopy(b, off, pending, tail, first);
        System.arraycopy(b, off + first, pending, 0, n - first);
        pendingCount += n;
        pump();
        return n;
    }

    /** Room for driver input (tty_buffer_space_avail). */
    synchronized int pendingRoom() {
        return pending.length - pendingCount;
    }

    /** flush_to_ldisc: moves pending input into the read buffer as far as room allows. */
    synchronized void pump() {
        while (pendingCount > 0) {
            int n = Math.min(pendingCount, receiveRoom());
            if (n == 0) break;
            for (int i = 0; i < n; i++) {
                byte c = pending[pendingHead];
                pendingHead = (pendingHead + 1) % pending.length;
                pendingCount--;
                if (raw) put(c & 0xff);
                else receiveChar(c & 0xff);
            }
            effects |= FX_ROOM;
            if (!icanon && readHead != readTail) effects |= FX_READABLE;
        }
    }

    /** The part of n_tty_receive_buf_common that sizes one batch, with canonical-mode overflow. */
    private int receiveRoom() {
        int room = BUF_SIZE - (int) (readHead - readTail);
        if (t.iflag(PARMRK)) room = (room + 2) / 3;
        room--;
        if (room <= 0) {
            boolean overflow = icanon && canonHead == readTail;
            if (overflow && room < 0) readHead--;
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
                if (canonHead == readHead) echoOp(ECHO_OP_SET_CANON_COL);
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
            if (canonHead == readHead) echoOp(ECHO_OP_SET_CANON_COL);
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
            for (long i = canonHead; i != readHead; i++) echoChar(readBuf[(int) (i & MASK)] & 0xff);
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
                if (canonHead == readHead) echoOp(ECHO_OP_SET_CANON_COL);
                echoChar(c);
            }
            if (c == 0xff && t.iflag(PARMRK)) put(c);
            newline(c);
            return true;
        }
        return false;
    }

    private void newline(int c) {
        readFlags.set((int) (readHead & MASK));
        put(c);
        canonHead = readHead;
        effects |= FX_READABLE;
    }

    private void signalChar(int sig, int c) {
        signals |= 1L << sig;
        if (!t.lflag(NOFLSH)) {
            echoHead = echoTail;
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
        readBuf[(int) (readHead & MASK)] = (byte) c;
        readHead++;
    }

    /** Erase, word-erase and kill, with the echo each ECHO* mode asks for (Linux's eraser). */
    private void eraser(int c) {
        if (readHead == canonHead) return;
        boolean erase = c == t.cc(VERASE);
        boolean werase = !erase && c == t.cc(VWERASE);
        boolean echo = t.lflag(ECHO);
        if (!erase && !werase) {
            if (!echo) {
                readHead = canonHead;
                return;
            }
            if (!t.lflag(ECHOK) || !t.lflag(ECHOKE) || !t.lflag(ECHOE)) {
                readHead = canonHead;
                finishErasing();
                echoChar(t.cc(VKILL));
                if (t.lflag(ECHOK)) echoRaw('\n');
                return;
            }
        }
        int seenAlnums = 0;
        while (readHead != canonHead) {
            long head = readHead;
            int ch;
            do {
                head--;
                ch = readBuf[(int) (head & MASK)] & 0xff;
            } while (isContinuation(ch) && head != canonHead);
            if (isContinuation(ch)) break;
            if (werase) {
                if (isAlnum(ch) || ch == '_') seenAlnums++;
                else if (seenAlnums > 0) break;
            }
            int cnt = (int) (readHead - head);
            readHead = head;
            if (echo) echoErase(ch, erase, head, cnt);
            if (erase) break;
        }
        if (readHead == canonHead && echo) finishErasing();
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
                echoRaw(readBuf[(int) (head & MASK)] & 0xff);
                echoOp(ECHO_OP_MOVE_BACK_COL);
            }
        } else if (erase && !t.lflag(ECHOE)) {
            echoChar(t.cc(VERASE));
        } else if (ch == '\t') {
            // Columns used since the line start or the previous tab, so the erase backs up to where the tab began.
            int numChars = 0;
            boolean afterTab = false;
            for (long tail = readHead; tail != canonHead; ) {
                tail--;
                int p = readBuf[(int) (tail & MASK)] & 0xff;
                if (p == '\t') {
                    afterTab = true;
                    break;
                } else if (isCntrl(p)) {
                    if (t.lflag(ECHOCTL)) numChars += 2;
                } else if (!isContinuation(p)) {
                    numChars++;
                }
            }
            addEcho(ECHO_OP_START);
            addEcho(ECHO_OP_ERASE_TAB);
            addEcho((numChars & 7) | (afterTab ? 0x80 : 0));
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

    /** echo_char: control characters tagged to print as ^X under ECHOCTL. */
    private void echoChar(int c) {
        if (c == ECHO_OP_START) {
            addEcho(ECHO_OP_START);
            addEcho(ECHO_OP_START);
        } else {
            if (t.lflag(ECHOCTL) && isCntrl(c) && c != '\t') addEcho(ECHO_OP_START);
            addEcho(c);
        }
    }

    private void echoRaw(int c) {
        if (c == ECHO_OP_START) addEcho(ECHO_OP_START);
        addEcho(c);
    }

    private void echoOp(int op) {
        addEcho(ECHO_OP_START);
        addEcho(op);
    }

    /** Adds an echo byte; when the buffer is full the oldest operation is dropped, as Linux discards. */
    private void addEcho(int b) {
        if (echoHead - echoTail >= BUF_SIZE) dropOldestEcho();
        echoBuf[(int) (echoHead & MASK)] = (byte) b;
        echoHead++;
    }

    private void dropOldestEcho() {
        if (echoByte(echoTail) == ECHO_OP_START) {
            echoTail += echoByte(echoTail + 1) == ECHO_OP_ERASE_TAB ? 3 : 2;
        } else {
            echoTail++;
        }
        if (echoTail > echoHead) echoTail = echoHead;
    }

    synchronized boolean hasEchoes() {
        return echoHead != echoTail;
    }

    // Accessors for TtyOutput, called with this monitor held.
    long echoHead() { return echoHead; }

    long echoTail() { return echoTail; }

    void setEchoTail(long tail) { echoTail = tail; }

    int echoByte(long i) { return echoBuf[(int) (i & MASK)] & 0xff; }

    Termios termiosLocked() { return t; }

    // ---- reading

    /** input_available_p; {@code poll} applies VMIN as poll(2) does when VTIME is 0. */
    synchronized boolean inputAvailable(boolean poll) {
        if (icanon && !t.lflag(EXTPROC)) return canonHead != readTail;
        int amt = poll && t.cc(VTIME) == 0 && t.cc(VMIN) != 0 ? t.cc(VMIN) : 1;
        return readHead - readTail >= amt;
    }

    synchronized boolean canonical() {
        return icanon && !t.lflag(EXTPROC);
    }

    /**
     * canon_copy_from_read_buf: copies the current line up to and including its
     * terminator (the EOF marker is consumed, not copied), or as much of it as fits.
     * Returns the bytes copied; a line that does not fit stays for the next read.
     */
    synchronized int copyLine(ByteBuffer dst) {
        long avail = canonHead - readTail;
        int n = (int) Math.min(dst.remaining(), avail);
        int start = dst.position();
        boolean found = false;
        int take = 0;
        for (; take < n; take++) {
            if (readFlags.get((int) ((readTail + take) & MASK))) {
                found = true;
                break;
            }
        }
        if (found) {
            int eol = (int) ((readTail + take) & MASK);
            readFlags.clear(eol);
            boolean eof = (readBuf[eol] & 0xff) == DISABLED;
            copy(dst, take + (eof ? 0 : 1));
            readTail += eof ? 1 : 0;
        } else {
            copy(dst, n);
            skipEofMarker(dst);
        }
        return dst.position() - start;
    }

    /** canon_skip_eof: a read that ended exactly at an EOF marker eats it. */
    private void skipEofMarker(ByteBuffer dst) {
        if (dst.hasRemaining() || readTail == canonHead) return;
        int at = (int) (readTail & MASK);
        if (readFlags.get(at) && (readBuf[at] & 0xff) == DISABLED) {
            readFlags.clear(at);
            readTail++;
        }
    }

    /** copy_from_read_buf: raw-mode copy of whatever is buffered; returns bytes copied. */
    synchronized int copyRaw(ByteBuffer dst) {
        int n = (int) Math.min(dst.remaining(), readHead - readTail);
        copy(dst, n);
        return n;
    }

    private void copy(ByteBuffer dst, int n) {
        int tail = (int) (readTail & MASK);
        int first = Math.min(n, BUF_SIZE - tail);
        dst.put(readBuf, tail, first);
        dst.put(readBuf, 0, n - first);
        // Canonical input read without echo may be a password: leave no copy behind (zero_buffer).
        if (icanon && !t.lflag(ECHO)) {
            java.util.Arrays.fill(readBuf, tail, tail + first, (byte) 0);
            java.util.Arrays.fill(readBuf, 0, n - first, (byte) 0);
        }
        readTail += n;
    }

    /** FIONREAD: bytes a reader could get now (in canonical mode, complete lines without EOF markers). */
    synchronized int inq() {
        if (!canonical()) return (int) (readHead - readTail);
        int nr = 0;
        for (long i = readTail; i != canonHead; i++) {
            int at = (int) (i & MASK);
            if (!(readFlags.get(at) && (readBuf[at] & 0xff) == DISABLED)) nr++;
        }
        return nr;
    }

    /** n_tty_flush_buffer plus tty_buffer_flush: discards all input, buffered and pending. */
    synchronized void flushInput() {
        resetBuffer();
        pendingHead = 0;
        pendingCount = 0;
        effects |= FX_ROOM;
    }

    /** tty_buffer_flush: drops driver input not yet taken into the read buffer. */
    synchronized void flushPending() {
        pendingHead = 0;
        pendingCount = 0;
    }

    /** A fresh line discipline after a hangup: no input, no echoes, no flow stop, no half-typed state. */
    synchronized void reset() {
        flushInput();
        echoTail = echoHead;
        lnext = false;
        stopped = false;
        tcoStopped = false;
        effects = 0;
        signals = 0;
    }

    private void resetBuffer() {
        readHead = 0;
        readTail = 0;
        canonHead = 0;
        erasing = false;
        readFlags.clear();
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
