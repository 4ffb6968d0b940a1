package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import java.util.ArrayDeque;

/**
 * A set of pending signals with their queued siginfos (Linux's struct sigpending): one per
 * thread for thread-directed signals, one per process for process-directed ones.
 *
 * <p>A standard signal (1..31) is pending at most once: sending it again while pending
 * drops the new one. A real-time signal (32..64) queues every instance with its siginfo, in
 * arrival order. A signal may be pending without a siginfo when the sender's user is out of
 * RLIMIT_SIGPENDING budget (or for SIGKILL, which never needs one); it is then dequeued with
 * an SI_USER siginfo naming no sender, as Linux does.
 *
 * <p>Not thread-safe: guarded by the owning process's siglock ({@link ProcessSignals}).
 */
public final class PendingSignals {
    /** What {@link #add} did with a signal. */
    public enum Added {
        /** Pending, with its siginfo queued. */
        QUEUED,
        /** Pending, but its siginfo was not kept (out of queue budget, or SIGKILL). */
        WITHOUT_INFO,
        /** A standard signal that was already pending: this instance is dropped. */
        ALREADY_PENDING
    }

    private record Entry(SigInfo info, SigqueueAccount account, long seq) {}

    private long set;
    /** Queued siginfos per signal number, oldest first; allocated on first use. */
    private final ArrayDeque<Entry>[] queues = newQueues();
    private long nextSeq;
    private int queued;

    @SuppressWarnings("unchecked")
    private static ArrayDeque<Entry>[] newQueues() {
        return new ArrayDeque[Signals.NSIG + 1];
    }

    /** The pending signals (what sigpending(2) reports, with the other set or'ed in). */
    public long set() {
        return set;
    }

    public boolean contains(int sig) {
        return SigSet.contains(set, sig);
    }

    public boolean isEmpty() {
        return set == 0;
    }

    /** Siginfos queued here (for /proc's SigQ and tests). */
    public int queuedCount() {
        return queued;
    }

    /**
     * Makes {@code info.signo()} pending (the queueing half of Linux's __send_signal_locked).
     * The siginfo is charged to {@code account}; a standard signal sent by kill() or by the
     * kernel (si_code >= 0) may exceed the limit, a real-time one never.
     *
     * @throws ErrnoException EAGAIN when a real-time signal carrying data (si_code other than
     *     SI_USER) finds the queue full: sigqueue(3) must fail rather than lose the value
     */
    public Added add(SigInfo info, SigqueueAccount account) {
        int sig = info.signo();
        boolean realtime = SigSet.isRealtime(sig);
        if (!realtime && contains(sig)) return Added.ALREADY_PENDING;
        if (sig == Signals.SIGKILL) {
            set |= SigSet.bit(sig);
            return Added.WITHOUT_INFO;
        }
        boolean override = !realtime && info.code() >= 0;
        if (!account.tryCharge(override)) {
            int code = info.code();
            if (realtime && code != SigInfo.SI_USER && code != SigInfo.SI_KERNEL) {
                throw new ErrnoException(Errno.EAGAIN);
            }
            set |= SigSet.bit(sig);
            return Added.WITHOUT_INFO;
        }
        ArrayDeque<Entry> q = queues[sig];
        if (q == null) q = queues[sig] = new ArrayDeque<>(2);
        q.addLast(new Entry(info, account, nextSeq++));
        queued++;
        set |= SigSet.bit(sig);
        return Added.QUEUED;
    }

    /**
     * The signal {@link #dequeue} would take (next_signal): among the unblocked ones, the
     * lowest synchronous fault signal if any (SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV,
     * SIGSYS), else the lowest number, so standard signals before real-time ones.
     *
     * @return 0 when nothing unblocked is pending
     */
    public int next(long blocked) {
        long x = set & ~blocked;
        if ((x & SigSet.SYNCHRONOUS) != 0) x &= SigSet.SYNCHRONOUS;
        return SigSet.first(x);
    }

    /** Takes the next unblocked signal with its siginfo, or returns null. */
    public SigInfo dequeue(long blocked) {
        int sig = next(blocked);
        return sig == 0 ? null : take(sig);
    }

    /**
     * Takes one instance of pending {@code sig} (collect_signal): its oldest siginfo; the
     * signal stays pending while more of its siginfos are queued.
     */
    public SigInfo take(int sig) {
        if (!contains(sig)) throw new IllegalStateException(Signals.name(sig) + " not pending");
        ArrayDeque<Entry> q = queues[sig];
        Entry e = q == null ? null : q.pollFirst();
        if (e == null || q.isEmpty()) set &= ~SigSet.bit(sig);
        if (e == null) return SigInfo.user(sig, 0, 0);
        release(e);
        return e.info;
    }

    /**
     * Takes the oldest kernel-generated (si_code > 0) synchronous fault signal that is not
     * blocked (dequeue_synchronous_signal), so a fault's own signal is handled before any
     * signal that arrived earlier: the handler then sees the faulting context. Null if none.
     */
    public SigInfo dequeueSynchronous(long blocked) {
        long sync = set & ~blocked & SigSet.SYNCHRONOUS;
        Entry best = null;
        for (long s = sync; s != 0; s &= s - 1) {
            ArrayDeque<Entry> q = queues[SigSet.first(s)];
            if (q == null) continue;
            for (Entry e : q) {
                if (e.info.code() > SigInfo.SI_USER && (best == null || e.seq < best.seq)) best = e;
            }
        }
        if (best == null) return null;
        int sig = best.info.signo();
        ArrayDeque<Entry> q = queues[sig];
        q.remove(best);
        if (q.isEmpty()) set &= ~SigSet.bit(sig);
        release(best);
        return best.info;
    }

    /** Discards every pending instance of the signals in {@code mask} (flush_sigqueue_mask). */
    public void flush(long mask) {
        long hit = set & mask;
        if (hit == 0) return;
        set &= ~hit;
        for (long s = hit; s != 0; s &= s - 1) {
            ArrayDeque<Entry> q = queues[SigSet.first(s)];
            if (q == null) continue;
            for (Entry e : q) release(e);
            q.clear();
        }
    }

    /** Discards everything (flush_sigqueue: exec of a multi-threaded group, exit). */
    public void clear() {
        flush(SigSet.FULL);
    }

    private void release(Entry e) {
        queued--;
        e.account.uncharge();
    }

    @Override
    public String toString() {
        return SigSet.toString(set) + " (" + queued + " queued)";
    }
}
