package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.FutexKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The futex wait queues (kernel/futex). A futex is named by a {@link FutexKey}: a private
 * one (FUTEX_PRIVATE_FLAG) by its address space and address; a shared one in MAP_SHARED
 * memory by the mapped object and offset, so forked processes, and processes mapping the
 * same file or shared memory at different addresses, meet on one queue
 * ({@link AddressSpace#futexKey}).
 *
 * <p>One lock guards every queue (futex traffic is per-process and short); waiters sleep on
 * their own monitor, so a wake-up never wakes the wrong thread.
 */
public final class Futexes {
    public static final int BITSET_ANY = 0xffffffff;

    private static final class Waiter {
        /** The queue it is on; requeue moves it. Guarded by the Futexes lock. */
        FutexKey key;
        final int bitset;
        boolean woken;

        Waiter(FutexKey key, int bitset) {
            this.key = key;
            this.bitset = bitset;
        }
    }

    private final Object lock = new Object();
    private final Map<FutexKey, List<Waiter>> queues = new HashMap<>();

    /**
     * FUTEX_WAIT: sleeps while the word at {@code addr} equals {@code expected}, until woken,
     * the deadline (System.nanoTime based, or Long.MAX_VALUE) passes, or the thread is
     * interrupted.
     *
     * @throws ErrnoException EAGAIN (value changed), ETIMEDOUT, ERESTARTSYS (interrupted)
     */
    public void waitOn(AddressSpace mm, long addr, boolean shared, int expected, int bitset, long deadlineNanos) {
        if ((addr & 3) != 0) throw new ErrnoException(Errno.EINVAL);
        if (bitset == 0) throw new ErrnoException(Errno.EINVAL);
        FutexKey key = mm.futexKey(addr, shared);
        Waiter w = new Waiter(key, bitset);
        synchronized (lock) {
            // The value is read under the lock, so a waker that changes it and then wakes
            // (taking the lock) cannot slip between the check and the enqueue.
            if (mm.readInt(addr) != expected) throw new ErrnoException(Errno.EAGAIN);
            queues.computeIfAbsent(key, k -> new ArrayList<>()).add(w);
        }
        try {
            synchronized (w) {
                while (!w.woken) {
                    long left = deadlineNanos == Long.MAX_VALUE ? 0 : deadlineNanos - System.nanoTime();
                    if (deadlineNanos != Long.MAX_VALUE && left <= 0) throw new ErrnoException(Errno.ETIMEDOUT);
                    if (deadlineNanos == Long.MAX_VALUE) w.wait();
                    else w.wait(left / 1_000_000, (int) (left % 1_000_000));
                }
            }
        } catch (InterruptedException e) {
            throw new ErrnoException(Errno.ERESTARTSYS);
        } finally {
            synchronized (lock) {
                remove(w);
            }
        }
    }

    /** FUTEX_WAKE: wakes up to {@code n} waiters whose bitset intersects; returns how many. */
    public int wake(AddressSpace mm, long addr, boolean shared, int n, int bitset) {
        if ((addr & 3) != 0 || bitset == 0) throw new ErrnoException(Errno.EINVAL);
        FutexKey key = mm.futexKey(addr, shared);
        synchronized (lock) {
            return wakeLocked(key, n, bitset);
        }
    }

    /**
     * FUTEX_REQUEUE / CMP_REQUEUE: wakes {@code nWake}, moves up to {@code nRequeue} of the rest
     * to {@code addr2}. With {@code check}, EAGAIN unless the word still equals {@code cmp}.
     */
    public int requeue(AddressSpace mm, long addr, long addr2, boolean shared, int nWake, int nRequeue,
                       boolean check, int cmp) {
        if (nWake < 0 || nRequeue < 0 || ((addr | addr2) & 3) != 0) throw new ErrnoException(Errno.EINVAL);
        FutexKey from = mm.futexKey(addr, shared);
        FutexKey to = mm.futexKey(addr2, shared);
        synchronized (lock) {
            if (check && mm.readInt(addr) != cmp) throw new ErrnoException(Errno.EAGAIN);
            int woken = wakeLocked(from, nWake, BITSET_ANY);
            List<Waiter> q = queues.get(from);
            int moved = 0;
            if (q != null) {
                Iterator<Waiter> it = q.iterator();
                while (it.hasNext() && moved < nRequeue) {
                    Waiter w = it.next();
                    it.remove();
                    w.key = to;
                    queues.computeIfAbsent(to, k -> new ArrayList<>()).add(w);
                    moved++;
                }
                if (q.isEmpty()) queues.remove(from);
            }
            return woken + moved;
        }
    }

    /** FUTEX_WAKE_OP: atomically updates the word at addr2, wakes at addr and maybe addr2. */
    public int wakeOp(AddressSpace mm, long addr, long addr2, boolean shared, int n, int n2, int op) {
        if (((addr | addr2) & 3) != 0) throw new ErrnoException(Errno.EINVAL);
        FutexKey key1 = mm.futexKey(addr, shared);
        FutexKey key2 = mm.futexKey(addr2, shared);
        synchronized (lock) {
            int oldVal = mm.readInt(addr2);
            int opArg = (op >> 12) & 0xfff;
            if ((op & (8 << 28)) != 0) opArg = 1 << opArg; // FUTEX_OP_OPARG_SHIFT
            int newVal;
            switch ((op >> 28) & 7) {
                case 0: newVal = opArg; break;            // SET
                case 1: newVal = oldVal + opArg; break;   // ADD
                case 2: newVal = oldVal | opArg; break;   // OR
                case 3: newVal = oldVal & ~opArg; break;  // ANDN
                case 4: newVal = oldVal ^ opArg; break;   // XOR
                default: throw new ErrnoException(Errno.ENOSYS);
            }
            mm.writeInt(addr2, newVal);
            int woken = wakeLocked(key1, n, BITSET_ANY);
            int cmpArg = op & 0xfff;
            boolean cond;
            switch ((op >> 24) & 0xf) {
                case 0: cond = oldVal == cmpArg; break;
                case 1: cond = oldVal != cmpArg; break;
                case 2: cond = oldVal < cmpArg; break;
                case 3: cond = oldVal <= cmpArg; break;
                case 4: cond = oldVal > cmpArg; break;
                case 5: cond = oldVal >= cmpArg; break;
                default: throw new ErrnoException(Errno.ENOSYS);
            }
            if (cond) woken += wakeLocked(key2, n2, BITSET_ANY);
            return woken;
        }
    }

    private int wakeLocked(FutexKey key, int n, int bitset) {
        List<Waiter> q = queues.get(key);
        if (q == null) return 0;
        int woken = 0;
        Iterator<Waiter> it = q.iterator();
        while (it.hasNext() && woken < n) {
            Waiter w = it.next();
            if ((w.bitset & bitset) == 0) continue;
            it.remove();
            synchronized (w) {
                w.woken = true;
                w.notify();
            }
            woken++;
        }
        if (q.isEmpty()) queues.remove(key);
        return woken;
    }

    private void remove(Waiter w) {
        List<Waiter> q = queues.get(w.key);
        if (q != null && q.remove(w) && q.isEmpty()) queues.remove(w.key);
    }
}
