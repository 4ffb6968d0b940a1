package dev.umk.fs.tty;

import dev.umk.core.abi.Termios;
import dev.umk.core.abi.Termios.Winsize;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.UserMemory;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Terminals on a capture driver, a fake process model, and guest memory for ioctls. */
class TtyTestKit extends FsTestKit {
    /** Output the driver received. */
    static final class Capture implements TtyDriver {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int flushes;

        @Override
        public int writeRoom() {
            return Integer.MAX_VALUE;
        }

        @Override
        public synchronized int write(byte[] b, int off, int len) {
            out.write(b, off, len);
            return len;
        }

        @Override
        public void flushBuffer() {
            flushes++;
        }

        synchronized String take() {
            String s = out.toString(StandardCharsets.ISO_8859_1);
            out.reset();
            return s;
        }
    }

    /** Signals sent, as "pgrp:sig". */
    static final class Signals implements TtySignals {
        final List<String> sent = new ArrayList<>();
        final List<Integer> hungUpSessions = new ArrayList<>();

        @Override
        public synchronized void signalGroup(int pgrp, int sig) {
            sent.add(pgrp + ":" + sig);
        }

        @Override
        public synchronized void hangupSession(Tty tty, int sid) {
            hungUpSessions.add(sid);
        }

        synchronized List<String> take() {
            List<String> l = new ArrayList<>(sent);
            sent.clear();
            return l;
        }
    }

    /** One calling task, with settable process-model answers. */
    static final class Task implements TtyJobControl {
        int pgrp = 100;
        int session = 100;
        boolean leader = true;
        Tty ctty;
        boolean ignored;
        boolean orphaned;
        boolean admin;
        final java.util.Map<Integer, Integer> groups = new java.util.HashMap<>(java.util.Map.of(100, 100, 200, 100, 300, 300));

        @Override public int pgrp() { return pgrp; }
        @Override public int session() { return session; }
        @Override public boolean isSessionLeader() { return leader; }
        @Override public Tty controllingTty() { return ctty; }
        @Override public void setControllingTty(Tty tty) { ctty = tty; }
        @Override public void clearSessionTty(int sid) { if (sid == session) ctty = null; }
        @Override public int sessionOfPgrp(int pg) { return groups.getOrDefault(pg, 0); }
        @Override public boolean isIgnoredOrBlocked(int sig) { return ignored; }
        @Override public boolean isOrphanedPgrp() { return orphaned; }
        @Override public boolean capable(int cap) { return admin; }
    }

    /** Guest memory: addresses are offsets into one array. */
    static final class Memory implements UserMemory {
        final byte[] bytes = new byte[4096];

        @Override
        public void read(long va, byte[] dst, int off, int len) {
            System.arraycopy(bytes, (int) va, dst, off, len);
        }

        @Override
        public void write(long va, byte[] src, int off, int len) {
            System.arraycopy(src, off, bytes, (int) va, len);
        }
    }

    final Capture drv = new Capture();
    final Signals sigs = new Signals();
    final Task task = new Task();
    final Memory mem = new Memory();

    Tty newTty(Termios t) {
        return new Tty("test", 0, t, Winsize.ZERO, drv, sigs, task, false, 65536);
    }

    /** A tty and an open file on it (a /dev/ttyT node in the test VFS). */
    OpenFile openTty(Tty tty, int flags) {
        if (!vfs.devices().has(dev.umk.core.abi.Stat.makedev(4, 64))) {
            vfs.devices().register(4, 64, f -> tty.open(f, false));
            vfs.mknod(fs, ROOT, null, "/ttyT", dev.umk.core.abi.FileFlags.S_IFCHR | 0666, dev.umk.core.abi.Stat.makedev(4, 64));
        }
        return vfs.open(fs, ROOT, null, "/ttyT", flags, 0, blocker);
    }

    static void type(Tty tty, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        tty.receive(b, 0, b.length);
    }

    String read(OpenFile f, int max) {
        ByteBuffer b = ByteBuffer.allocate(max);
        f.read(b, blocker);
        return new String(b.array(), 0, b.position(), StandardCharsets.ISO_8859_1);
    }

    void write(OpenFile f, String s) {
        f.write(ByteBuffer.wrap(s.getBytes(StandardCharsets.ISO_8859_1)), blocker);
    }

    /** Runs a blocking call on another thread; join() returns its result or exception. */
    static final class Async<T> {
        private final Thread thread;
        private volatile Object result;

        Async(java.util.function.Supplier<T> call) {
            thread = new Thread(() -> {
                try {
                    result = call.get();
                } catch (RuntimeException e) {
                    result = e;
                }
            });
            thread.setDaemon(true);
            thread.start();
        }

        boolean running() {
            return thread.isAlive();
        }

        @SuppressWarnings("unchecked")
        T join() throws InterruptedException {
            thread.join(5000);
            if (thread.isAlive()) {
                StringBuilder dump = new StringBuilder("still blocked\n");
                for (var e : Thread.getAllStackTraces().entrySet()) {
                    dump.append(e.getKey().getName()).append(" ").append(e.getKey().getState()).append('\n');
                    for (StackTraceElement el : e.getValue()) dump.append("    ").append(el).append('\n');
                }
                throw new AssertionError(dump.toString());
            }
            if (result instanceof ErrnoException e) throw e;
            if (result instanceof RuntimeException e) throw e;
            return (T) result;
        }
    }

    static void settle() throws InterruptedException {
        Thread.sleep(50);
    }

    static ParkingBlocker parking() {
        return new ParkingBlocker();
    }

    byte[] ioctlBuf(long at, int n) {
        byte[] b = new byte[n];
        System.arraycopy(mem.bytes, (int) at, b, 0, n);
        return b;
    }

    void put(long at, byte[] b) {
        System.arraycopy(b, 0, mem.bytes, (int) at, b.length);
    }
}
