package dev.umk.fs.tty;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Termios;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.UserMemory;

/**
 * The hardware side of a terminal (Linux {@code tty_operations}): where processed output
 * goes, and how much it can take. A driver delivers input by calling {@link Tty#receive},
 * and calls {@link Tty#writeWakeup} when room for output appears again.
 *
 * <p>{@link #write} is only ever called by one thread at a time (under the tty's output
 * lock), after {@link #writeRoom}, and never with more bytes than that reported.
 */
public interface TtyDriver {
    /** Bytes {@link #write} takes now (tty_write_room); Integer.MAX_VALUE for a sink that never fills. */
    int writeRoom();

    /** Sends output; returns the count taken (all of it when it fits in {@link #writeRoom}). */
    int write(byte[] b, int off, int len);

    /** Output queued in the driver and not yet sent (TIOCOUTQ). */
    default int charsInBuffer() {
        return 0;
    }

    /** Discards queued output (TCOFLUSH, and ISIG without NOFLSH). */
    default void flushBuffer() {}

    /** The reader consumed input: a driver that throttled its sender may resume it. */
    default void unthrottle() {}

    /** Termios changed; a driver may adjust {@code t} in place (a pty forces CS8 | CREAD). */
    default void setTermios(Termios t) {}

    /** An open of the tty: may refuse it (ErrnoException, e.g. EIO for a locked pty slave). */
    default void open(Tty tty) {}

    /** An open file of the tty closed; {@code opensLeft} is 0 when it was the last one (else positive). */
    default void close(Tty tty, int opensLeft) {}

    /** Driver-specific ioctls (the pty master's TIOCGPTN, TIOCSPTLCK...); ENOTTY for any other. */
    default long ioctl(Tty tty, int cmd, long arg, UserMemory mem) {
        throw new ErrnoException(Errno.ENOTTY);
    }
}
