package dev.umk.fs.stdio;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Console;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.PollEvents;
import dev.umk.fs.UserMemory;
import java.nio.ByteBuffer;

/**
 * Read and write of one host stream. The host call blocks the calling task's thread (a read
 * of an idle terminal or pipe waits in the host), so readiness is always reported as ready.
 * Terminal ioctls pass the host terminal's state through: TCGETS and TIOCGWINSZ.
 */
final class HostStreamOps implements FileOperations {
    static final int TCGETS = 0x5401;
    static final int TIOCGWINSZ = 0x5413;
    /** The kernel's struct termios: four flag words, c_line and 19 control characters. */
    private static final int KERNEL_TERMIOS_SIZE = 36;
    private static final int CHUNK = 64 * 1024;

    private final Console console;
    private final int hostFd;
    private final boolean tty;

    HostStreamOps(Console console, int hostFd, boolean tty) {
        this.console = console;
        this.hostFd = hostFd;
        this.tty = tty;
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        int len = Math.min(dst.remaining(), CHUNK);
        if (len == 0) return 0;
        byte[] buf = new byte[len];
        int n = console.read(hostFd, buf, 0, len);
        if (n < 0) throw new ErrnoException(errno(n));
        dst.put(buf, 0, n);
        return 0;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        byte[] buf = new byte[Math.min(src.remaining(), CHUNK)];
        boolean wrote = false;
        while (src.hasRemaining()) {
            int len = Math.min(buf.length, src.remaining());
            src.get(buf, 0, len);
            int n = console.write(hostFd, buf, 0, len);
            if (n < 0) {
                src.position(src.position() - len);
                if (wrote) break;
                throw new ErrnoException(errno(n));
            }
            wrote = true;
            if (n < len) {
                src.position(src.position() - (len - n));
                break;
            }
        }
        return 0;
    }

    @Override
    public int poll(OpenFile f) {
        return PollEvents.IN | PollEvents.OUT;
    }

    @Override
    public long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
        if (!tty) throw new ErrnoException(Errno.ENOTTY);
        switch (cmd) {
            case TCGETS -> {
                byte[] tio = new byte[60];
                if (!console.getTermios(hostFd, tio)) throw new ErrnoException(Errno.ENOTTY);
                mem.write(arg, tio, 0, KERNEL_TERMIOS_SIZE);
                return 0;
            }
            case TIOCGWINSZ -> {
                int[] ws = console.windowSize(hostFd);
                if (ws == null) throw new ErrnoException(Errno.ENOTTY);
                byte[] b = new byte[8];
                for (int i = 0; i < 4; i++) {
                    b[i * 2] = (byte) ws[i];
                    b[i * 2 + 1] = (byte) (ws[i] >> 8);
                }
                mem.write(arg, b, 0, 8);
                return 0;
            }
            default -> throw new ErrnoException(Errno.ENOTTY);
        }
    }

    private static Errno errno(int negative) {
        Errno e = Errno.of(-negative);
        return e == null ? Errno.EIO : e;
    }
}
