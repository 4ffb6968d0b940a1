package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Futexes;
import dev.umk.sched.Task;

/** futex(2) and the robust-list bookkeeping around it. */
final class FutexSyscalls {
    private FutexSyscalls() {}

    private static final int FUTEX_WAIT = 0, FUTEX_WAKE = 1, FUTEX_FD = 2, FUTEX_REQUEUE = 3,
            FUTEX_CMP_REQUEUE = 4, FUTEX_WAKE_OP = 5, FUTEX_LOCK_PI = 6, FUTEX_UNLOCK_PI = 7,
            FUTEX_TRYLOCK_PI = 8, FUTEX_WAIT_BITSET = 9, FUTEX_WAKE_BITSET = 10;
    private static final int FUTEX_PRIVATE_FLAG = 128, FUTEX_CLOCK_REALTIME = 256;

    static void register(SyscallTable t) {
        t.add(Sysno.FUTEX, "futex", FutexSyscalls::futex);
        t.add(Sysno.GET_ROBUST_LIST, "futex", FutexSyscalls::getRobustList);
    }

    /** futex implements Linux syscall futex(2). */
    static long futex(Task t, Args a) {
        long uaddr = a.u64(0);
        int op = a.i32(1);
        int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
        int val = a.i32(2);
        long timeout = a.u64(3);
        long uaddr2 = a.u64(4);
        int val3 = a.i32(5);
        Futexes f = t.kernel().futexes();
        if ((op & FUTEX_CLOCK_REALTIME) != 0 && cmd != FUTEX_WAIT_BITSET && cmd != FUTEX_WAIT) {
            throw new ErrnoException(Errno.ENOSYS);
        }
        boolean shared = (op & FUTEX_PRIVATE_FLAG) == 0;
        switch (cmd) {
            case FUTEX_WAIT:
                f.waitOn(t.mm(), uaddr, shared, val, Futexes.BITSET_ANY, deadline(t, timeout, false, op));
                return 0;
            case FUTEX_WAIT_BITSET:
                f.waitOn(t.mm(), uaddr, shared, val, val3, deadline(t, timeout, true, op));
                return 0;
            case FUTEX_WAKE:
                return f.wake(t.mm(), uaddr, shared, Math.max(val, 1), Futexes.BITSET_ANY); // Linux wakes one even for 0
            case FUTEX_WAKE_BITSET:
                return f.wake(t.mm(), uaddr, shared, Math.max(val, 1), val3);
            case FUTEX_REQUEUE:
                return f.requeue(t.mm(), uaddr, uaddr2, shared, val, (int) timeout, false, 0);
            case FUTEX_CMP_REQUEUE:
                return f.requeue(t.mm(), uaddr, uaddr2, shared, val, (int) timeout, true, val3);
            case FUTEX_WAKE_OP:
                return f.wakeOp(t.mm(), uaddr, uaddr2, shared, val, (int) timeout, val3);
            default:
                throw new ErrnoException(Errno.ENOSYS);
        }
    }

    /**
     * The timeout as a System.nanoTime deadline: relative for FUTEX_WAIT, absolute (on
     * CLOCK_MONOTONIC, or CLOCK_REALTIME with the flag) for FUTEX_WAIT_BITSET.
     */
    private static long deadline(Task t, long ts, boolean absolute, int op) {
        if (ts == 0) return Long.MAX_VALUE;
        long ns = TimeSyscalls.readTimespec(t, ts);
        long now = System.nanoTime();
        if (!absolute) return now + ns;
        int clock = (op & FUTEX_CLOCK_REALTIME) != 0 ? TimeSyscalls.CLOCK_REALTIME : TimeSyscalls.CLOCK_MONOTONIC;
        return now + (ns - TimeSyscalls.now(t, clock));
    }

    /** get_robust_list implements Linux syscall get_robust_list(2) for the caller. */
    static long getRobustList(Task t, Args a) {
        int pid = a.i32(0);
        if (pid != 0 && pid != t.tid()) throw new ErrnoException(Errno.EPERM);
        t.mm().writeLong(a.u64(1), t.robustList());
        t.mm().writeLong(a.u64(2), t.robustListLen());
        return 0;
    }
}
