package dev.umk.fs.pipe;

import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.FileFlags;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * A pipe's buffer and ends (Linux {@code struct pipe_inode_info}): a byte ring of 64 KiB
 * by default (F_SETPIPE_SZ changes it), reader and writer counts, and the queue blocked
 * readers, writers and pollers wait on. Writes of at most PIPE_BUF bytes are atomic; a
 * read returns what is there; EOF once every writer is gone; EPIPE once every reader is.
 * In packet mode (O_DIRECT) every write is a packet and a read takes at most one.
 *
 * <p>All state is guarded by this object's monitor; blocking happens outside it, through
 * the caller's {@link Blocker}.
 */
public final class Pipe {
    public static final int DEFAULT_SIZE = 65536;
    /** /proc/sys/fs/pipe-max-size: the most an unprivileged F_SETPIPE_SZ may ask for. */
    public static final int MAX_SIZE = 1 << 20;
    public static final int PIPE_BUF = FileFlags.PIPE_BUF;

    private final WaitQueue queue = new WaitQueue();
    // Guarded by this.
    private byte[] buf = new byte[DEFAULT_SIZE];
    private int head;
    private int count;
    private int readers;
    private int writers;
    private int readerOpens;
    private int writerOpens;
    private boolean packetMode;
    private final ArrayDeque<Integer> packets = new ArrayDeque<>();

    public WaitQueue queue() { return queue; }

    public synchronized void setPacketMode(boolean on) { packetMode = on; }

    // ---- ends

    public void openEnds(boolean reader, boolean writer) {
        synchronized (this) {
            if (reader) {
                readers++;
                readerOpens++;
            }
            if (writer) {
                writers++;
                writerOpens++;
            }
        }
        queue.wake(IN | OUT | POLLHUP);
    }

    /** Drops ends; when no end is left, the contents are discarded (the pipe is "freed"). */
    public void closeEnds(boolean reader, boolean writer) {
        synchronized (this) {
            if (reader) readers--;
            if (writer) writers--;
            if (readers == 0 && writers == 0) {
                head = 0;
                count = 0;
                packets.clear();
            }
        }
        queue.wake(IN | OUT | POLLHUP | POLLERR);
    }

    public synchronized int readers() { return readers; }

    public synchronized int writers() { return writers; }

    synchronized int readerOpens() { return readerOpens; }

    synchronized int writerOpens() { return writerOpens; }

    // ---- data

    /** read(2) on the read end. */
    public int read(ByteBuffer dst, boolean nonBlocking, Blocker blocker) {
        if (dst.remaining() == 0) return 0;
        while (true) {
            synchronized (this) {
                if (count > 0) {
                    int n = take(dst);
                    queue.wake(OUT);
                    return n;
                }
                if (writers == 0) return 0;
                if (nonBlocking) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, IN | POLLHUP, this::readable);
        }
    }

    /**
     * write(2) on the write end. EPIPE when there is no reader and nothing was written (the
     * caller raises SIGPIPE); a write cut short by a signal or O_NONBLOCK returns its count.
     */
    public int write(ByteBuffer src, boolean nonBlocking, Blocker blocker) {
        int total = src.remaining();
        if (total == 0) return 0;
        int written = 0;
        while (true) {
            int want;
            synchronized (this) {
                if (readers == 0) {
                    if (written > 0) return written;
                    throw new ErrnoException(Errno.EPIPE);
                }
                int free = buf.length - count;
                int left = total - written;
                if (left <= PIPE_BUF) {
                    if (free >= left) {
                        put(src, left);
                        queue.wake(IN);
                        return total;
                    }
                    want = left;
                } else if (free > 0) {
                    int n = Math.min(free, left);
                    if (packetMode) n = Math.min(n, PIPE_BUF);
                    put(src, n);
                    written += n;
                    queue.wake(IN);
                    if (written == total) return total;
                    continue;
                } else {
                    want = 1;
                }
                if (nonBlocking) {
                    if (written > 0) return written;
                    throw new ErrnoException(Errno.EAGAIN);
                }
            }
            int need = want;
            try {
                blocker.await(queue, OUT | POLLERR, () -> writable(need));
            } catch (ErrnoException e) {
                if (written > 0) return written;
                throw e;
            }
        }
    }

    /**
     * Waits until the pipe has data or no writer (splice and tee from a pipe); false when it
     * is empty with no writer left (end of file). EAGAIN instead of sleeping when non-blocking.
     */
    public boolean awaitData(boolean nonBlocking, Blocker blocker) {
        while (true) {
            synchronized (this) {
                if (count > 0) return true;
                if (writers == 0) return false;
                if (nonBlocking) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, IN | POLLHUP, this::readable);
        }
    }

    /**
     * Copies up to {@code dst.remaining()} bytes from the front of the pipe without taking
     * them (tee, and splice's copy before it knows how much the target accepted); in packet
     * mode at most the first packet. Returns the count.
     */
    public synchronized int peek(ByteBuffer dst) {
        int avail = packetMode && !packets.isEmpty() ? packets.peekFirst() : count;
        int n = Math.min(avail, dst.remaining());
        int first = Math.min(n, buf.length - head);
        dst.put(buf, head, first);
        if (n > first) dst.put(buf, 0, n - first);
        return n;
    }

    /** Drops {@code n} bytes from the front, after a {@link #peek} whose bytes went elsewhere. */
    public void consume(int n) {
        synchronized (this) {
            n = Math.min(n, count);
            if (packetMode && !packets.isEmpty()) {
                int rest = packets.pollFirst() - n;
                if (rest > 0) packets.addFirst(rest);
            }
            skip(n);
        }
        queue.wake(OUT);
    }

    private synchronized boolean readable() {
        return count > 0 || writers == 0;
    }

    private synchronized boolean writable(int need) {
        return buf.length - count >= need || readers == 0;
    }

    private int take(ByteBuffer dst) {
        int avail = packetMode && !packets.isEmpty() ? packets.peekFirst() : count;
        int n = Math.min(avail, dst.remaining());
        copyOut(dst, n);
        if (packetMode && !packets.isEmpty()) {
            int rest = packets.pollFirst() - n;
            skip(rest);
        }
        return n;
    }

    private void copyOut(ByteBuffer dst, int n) {
        int first = Math.min(n, buf.length - head);
        dst.put(buf, head, first);
        if (n > first) dst.put(buf, 0, n - first);
        skip(n);
    }

    private void skip(int n) {
        head = (head + n) % buf.length;
        count -= n;
    }

    private void put(ByteBuffer src, int n) {
        int tail = (head + count) % buf.length;
        int first = Math.min(n, buf.length - tail);
        src.get(buf, tail, first);
        if (n > first) src.get(buf, 0, n - first);
        count += n;
        if (packetMode) packets.addLast(n);
    }

    // ---- readiness and size

    /**
     * Poll bits for an open with the given ends. {@code writerOpensAtOpen} is the writer
     * open count a non-blocking FIFO reader saw when it opened with no writer, or -1: until
     * a writer has come, that reader gets no POLLHUP (Linux's f_pipe check).
     */
    public synchronized int poll(boolean reader, boolean writer, int writerOpensAtOpen) {
        int mask = 0;
        if (reader) {
            if (count > 0) mask |= IN;
            if (writers == 0 && writerOpens != writerOpensAtOpen) mask |= POLLHUP;
        }
        if (writer) {
            if (buf.length - count >= PIPE_BUF) mask |= OUT;
            if (readers == 0) mask |= POLLERR;
        }
        return mask;
    }

    /** Bytes waiting (FIONREAD). */
    public synchronized int available() {
        return count;
    }

    public synchronized int size() {
        return buf.length;
    }

    /**
     * F_SETPIPE_SZ: rounds up to a power-of-two number of pages; EPERM above pipe-max-size
     * without CAP_SYS_RESOURCE, EBUSY when the data would not fit.
     */
    public int setSize(long requested, boolean privileged) {
        if (requested < 0 || requested > (1L << 31)) throw new ErrnoException(Errno.EINVAL);
        long pages = Math.max(1, (requested + 4095) / 4096);
        long size = Long.highestOneBit(pages) == pages ? pages * 4096 : Long.highestOneBit(pages) * 2 * 4096;
        if (size > Integer.MAX_VALUE) throw new ErrnoException(Errno.EINVAL);
        if (size > MAX_SIZE && !privileged) throw new ErrnoException(Errno.EPERM);
        synchronized (this) {
            if (count > size) throw new ErrnoException(Errno.EBUSY);
            byte[] nb = new byte[(int) size];
            int first = Math.min(count, buf.length - head);
            System.arraycopy(buf, head, nb, 0, first);
            System.arraycopy(buf, 0, nb, first, count - first);
            buf = nb;
            head = 0;
        }
        queue.wake(OUT);
        return (int) size;
    }
}
