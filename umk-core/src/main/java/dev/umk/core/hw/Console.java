package dev.umk.core.hw;

/**
 * The host terminal or standard streams, as umk's console device sees them. Byte I/O only;
 * the line discipline lives in the kernel.
 */
public interface Console {
    /** Reads up to len bytes from host fd {@code fd} (0); blocks; returns 0 at end of file. */
    int read(int fd, byte[] buf, int off, int len);

    /** Writes bytes to host stream {@code fd} (1 or 2); returns the count written. */
    int write(int fd, byte[] buf, int off, int len);

    /** True if host fd {@code fd} is a terminal. */
    boolean isatty(int fd);

    /** Reads the host terminal's termios (struct termios, 60 bytes) of fd, or returns false. */
    boolean getTermios(int fd, byte[] termios);

    /** Window size as {rows, cols, xpixel, ypixel}, or null when fd is no terminal. */
    int[] windowSize(int fd);
}
