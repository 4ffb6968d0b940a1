package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.PollEvents;
import dev.umk.fs.WaitQueue;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A signalfd (fs/signalfd.c): reading dequeues the reader's pending signals in the mask as
 * struct signalfd_siginfo (128 bytes each); readable while one is pending. The signals are
 * the reading task's, as in Linux, so a signalfd passed to another process reads that
 * process's signals.
 *
 * <p>The mask is guarded by this object's monitor. Every process with a signalfd has one
 * wait queue, woken by its signal state's pending listener.
 */
public final class SignalFd implements FileOperations {
    public static final int SFD_SIZE = 128;
    private static final Map<ProcessSignalsKey, WaitQueue> QUEUES = new WeakHashMap<>();

    /** Identity key so the map holds processes weakly. */
    private record ProcessSignalsKey(ThreadGroup group) {}

    private long mask;

    private SignalFd(long mask) {
        this.mask = mask;
    }

    /** A new signalfd's operations, for the caller's process. */
    public static SignalFd create(Task t, long mask) {
        queue(t.group());
        return new SignalFd(clean(mask));
    }

    /** The signalfd behind {@code f}; EINVAL for other files. */
    public static SignalFd of(OpenFile f) {
        if (f.ops() instanceof SignalFd s) return s;
        throw new ErrnoException(Errno.EINVAL);
    }

    public synchronized void setMask(long m) {
        mask = clean(m);
    }

    private synchronized long mask() {
        return mask;
    }

    private static long clean(long m) {
        return m & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
    }

    private static WaitQueue queue(ThreadGroup g) {
        synchronized (QUEUES) {
            ProcessSignalsKey k = new ProcessSignalsKey(g);
            WaitQueue q = QUEUES.get(k);
            if (q == null) {
                WaitQueue nq = new WaitQueue();
                q = nq;
                QUEUES.put(k, q);
                g.signals().setPendingListener(() -> nq.wake(PollEvents.IN));
            }
            return q;
        }
    }

    private static Task reader() {
        Task t = ProcessInfoSource.currentTask();
        if (t == null) throw new ErrnoException(Errno.EINVAL);
        return t;
    }

    @Override
    public boolean stream() {
        return true;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        if (dst.remaining() < SFD_SIZE) throw new ErrnoException(Errno.EINVAL);
        Task t = reader();
        TaskSignals ts = t.signals();
        int n = 0;
        while (dst.remaining() >= SFD_SIZE) {
            SigInfo info = ts.dequeue(mask());
            if (info == null) {
                if (n > 0) break;
                if (f.isNonBlocking()) throw new ErrnoException(Errno.EAGAIN);
                blocker.await(queue(t.group()), PollEvents.IN, () -> (ts.sigpending() & mask()) != 0);
                continue;
            }
            dst.put(encode(info));
            n++;
        }
        return 0;
    }

    @Override
    public int poll(OpenFile f) {
        Task t = ProcessInfoSource.currentTask();
        if (t == null) return 0;
        return (t.signals().sigpending() & mask()) != 0 ? PollEvents.IN : 0;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        Task t = ProcessInfoSource.currentTask();
        return t == null ? NO_WAKEUPS : queue(t.group());
    }

    /** struct signalfd_siginfo from a siginfo, field by field as signalfd_copyinfo does. */
    static byte[] encode(SigInfo info) {
        ByteBuffer si = ByteBuffer.wrap(info.encode()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(SFD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        int signo = info.signo(), code = info.code();
        out.putInt(0, signo);
        out.putInt(4, info.errno());
        out.putInt(8, code);
        boolean fault = code > 0 && (signo == Signals.SIGSEGV || signo == Signals.SIGBUS || signo == Signals.SIGILL
                || signo == Signals.SIGFPE || signo == Signals.SIGTRAP);
        if (fault) {
            out.putLong(72, si.getLong(16)); // ssi_addr
        } else if (code == SigInfo.SI_TIMER) {
            out.putInt(24, si.getInt(16));   // ssi_tid
            out.putInt(32, si.getInt(20));   // ssi_overrun
            out.putInt(44, si.getInt(24));   // ssi_int
            out.putLong(48, si.getLong(24)); // ssi_ptr
        } else if (signo == Signals.SIGCHLD && code > 0) {
            out.putInt(12, si.getInt(16));   // ssi_pid
            out.putInt(16, si.getInt(20));   // ssi_uid
            out.putInt(40, si.getInt(24));   // ssi_status
            out.putLong(56, si.getLong(32)); // ssi_utime
            out.putLong(64, si.getLong(40)); // ssi_stime
        } else {
            out.putInt(12, si.getInt(16));   // ssi_pid
            out.putInt(16, si.getInt(20));   // ssi_uid
            out.putInt(44, si.getInt(24));   // ssi_int
            out.putLong(48, si.getLong(24)); // ssi_ptr
        }
        return out.array();
    }
}
