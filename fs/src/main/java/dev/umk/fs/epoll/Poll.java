package dev.umk.fs.epoll;

import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.OpenFile;
import java.util.function.BooleanSupplier;

/**
 * poll(2) and ppoll(2) over an fd table (Linux's do_poll): scan every entry, and if none is
 * ready sleep until one of the files changes, the deadline passes or a signal arrives.
 * Negative fds are skipped; an fd that is not open (or is O_PATH) reports POLLNVAL; POLLERR
 * and POLLHUP are reported whether asked for or not.
 */
public final class Poll {
    private Poll() {}

    /**
     * Fills {@code revents} for each (fd, events) pair and returns how many are non-zero.
     *
     * @param deadline a {@link System#nanoTime} deadline; {@code Long.MAX_VALUE} waits forever
     *     and a deadline already past scans once
     * @throws ErrnoException ERESTARTNOHAND when a signal ends the wait with nothing ready
     */
    public static int poll(FdTable fds, int[] fd, short[] events, short[] revents, long deadline,
            BooleanSupplier signalPending) {
        boolean timedOut = deadline != Long.MAX_VALUE && deadline - System.nanoTime() <= 0;
        boolean interrupted = false;
        try (PollWait pw = new PollWait(signalPending)) {
            for (;;) {
                pw.rearm();
                int count = 0;
                for (int i = 0; i < fd.length; i++) {
                    int mask = pollOne(fds, fd[i], events[i], pw);
                    revents[i] = (short) mask;
                    if (mask != 0) count++;
                }
                if (count > 0 || timedOut) return count;
                if (interrupted || pw.interrupted()) throw new ErrnoException(Errno.ERESTARTNOHAND);
                switch (pw.sleep(deadline)) {
                    case TIMED_OUT -> timedOut = true;
                    case INTERRUPTED -> interrupted = true;
                    case WOKEN -> { }
                }
            }
        }
    }

    private static int pollOne(FdTable fds, int fd, short events, PollWait pw) {
        if (fd < 0) return 0;
        OpenFile f;
        try {
            f = fds.acquire(fd);
        } catch (ErrnoException notOpen) {
            return POLLNVAL;
        }
        if (f.isPath()) {
            f.put();
            return POLLNVAL;
        }
        pw.watch(f);
        return f.poll() & ((events & 0xffff) | POLLERR | POLLHUP);
    }
}
