package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.hw.Console;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;

/**
 * I/O on the three console descriptors a process starts with (fds 0-2 are the host's
 * standard streams). The VFS's fd table replaces this family when files land; until then no
 * other fd exists and every other fd is EBADF.
 */
final class ConsoleIoSyscalls {
    private ConsoleIoSyscalls() {}

    private static final int CHUNK = 64 * 1024;
    private static final long TCGETS = 0x5401, TIOCGWINSZ = 0x5413, FIONBIO = 0x5421, FIOCLEX = 0x5451;
    private static final int S_IFCHR = 0020000, S_IFIFO = 0010000;

    static void register(SyscallTable t) {
        t.add(Sysno.READ, "console", ConsoleIoSyscalls::read);
        t.add(Sysno.WRITE, "console", ConsoleIoSyscalls::write);
        t.add(Sysno.READV, "console", ConsoleIoSyscalls::readv);
        t.add(Sysno.WRITEV, "console", ConsoleIoSyscalls::writev);
        t.add(Sysno.IOCTL, "console", ConsoleIoSyscalls::ioctl);
        t.add(Sysno.FSTAT, "console", ConsoleIoSyscalls::fstat);
        t.add(Sysno.CLOSE, "console", (task, a) -> {
            fd(a.i32(0));
            return 0;
        });
    }

    private static int fd(int fd) {
        if (fd < 0 || fd > 2) throw new ErrnoException(Errno.EBADF);
        return fd;
    }

    /** read implements Linux syscall read(2) on the console. */
    static long read(Task t, Args a) {
        int fd = fd(a.i32(0));
        return readInto(t, fd, a.u64(1), a.u64(2));
    }

    /** write implements Linux syscall write(2) on the console. */
    static long write(Task t, Args a) {
        int fd = fd(a.i32(0));
        return writeFrom(t, fd, a.u64(1), a.u64(2), 0);
    }

    /** readv implements Linux syscall readv(2) on the console. */
    static long readv(Task t, Args a) {
        int fd = fd(a.i32(0));
        long[] iov = t.mm().readIovec(a.u64(1), a.i32(2));
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) {
            if (iov[i + 1] == 0) continue;
            long n = readInto(t, fd, iov[i], iov[i + 1]);
            total += n;
            if (n < iov[i + 1]) break;
        }
        return total;
    }

    /** writev implements Linux syscall writev(2) on the console. */
    static long writev(Task t, Args a) {
        int fd = fd(a.i32(0));
        long[] iov = t.mm().readIovec(a.u64(1), a.i32(2));
        long total = 0;
        for (int i = 0; i < iov.length; i += 2) total = writeFrom(t, fd, iov[i], iov[i + 1], total);
        return total;
    }

    private static long readInto(Task t, int fd, long va, long len) {
        if (len == 0) return 0;
        byte[] buf = new byte[(int) Math.min(len, CHUNK)];
        int n = t.kernel().console().read(fd, buf, 0, buf.length);
        if (n < 0) throw new ErrnoException(Errno.of(-n));
        t.mm().write(va, buf, 0, n);
        return n;
    }

    /** Writes guest bytes; a bad pointer after some bytes went out returns the partial count. */
    private static long writeFrom(Task t, int fd, long va, long len, long doneBefore) {
        Console con = t.kernel().console();
        byte[] buf = new byte[(int) Math.min(len, CHUNK)];
        long done = 0;
        while (done < len) {
            int n = (int) Math.min(buf.length, len - done);
            try {
                t.mm().read(va + done, buf, 0, n);
            } catch (ErrnoException e) {
                if (done + doneBefore > 0) return doneBefore + done;
                throw e;
            }
            int w = con.write(fd, buf, 0, n);
            if (w < 0) {
                if (done + doneBefore > 0) return doneBefore + done;
                throw new ErrnoException(Errno.of(-w));
            }
            done += w;
            if (w < n) break;
        }
        return doneBefore + done;
    }

    /** ioctl implements Linux syscall ioctl(2) for the console's terminal requests. */
    static long ioctl(Task t, Args a) {
        int fd = fd(a.i32(0));
        long req = a.u32(1);
        Console con = t.kernel().console();
        if (req == FIOCLEX || req == FIONBIO) return 0;
        if (!con.isatty(fd)) throw new ErrnoException(Errno.ENOTTY);
        if (req == TCGETS) {
            byte[] tio = new byte[60];
            if (!con.getTermios(fd, tio)) throw new ErrnoException(Errno.ENOTTY);
            t.mm().write(a.u64(2), tio, 0, 36); // struct termios (kernel): 4 flags, line, 19 cc
            return 0;
        }
        if (req == TIOCGWINSZ) {
            int[] ws = con.windowSize(fd);
            if (ws == null) throw new ErrnoException(Errno.ENOTTY);
            byte[] b = new byte[8];
            for (int i = 0; i < 4; i++) {
                b[i * 2] = (byte) ws[i];
                b[i * 2 + 1] = (byte) (ws[i] >> 8);
            }
            t.mm().write(a.u64(2), b, 0, 8);
            return 0;
        }
        throw new ErrnoException(Errno.ENOTTY);
    }

    /** fstat implements Linux syscall fstat(2) on the console: a tty or a pipe. */
    static long fstat(Task t, Args a) {
        int fd = fd(a.i32(0));
        boolean tty = t.kernel().console().isatty(fd);
        byte[] st = new byte[144];
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(st).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(8, 3 + fd);                                      // st_ino
        b.putLong(16, 1);                                          // st_nlink
        b.putInt(24, tty ? S_IFCHR | 0620 : S_IFIFO | 0600);       // st_mode
        b.putInt(28, t.group().uid());
        b.putInt(32, tty ? 5 : t.group().gid());                  // tty group
        b.putLong(40, tty ? (136L << 8) : 0);                     // st_rdev: /dev/pts/0
        b.putLong(56, tty ? 1024 : 4096);                          // st_blksize
        t.mm().write(a.u64(1), st, 0, st.length);
        return 0;
    }
}
