package dev.umk.fs.eventfd;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import dev.umk.fs.anon.AnonInodes;
import java.nio.ByteBuffer;

/**
 * An eventfd (Linux's fs/eventfd.c): a 64-bit counter. write(2) adds an 8-byte value,
 * blocking while the sum would reach 2^64-1; read(2) takes the whole count, or 1 in
 * semaphore mode, blocking while it is 0. A read needs at least 8 bytes and a write
 * exactly 8 (as Linux 6.18 has it), else EINVAL.
 * Readable while the count is non-zero, writable while at least 1 more fits.
 *
 * <p>State is guarded by this object's monitor; sleeps go through the caller's
 * {@link Blocker} with the monitor released.
 */
public final class EventFd implements FileOperations {
    public static final int EFD_SEMAPHORE = 1;
    public static final int EFD_CLOEXEC = O_CLOEXEC;
    public static final int EFD_NONBLOCK = O_NONBLOCK;
    /** The counter's ceiling: ULLONG_MAX, which the count never reaches. */
    private static final long MAX = -1L;

    private final WaitQueue queue = new WaitQueue();
    private final boolean semaphore;
    // Guarded by this; unsigned.
    private long count;

    private EventFd(long initval, boolean semaphore) {
        this.count = initval;
        this.semaphore = semaphore;
    }

    /**
     * eventfd2: a new eventfd file (one reference for the caller) counting from
     * {@code initval} (an unsigned int). EINVAL for flags other than EFD_SEMAPHORE,
     * EFD_NONBLOCK, EFD_CLOEXEC; the caller applies EFD_CLOEXEC to the fd.
     */
    public static OpenFile create(AnonInodes anon, Credentials cred, long initval, int flags) {
        if ((flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK)) != 0) throw new ErrnoException(Errno.EINVAL);
        EventFd e = new EventFd(initval & 0xffffffffL, (flags & EFD_SEMAPHORE) != 0);
        return anon.open("[eventfd]", e, O_RDWR | (flags & EFD_NONBLOCK), cred);
    }

    /** The eventfd behind {@code f}; EINVAL for other files. */
    public static EventFd of(OpenFile f) {
        if (f.ops() instanceof EventFd e) return e;
        throw new ErrnoException(Errno.EINVAL);
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        if (dst.remaining() < 8) throw new ErrnoException(Errno.EINVAL);
        long taken;
        for (;;) {
            synchronized (this) {
                if (count != 0) {
                    taken = semaphore ? 1 : count;
                    count -= taken;
                    break;
                }
                if (f.isNonBlocking()) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, IN, this::readable);
        }
        queue.wake(OUT);
        putLong(dst, taken);
        return 0;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        if (src.remaining() != 8) throw new ErrnoException(Errno.EINVAL);
        long value = getLong(src.duplicate());
        if (value == MAX) throw new ErrnoException(Errno.EINVAL);
        for (;;) {
            synchronized (this) {
                if (fits(value)) {
                    count += value;
                    break;
                }
                if (f.isNonBlocking()) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, OUT, () -> {
                synchronized (this) {
                    return fits(value);
                }
            });
        }
        src.position(src.position() + 8);
        queue.wake(IN);
        return 0;
    }

    /** eventfd_signal for kernel producers: adds {@code n} without blocking, saturating at 2^64-1 (POLLERR). */
    public void signal(long n) {
        synchronized (this) {
            count = Long.compareUnsigned(MAX - count, n) < 0 ? MAX : count + n;
        }
        queue.wake(IN);
    }

    @Override
    public synchronized int poll(OpenFile f) {
        int mask = 0;
        if (count != 0) mask |= IN;
        if (count == MAX) mask |= POLLERR;
        if (Long.compareUnsigned(MAX - 1, count) > 0) mask |= OUT;
        return mask;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return queue;
    }

    /** The current count (for tests and fdinfo's eventfd-count). */
    public synchronized long count() {
        return count;
    }

    private synchronized boolean readable() {
        return count != 0;
    }

    /** Whether adding {@code value} keeps the count below ULLONG_MAX. Holds the monitor. */
    private boolean fits(long value) {
        return Long.compareUnsigned(MAX - count, value) > 0;
    }

    private static void putLong(ByteBuffer dst, long v) {
        for (int i = 0; i < 8; i++) dst.put((byte) (v >>> (8 * i)));
    }

    private static long getLong(ByteBuffer src) {
        long v = 0;
        for (int i = 0; i < 8; i++) v |= (src.get() & 0xffL) << (8 * i);
        return v;
    }
}
