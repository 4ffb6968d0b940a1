package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;
import static dev.umk.fs.tty.EchoBuffer.*;
import static dev.umk.fs.tty.LineDiscipline.isCntrl;

import dev.umk.core.abi.Termios;
import java.nio.ByteBuffer;

/**
 * N_TTY output processing (Linux do_output_char, process_output_block, __process_echoes):
 * OPOST translations (ONLCR, OCRNL, ONOCR, ONLRET, OLCUC, XTABS) and the echo buffer's
 * operations, into bytes for the driver, never more than the room the driver reported.
 * Keeps the output column, which tab erasure needs to back up the right distance.
 *
 * <p>State is guarded by the line discipline's monitor; every entry point takes it. The
 * caller holds the tty's output lock, so bytes reach the driver in the order they were
 * produced here.
 */
final class TtyOutput {
    private final LineDiscipline ld;
    private int column;
    private int canonColumn;

    TtyOutput(LineDiscipline ld) {
        this.ld = ld;
    }

    /** Turns pending echoes into at most {@code room} bytes at {@code out[off..]}; returns the count. */
    int echoes(byte[] out, int off, int room) {
        synchronized (ld) {
            Termios t = ld.termiosLocked();
            int n = 0;
            EchoBuffer eb = ld.echoes;
            long tail = eb.tail();
            long head = eb.head();
            while (tail != head) {
                int c = eb.byteAt(tail);
                if (c == OP_START) {
                    int used = echoOp(t, tail, out, off + n, room - n);
                    if (used < 0) break;
                    n += used;
                    tail += eb.byteAt(tail + 1) == OP_ERASE_TAB ? 3 : 2;
                } else {
                    int used = t.oflag(OPOST) ? outputChar(t, c, out, off + n, room - n) : putRaw(c, out, off + n, room - n);
                    if (used < 0) break;
                    n += used;
                    tail++;
                }
            }
            eb.setTail(tail);
            return n;
        }
    }

    /** One echo operation at {@code tail}; returns bytes produced or -1 when they do not fit. */
    private int echoOp(Termios t, long tail, byte[] out, int at, int room) {
        int op = ld.echoes.byteAt(tail + 1);
        switch (op) {
            case OP_ERASE_TAB -> {
                int numChars = ld.echoes.byteAt(tail + 2);
                if ((numChars & 0x80) == 0) numChars += canonColumn;
                int numBs = 8 - (numChars & 7);
                if (numBs > room) return -1;
                for (int i = 0; i < numBs; i++) {
                    out[at + i] = '\b';
                    if (column > 0) column--;
                }
                return numBs;
            }
            case OP_SET_CANON_COL -> {
                canonColumn = column;
                return 0;
            }
            case OP_MOVE_BACK_COL -> {
                if (column > 0) column--;
                return 0;
            }
            case OP_START -> {
                if (room < 1) return -1;
                out[at] = (byte) OP_START;
                column++;
                return 1;
            }
            default -> {
                // A control character tagged to echo as ^X; the pair is never split.
                if (room < 2) return -1;
                out[at] = '^';
                out[at + 1] = (byte) (op ^ 0100);
                column += 2;
                return 2;
            }
        }
    }

    /**
     * Processes {@code src} for output into at most {@code room} bytes; {@code src} advances
     * over what was consumed. Returns the bytes produced.
     */
    int output(ByteBuffer src, byte[] out, int off, int room) {
        synchronized (ld) {
            Termios t = ld.termiosLocked();
            if (!t.oflag(OPOST)) {
                int n = Math.min(room, src.remaining());
                src.get(out, off, n);
                return n;
            }
            int n = 0;
            while (src.hasRemaining()) {
                int used = outputChar(t, src.get(src.position()) & 0xff, out, off + n, room - n);
                if (used < 0) break;
                src.get();
                n += used;
            }
            return n;
        }
    }

    private static int putRaw(int c, byte[] out, int at, int room) {
        if (room < 1) return -1;
        out[at] = (byte) c;
        return 1;
    }

    /** do_output_char: one character with OPOST processing; -1 when its bytes do not fit. */
    private int outputChar(Termios t, int c, byte[] out, int at, int room) {
        if (room < 1) return -1;
        switch (c) {
            case '\n' -> {
                if (t.oflag(ONLRET)) column = 0;
                if (t.oflag(ONLCR)) {
                    if (room < 2) return -1;
                    canonColumn = column = 0;
                    out[at] = '\r';
                    out[at + 1] = '\n';
                    return 2;
                }
                canonColumn = column;
            }
            case '\r' -> {
                if (t.oflag(ONOCR) && column == 0) return 0;
                if (t.oflag(OCRNL)) {
                    c = '\n';
                    if (t.oflag(ONLRET)) canonColumn = column = 0;
                } else {
                    canonColumn = column = 0;
                }
            }
            case '\t' -> {
                int spaces = 8 - (column & 7);
                if ((t.oflag & TABDLY) == XTABS) {
                    if (room < spaces) return -1;
                    column += spaces;
                    for (int i = 0; i < spaces; i++) out[at + i] = ' ';
                    return spaces;
                }
                column += spaces;
            }
            case '\b' -> {
                if (column > 0) column--;
            }
            default -> {
                if (!isCntrl(c)) {
                    if (t.oflag(OLCUC) && c >= 'a' && c <= 'z') c -= 32;
                    if (!ld.isContinuation(c)) column++;
                }
            }
        }
        out[at] = (byte) c;
        return 1;
    }
}
