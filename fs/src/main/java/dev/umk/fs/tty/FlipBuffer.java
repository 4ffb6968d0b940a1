package dev.umk.fs.tty;

/**
 * Driver input waiting for room in the line discipline (Linux's tty flip buffer), up to
 * a fixed limit: a sender that finds it full waits. Guarded by the owning
 * {@link LineDiscipline}'s monitor.
 */
final class FlipBuffer {
    private final byte[] buf;
    private int head;
    private int count;

    FlipBuffer(int limit) {
        buf = new byte[limit];
    }

    /** Takes as much of {@code b[off..off+len)} as fits; returns the count taken. */
    int put(byte[] b, int off, int len) {
        int n = Math.min(len, buf.length - count);
        int at = (head + count) % buf.length;
        int first = Math.min(n, buf.length - at);
        System.arraycopy(b, off, buf, at, first);
        System.arraycopy(b, off + first, buf, 0, n - first);
        count += n;
        return n;
    }

    /** The oldest byte, removed. */
    int take() {
        int c = buf[head] & 0xff;
        head = (head + 1) % buf.length;
        count--;
        return c;
    }

    int count() {
        return count;
    }

    int room() {
        return buf.length - count;
    }

    void clear() {
        head = 0;
        count = 0;
    }
}
