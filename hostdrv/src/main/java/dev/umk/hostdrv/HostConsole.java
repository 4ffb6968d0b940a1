package dev.umk.hostdrv;

import dev.umk.core.hw.Console;

/** The host's standard streams as umk's console device: plain reads and writes on fds 0-2. */
public final class HostConsole implements Console {
    private static final long TCGETS = 0x5401;
    private static final long TIOCGWINSZ = 0x5413;
    private static final int EINTR = 4;

    private final LibC c = Host.libc();

    @Override
    public int read(int fd, byte[] buf, int off, int len) {
        byte[] tmp = off == 0 ? buf : new byte[len];
        long n;
        do {
            n = c.read(fd, tmp, len);
        } while (n < 0 && Host.errno() == EINTR);
        if (n < 0) return -Host.errno();
        if (tmp != buf) System.arraycopy(tmp, 0, buf, off, (int) n);
        return (int) n;
    }

    @Override
    public int write(int fd, byte[] buf, int off, int len) {
        byte[] src = buf;
        if (off != 0) {
            src = new byte[len];
            System.arraycopy(buf, off, src, 0, len);
        }
        long n;
        do {
            n = c.write(fd, src, len);
        } while (n < 0 && Host.errno() == EINTR);
        return n < 0 ? -Host.errno() : (int) n;
    }

    @Override
    public boolean isatty(int fd) {
        return c.isatty(fd) == 1;
    }

    @Override
    public boolean getTermios(int fd, byte[] termios) {
        return c.ioctl(fd, TCGETS, termios) == 0;
    }

    @Override
    public int[] windowSize(int fd) {
        byte[] ws = new byte[8];
        if (c.ioctl(fd, TIOCGWINSZ, ws) != 0) return null;
        int[] r = new int[4];
        for (int i = 0; i < 4; i++) r[i] = (ws[i * 2] & 0xff) | (ws[i * 2 + 1] & 0xff) << 8;
        return r;
    }
}
