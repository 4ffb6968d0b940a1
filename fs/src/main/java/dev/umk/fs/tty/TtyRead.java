package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;
import static dev.umk.fs.PollEvents.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledFuture;

/**
 * read(2) on a tty (Linux n_tty_read). Canonical mode returns one line (or the part that
 * fits; an EOF at the start of a line reads as end of file). Otherwise VMIN and VTIME
 * decide: MIN > 0 waits for MIN bytes, with TIME an inter-byte timer started by the first
 * byte; MIN = 0 returns what is there, waiting up to TIME for the first byte. A pty end
 * whose other side closed fails with EIO once drained; a hung-up open reads end of file.
 * A master in packet mode gets status changes as single bytes and data after a 0 byte.
 * Whatever was read is returned when a signal or O_NONBLOCK ends the wait.
 */
final class TtyRead {
    private static final long DECISECOND = 100_000_000L;

    private final Tty tty;
    private final LineDiscipline ld;
    private final TtyFile file;
    private final PacketMode packet;
    private boolean timed;
    private long deadline;

    private TtyRead(Tty tty, TtyFile file) {
        this.tty = tty;
        this.ld = tty.ldisc();
        this.file = file;
        this.packet = tty.masterPacketMode();
    }

    static int read(Tty tty, TtyFile f, ByteBuffer dst, boolean nonBlocking, Blocker blocker) {
        if (f.hungUp()) return 0;
        tty.checkChange(TtySignals.SIGTTIN);
        return new TtyRead(tty, f).run(dst, nonBlocking, blocker);
    }

    private int run(ByteBuffer dst, boolean nonBlocking, Blocker blocker) {
        Termios t = ld.termios();
        boolean canon = ld.canonical();
        int minimum = 0;
        long interByte = 0;
        if (!canon) {
            minimum = t.cc(VMIN);
            long time = t.cc(VTIME) * DECISECOND;
            if (minimum > 0) {
                interByte = time;
            } else {
                setDeadline(time);
                minimum = 1;
            }
        }
        int start = dst.position();
        while (dst.hasRemaining()) {
            if (packet != null && packet.peek() != 0) {
                // A status change is reported alone, as one byte.
                if (dst.position() == start) dst.put((byte) packet.take());
                break;
            }
            if (!ld.inputAvailable(false)) {
                if (tty.otherClosed()) {
                    if (dst.position() > start) break;
                    throw new ErrnoException(Errno.EIO);
                }
                if (file.hungUp() || expired()) break;
                if (nonBlocking) {
                    if (dst.position() > start) break;
                    throw new ErrnoException(Errno.EAGAIN);
                }
                try {
                    waitForInput(blocker);
                } catch (ErrnoException e) {
                    if (dst.position() > start) break;
                    throw e;
                }
                continue;
            }
            // The mode may have changed while waiting; Linux looks at it on every round too.
            if (packet != null && dst.position() == start && !ld.canonical()) dst.put((byte) TIOCPKT_DATA);
            boolean lineDone = ld.copyForRead(dst);
            tty.afterRead();
            if (lineDone || dst.position() - start >= minimum) break;
            if (interByte > 0) setDeadline(interByte);
        }
        return dst.position() - start;
    }

    private void setDeadline(long nanos) {
        timed = true;
        deadline = System.nanoTime() + nanos;
    }

    private boolean expired() {
        return timed && System.nanoTime() - deadline >= 0;
    }

    private void waitForInput(Blocker blocker) {
        ScheduledFuture<?> timer = timed ? TtyTimer.wakeAt(tty.waitQueue(), deadline) : null;
        try {
            blocker.await(tty.waitQueue(), IN | POLLPRI | POLLHUP, () -> ld.inputAvailable(false) || tty.otherClosed()
                    || file.hungUp() || expired() || (packet != null && packet.peek() != 0));
        } finally {
            if (timer != null) timer.cancel(false);
        }
    }
}
