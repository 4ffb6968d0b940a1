package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.DISABLED;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The line discipline's 4096-byte input ring (Linux's read_buf and read_flags): bytes
 * between {@code tail} and {@code head}; in canonical mode, complete lines end before
 * {@code canonHead} and each line's last byte is flagged. An EOF character is stored as
 * a flagged disabled character (0) that ends a line and is never copied out.
 * Positions only grow; the index into the ring is the position modulo the size.
 *
 * <p>Guarded by the owning {@link LineDiscipline}'s monitor.
 */
final class ReadBuffer {
    static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;

    private final byte[] buf = new byte[SIZE];
    private final BitSet lineEnds = new BitSet(SIZE);
    long head;
    long tail;
    long canonHead;

    int at(long pos) {
        return buf[(int) (pos & MASK)] & 0xff;
    }

    void put(int c) {
        buf[(int) (head & MASK)] = (byte) c;
        head++;
    }

    /** Stores {@code c} as the end of a line and makes the line readable. */
    void endLine(int c) {
        lineEnds.set((int) (head & MASK));
        put(c);
        canonHead = head;
    }

    long count() {
        return head - tail;
    }

    /**
     * n_tty_set_termios on a switch of ICANON: leaving canonical mode makes everything
     * readable; entering it makes what is buffered one line, as if pushed by EOF.
     */
    void canonicalChanged(boolean icanon) {
        lineEnds.clear();
        if (!icanon || head == tail) {
            canonHead = tail;
        } else {
            lineEnds.set((int) ((head - 1) & MASK));
            canonHead = head;
        }
    }

    void reset() {
        head = 0;
        tail = 0;
        canonHead = 0;
        lineEnds.clear();
    }

    private boolean isEofMarker(long pos) {
        int i = (int) (pos & MASK);
        return lineEnds.get(i) && (buf[i] & 0xff) == DISABLED;
    }

    /**
     * canon_copy_from_read_buf: copies the current line up to and including its
     * terminator (an EOF marker is consumed, not copied), or as much of it as fits; a
     * line that does not fit stays for the next read. Returns the bytes copied.
     */
    int copyLine(ByteBuffer dst, boolean zero) {
        int n = (int) Math.min(dst.remaining(), canonHead - tail);
        int start = dst.position();
        int take = 0;
        while (take < n && !lineEnds.get((int) ((tail + take) & MASK))) take++;
        if (take < n) {
            long eol = tail + take;
            boolean eof = isEofMarker(eol);
            lineEnds.clear((int) (eol & MASK));
            copy(dst, take + (eof ? 0 : 1), zero);
            if (eof) tail++;
        } else {
            copy(dst, n, zero);
            // canon_skip_eof: a read that ended exactly at an EOF marker eats it.
            if (!dst.hasRemaining() && tail != canonHead && isEofMarker(tail)) {
                lineEnds.clear((int) (tail & MASK));
                tail++;
            }
        }
        return dst.position() - start;
    }

    /** copy_from_read_buf: raw-mode copy of whatever is buffered; returns bytes copied. */
    int copyRaw(ByteBuffer dst, boolean zero) {
        int n = (int) Math.min(dst.remaining(), count());
        copy(dst, n, zero);
        return n;
    }

    /** {@code zero}: leave no copy of what was read behind (zero_buffer, for unechoed canonical input). */
    private void copy(ByteBuffer dst, int n, boolean zero) {
        int t = (int) (tail & MASK);
        int first = Math.min(n, SIZE - t);
        dst.put(buf, t, first);
        dst.put(buf, 0, n - first);
        if (zero) {
            Arrays.fill(buf, t, t + first, (byte) 0);
            Arrays.fill(buf, 0, n - first, (byte) 0);
        }
        tail += n;
    }

    /** inq_canon: bytes of complete lines, EOF markers not counted. */
    int completeLineBytes() {
        int nr = 0;
        for (long i = tail; i != canonHead; i++) {
            if (!isEofMarker(i)) nr++;
        }
        return nr;
    }
}
