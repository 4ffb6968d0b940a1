package dev.umk.fs.tty;

import static dev.umk.core.abi.Termios.*;

import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.hw.Console;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.devfs.CharDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console terminal: a {@link Tty} whose output goes to the host terminal and whose
 * input is what a reader thread reads from the host's standard input, byte for byte (the
 * host terminal is in raw mode, so ^C arrives here as a byte and this line discipline
 * turns it into SIGINT for the guest's foreground group). End of host input hangs the
 * console up.
 */
public final class ConsoleTty {
    private static final Logger log = LoggerFactory.getLogger(ConsoleTty.class);
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    /** How much typed-ahead input may wait for the guest. */
    private static final int INPUT_BUFFER = 65536;

    private final Console host;
    private final int inFd;
    private final int outFd;
    private final Tty tty;
    private volatile Thread reader;
    private volatile boolean stopping;

    /**
     * @param host the host terminal (reads from {@code inFd}, writes to {@code outFd})
     * @param initial the console's first settings; see {@link #initialTermios}
     */
    public ConsoleTty(Console host, int inFd, int outFd, Termios initial, Winsize ws, TtySignals signals, TtyJobControl jc) {
        this.host = host;
        this.inFd = inFd;
        this.outFd = outFd;
        this.tty = new Tty("console", 0, initial, ws, new Driver(), signals, jc, false, INPUT_BUFFER);
    }

    /**
     * Linux's standard cooked settings, with the user's own control characters and UTF-8
     * mode taken from the host terminal's settings before umk made it raw (null: none).
     */
    public static Termios initialTermios(Termios hostOriginal) {
        Termios t = Termios.standard();
        if (hostOriginal != null) {
            System.arraycopy(hostOriginal.cc, 0, t.cc, 0, NCCS);
            t.cc[VMIN] = 1;
            t.cc[VTIME] = 0;
            if (hostOriginal.iflag(IUTF8)) t.iflag |= IUTF8;
        }
        return t;
    }

    public Tty tty() {
        return tty;
    }

    /**
     * The console as a character device. {@code controlling}: whether opening it may make
     * it the opener's controlling terminal (true for a /dev/tty1-like node; Linux never
     * lets /dev/console become one).
     */
    public CharDevice device(boolean controlling) {
        return f -> tty.open(f, !controlling || DevPts.noctty(f));
    }

    /** Starts the thread that feeds host input to the console. */
    public synchronized void start() {
        if (reader != null) return;
        Thread t = new Thread(this::readLoop, "umk-console-input");
        t.setDaemon(true);
        reader = t;
        t.start();
    }

    /** Stops feeding input (the thread ends at its next host read). */
    public void stop() {
        stopping = true;
    }

    /** The host terminal changed size (SIGWINCH to umk): the guest's foreground group hears of it. */
    public void setWindowSize(Winsize ws) {
        tty.resize(ws);
    }

    private void readLoop() {
        byte[] buf = new byte[4096];
        ParkingBlocker blocker = new ParkingBlocker(() -> stopping);
        try {
            while (!stopping) {
                int n = host.read(inFd, buf, 0, buf.length);
                if (n == -EINTR) continue;
                if (n == -EAGAIN) {
                    Thread.sleep(10);
                    continue;
                }
                if (n <= 0) {
                    if (n < 0) log.warn("console input: host read failed with errno {}", -n);
                    if (!stopping) tty.hangup();
                    return;
                }
                tty.receiveAll(buf, 0, n, blocker);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            if (!stopping) log.warn("console input stopped", e);
        }
    }

    /** Output to the host terminal: always room, written through to the end. */
    private final class Driver implements TtyDriver {
        @Override
        public int writeRoom() {
            return Integer.MAX_VALUE;
        }

        @Override
        public int write(byte[] b, int off, int len) {
            int done = 0;
            while (done < len) {
                int n = host.write(outFd, b, off + done, len - done);
                if (n == -EINTR) continue;
                if (n <= 0) {
                    // The host terminal is gone: output has nowhere to go; drop it rather than block the guest.
                    if (n < 0) log.debug("console output: host write failed with errno {}", -n);
                    return len;
                }
                done += n;
            }
            return len;
        }
    }
}
