package dev.umk.fs.epoll;

import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.OpenFile;
import java.util.function.BooleanSupplier;

/**
 * select(2) and pselect6(2) over an fd table (Linux's core_sys_select/do_select): three
 * bitmaps of 64-bit words in, the same bitmaps out holding the ready fds. A set bit for an
 * fd that is not open is EBADF; bits at or above {@code n} are ignored and come back clear.
 */
public final class Select {
    private Select() {}

    /** Events that make an fd readable, writable, or exceptional for select. */
    public static final int POLLIN_SET = POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR;
    public static final int POLLOUT_SET = POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR;
    public static final int POLLEX_SET = POLLPRI;

    /** Words of a bitmap for {@code n} fds. */
    public static int words(int n) {
        return (n + 63) >>> 6;
    }

    /**
     * The fd table's current capacity (Linux's fdt->max_fds), to which select clamps n: 64,
     * doubled until above the highest fd in use. (umk's table never shrinks either, so this
     * only differs from Linux after a high fd was opened and closed again.)
     */
    public static int maxFds(FdTable fds) {
        int[] open = fds.openFds();
        int highest = open.length == 0 ? 0 : open[open.length - 1];
        int max = 64;
        while (max <= highest && max < FdTable.NR_OPEN) max <<= 1;
        return max;
    }

    /**
     * Runs select over {@code n} fds. {@code in}, {@code out}, {@code ex} (each null or
     * at least {@link #words}(n) long) get the ready sets in their first words(n) words on success.
     *
     * @return the number of bits set in the three result sets
     * @throws ErrnoException EBADF for a set bit naming a closed fd; ERESTARTNOHAND when a
     *     signal ends the wait with nothing ready (the sets are then left unchanged)
     */
    public static int select(FdTable fds, int n, long[] in, long[] out, long[] ex, long deadline,
            BooleanSupplier signalPending) {
        checkOpen(fds, n, in, out, ex);
        int w = words(n);
        long[] rin = new long[w], rout = new long[w], rex = new long[w];
        boolean timedOut = deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
        boolean interrupted = false;
        try (PollWait pw = new PollWait(signalPending)) {
            for (;;) {
                pw.rearm();
                int count = scan(fds, n, in, out, ex, rin, rout, rex, pw);
                if (count > 0 || timedOut) {
                    copy(rin, in);
                    copy(rout, out);
                    copy(rex, ex);
                    return count;
                }
                if (interrupted || pw.interrupted()) throw new ErrnoException(Errno.ERESTARTNOHAND);
                switch (pw.sleep(deadline)) {
                    case TIMED_OUT -> timedOut = true;
                    case INTERRUPTED -> interrupted = true;
                    case WOKEN -> { }
                }
            }
        }
    }

    private static int scan(FdTable fds, int n, long[] in, long[] out, long[] ex,
            long[] rin, long[] rout, long[] rex, PollWait pw) {
        int count = 0;
        for (int word = 0; word < rin.length; word++) {
            long i = word(in, word), o = word(out, word), e = word(ex, word);
            rin[word] = rout[word] = rex[word] = 0;
            long all = i | o | e;
            while (all != 0) {
                int bit = Long.numberOfTrailingZeros(all);
                all &= all - 1;
                int fd = word * 64 + bit;
                if (fd >= n) break;
                int mask = pollOne(fds, fd, pw);
                long b = 1L << bit;
                if ((i & b) != 0 && (mask & POLLIN_SET) != 0) {
                    rin[word] |= b;
                    count++;
                }
                if ((o & b) != 0 && (mask & POLLOUT_SET) != 0) {
                    rout[word] |= b;
                    count++;
                }
                if ((e & b) != 0 && (mask & POLLEX_SET) != 0) {
                    rex[word] |= b;
                    count++;
                }
            }
        }
        return count;
    }

    private static int pollOne(FdTable fds, int fd, PollWait pw) {
        OpenFile f;
        try {
            f = fds.acquire(fd);
        } catch (ErrnoException closedMeanwhile) {
            return POLLNVAL;
        }
        if (f.isPath()) {
            f.put();
            return POLLNVAL;
        }
        pw.watch(f);
        return f.poll();
    }

    /** max_select_fd: every fd named in a set must be open (O_PATH files count as open). */
    private static void checkOpen(FdTable fds, int n, long[] in, long[] out, long[] ex) {
        for (int word = 0; word < words(n); word++) {
            long all = word(in, word) | word(out, word) | word(ex, word);
            while (all != 0) {
                int fd = word * 64 + Long.numberOfTrailingZeros(all);
                all &= all - 1;
                if (fd >= n) break;
                fds.getRaw(fd);
            }
        }
    }

    private static long word(long[] set, int i) {
        return set == null ? 0 : set[i];
    }

    private static void copy(long[] from, long[] to) {
        if (to != null) System.arraycopy(from, 0, to, 0, from.length);
    }
}
