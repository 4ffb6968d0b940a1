package dev.umk.hostdrv;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.hw.Console;
import java.lang.reflect.Proxy;
import java.util.function.Consumer;

/**
 * The host terminal umk runs in, as the hardware behind the guest's console tty: while
 * umk runs it is in raw mode (no echo, no line editing, no signals, no output processing),
 * so every key reaches the guest's own line discipline, and the guest's output reaches
 * the screen as the guest's tty produced it. The original settings come back on every
 * way out: {@link #restore} (call it in a finally) and a JVM shutdown hook (normal exit,
 * System.exit, SIGINT/SIGTERM/SIGHUP to the JVM).
 *
 * <p>Also byte I/O on the terminal's fds (the {@link Console} methods), its window size,
 * and notification of size changes (SIGWINCH through sun.misc.Signal when the JVM allows
 * it, else polling).
 */
public final class HostTerminal implements Console {
    private static final int EINTR = 4;
    private static final long WINCH_POLL_MILLIS = 500;

    private final LibC c = Host.libc();
    private final int inFd;
    private final int outFd;
    // Guarded by this.
    private Termios saved;
    private Thread shutdownHook;

    /** The terminal on the standard fds 0 (input) and 1 (output). */
    public HostTerminal() {
        this(0, 1);
    }

    public HostTerminal(int inFd, int outFd) {
        this.inFd = inFd;
        this.outFd = outFd;
    }

    /** isatty(3) on a host fd. */
    public static boolean isTty(int fd) {
        return Host.libc().isatty(fd) == 1;
    }

    /** True when the input fd is a terminal: only then does umk give the guest a console tty. */
    public boolean isTerminal() {
        return isTty(inFd);
    }

    /** tcgetattr: the kernel termios of host fd {@code fd}. */
    public Termios getAttr(int fd) {
        byte[] b = new byte[SIZE];
        if (c.ioctl(fd, TCGETS, b) != 0) throw new HostException("TCGETS on fd " + fd, Host.errno());
        return Termios.decode(b);
    }

    /** tcsetattr with {@code request} TCSETS (now), TCSETSW (after output drains) or TCSETSF (and flush input). */
    public void setAttr(int fd, int request, Termios t) {
        int r;
        do {
            r = c.ioctl(fd, request, t.encode());
        } while (r != 0 && Host.errno() == EINTR);
        if (r != 0) throw new HostException("TCSETS on fd " + fd, Host.errno());
    }

    /** cfmakeraw: 8-bit input and output with no processing, reads returning each byte. */
    public static Termios makeRaw(Termios t) {
        Termios r = t.copy();
        r.iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
        r.oflag &= ~OPOST;
        r.lflag &= ~(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
        r.cflag &= ~(CSIZE | PARENB);
        r.cflag |= CS8;
        r.cc[VMIN] = 1;
        r.cc[VTIME] = 0;
        return r;
    }

    /** Puts the input terminal in raw mode, remembering its settings; a second call does nothing. */
    public synchronized void enterRawMode() {
        if (saved != null) return;
        Termios original = getAttr(inFd);
        if (shutdownHook == null) {
            shutdownHook = new Thread(this::restoreQuietly, "umk-terminal-restore");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        }
        setAttr(inFd, TCSETS, makeRaw(original));
        saved = original;
    }

    /** Gives the terminal its settings from before {@link #enterRawMode} back; idempotent. */
    public synchronized void restore() {
        if (saved == null) return;
        Termios s = saved;
        saved = null;
        setAttr(inFd, TCSETS, s);
    }

    private void restoreQuietly() {
        try {
            restore();
        } catch (HostException e) {
            // The terminal may be gone already (SIGHUP): nothing left to restore.
        }
    }

    /** The settings before raw mode, or the current ones when not in raw mode. */
    public synchronized Termios originalTermios() {
        return saved != null ? saved.copy() : getAttr(inFd);
    }

    public synchronized boolean inRawMode() {
        return saved != null;
    }

    /** The terminal's window size (from the output fd, else the input fd), or null when neither is a terminal. */
    public Winsize windowSize() {
        for (int fd : new int[] {outFd, inFd}) {
            byte[] ws = new byte[Winsize.SIZE];
            if (c.ioctl(fd, TIOCGWINSZ, ws) == 0) return Winsize.decode(ws);
        }
        return null;
    }

    /**
     * Calls {@code listener} with the new size whenever the window size changes. Uses the
     * JVM's SIGWINCH handling when available, else polls; close the result to stop.
     */
    public AutoCloseable onWindowChange(Consumer<Winsize> listener) {
        AutoCloseable h = WinchSignal.install(() -> {
            Winsize ws = windowSize();
            if (ws != null) listener.accept(ws);
        });
        return h != null ? h : pollWindowChanges(listener, WINCH_POLL_MILLIS);
    }

    /** Polls the window size every {@code intervalMillis} and reports changes; close the result to stop. */
    public AutoCloseable pollWindowChanges(Consumer<Winsize> listener, long intervalMillis) {
        Thread t = new Thread(() -> {
            Winsize last = windowSize();
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    Thread.sleep(intervalMillis);
                    Winsize now = windowSize();
                    if (now != null && !now.equals(last)) {
                        last = now;
                        listener.accept(now);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "umk-winch-poll");
        t.setDaemon(true);
        t.start();
        return t::interrupt;
    }

    // ---- Console

    /** Reads what the terminal has (blocking); 0 at end of input, -errno on failure. */
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

    /** Reads from the input fd. */
    public int read(byte[] buf, int off, int len) {
        return read(inFd, buf, off, len);
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

    /** Writes all of {@code buf[off..off+len)} to the output fd; false when the terminal refused. */
    public boolean writeFully(byte[] buf, int off, int len) {
        while (len > 0) {
            int n = write(outFd, buf, off, len);
            if (n <= 0) return false;
            off += n;
            len -= n;
        }
        return true;
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
        byte[] ws = new byte[Winsize.SIZE];
        if (c.ioctl(fd, TIOCGWINSZ, ws) != 0) return null;
        Winsize w = Winsize.decode(ws);
        return new int[] {w.row(), w.col(), w.xpixel(), w.ypixel()};
    }

    /**
     * SIGWINCH through sun.misc.Signal, found reflectively: it lives in jdk.unsupported and
     * a JVM may refuse the signal, in which case the caller polls instead.
     */
    private static final class WinchSignal {
        static AutoCloseable install(Runnable onWinch) {
            try {
                Class<?> signal = Class.forName("sun.misc.Signal");
                Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
                Object winch = signal.getConstructor(String.class).newInstance("WINCH");
                Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
                        (proxy, method, args) -> {
                            if (method.getName().equals("handle")) {
                                onWinch.run();
                                return null;
                            }
                            return switch (method.getName()) {
                                case "hashCode" -> System.identityHashCode(proxy);
                                case "equals" -> proxy == args[0];
                                default -> "WinchHandler";
                            };
                        });
                var handle = signal.getMethod("handle", signal, handlerType);
                Object previous = handle.invoke(null, winch, handler);
                return () -> handle.invoke(null, winch, previous);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null;
            }
        }
    }
}
