package dev.umk.fs.tty;

/**
 * The line discipline's queue of echoes (Linux's echo_buf): bytes to echo, and operations
 * that only make sense when the echo is finally written (set the column a line starts at,
 * back up over a tab, move back a column), each introduced by {@link #OP_START}. Kept
 * apart from output until {@link TtyOutput} turns it into bytes, so echoes wait when the
 * driver is full instead of being lost. When the queue overflows, the oldest entries go.
 *
 * <p>Guarded by the owning {@link LineDiscipline}'s monitor.
 */
final class EchoBuffer {
    static final int OP_START = 0xff;
    static final int OP_MOVE_BACK_COL = 0x80;
    static final int OP_SET_CANON_COL = 0x81;
    static final int OP_ERASE_TAB = 0x82;

    private static final int SIZE = 4096;
    private static final int MASK = SIZE - 1;

    private final byte[] buf = new byte[SIZE];
    private long head;
    private long tail;

    /** echo_char: with {@code echoctl}, a control character (not tab) is tagged to print as ^X. */
    void put(int c, boolean echoctl) {
        if (c == OP_START) {
            add(OP_START);
            add(OP_START);
        } else {
            if (echoctl && LineDiscipline.isCntrl(c) && c != '\t') add(OP_START);
            add(c);
        }
    }

    /** echo_char_raw: the byte as is. */
    void raw(int c) {
        if (c == OP_START) add(OP_START);
        add(c);
    }

    void op(int op) {
        add(OP_START);
        add(op);
    }

    /** Back up over a tab: {@code columns} used since the line start (or the previous tab, {@code afterTab}). */
    void eraseTab(int columns, boolean afterTab) {
        add(OP_START);
        add(OP_ERASE_TAB);
        add((columns & 7) | (afterTab ? 0x80 : 0));
    }

    private void add(int b) {
        if (head - tail >= SIZE) dropOldest();
        buf[(int) (head & MASK)] = (byte) b;
        head++;
    }

    private void dropOldest() {
        if (byteAt(tail) == OP_START) tail += byteAt(tail + 1) == OP_ERASE_TAB ? 3 : 2;
        else tail++;
        if (tail > head) tail = head;
    }

    void clear() {
        tail = head;
    }

    boolean isEmpty() {
        return head == tail;
    }

    long head() {
        return head;
    }

    long tail() {
        return tail;
    }

    void setTail(long t) {
        tail = t;
    }

    int byteAt(long i) {
        return buf[(int) (i & MASK)] & 0xff;
    }
}
