package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.mm.Vma;
import dev.umk.sched.Rlimits;
import dev.umk.sched.Task;
import java.util.List;

/**
 * mlock, mlock2, munlock, mlockall, munlockall. umk never pages guest memory out, so every
 * page is as good as locked already: these calls make Linux's argument, privilege and limit
 * checks and change nothing (VmLck stays 0).
 */
final class MlockSyscalls {
    static final int MCL_CURRENT = 1, MCL_FUTURE = 2, MCL_ONFAULT = 4;
    static final int MLOCK_ONFAULT = 1;
    private static final int CAP_IPC_LOCK = 14;
    private static final long PAGE = 4096;

    private MlockSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.MLOCK, "mm", MlockSyscalls::mlock);
        t.add(Sysno.MLOCK2, "mm", MlockSyscalls::mlock2);
        t.add(Sysno.MUNLOCK, "mm", MlockSyscalls::munlock);
        t.add(Sysno.MLOCKALL, "mm", MlockSyscalls::mlockall);
        t.add(Sysno.MUNLOCKALL, "mm", MlockSyscalls::munlockall);
    }

    /** mlock implements Linux syscall mlock(2). */
    static long mlock(Task t, Args a) {
        lockRange(t, a.u64(0), a.u64(1));
        return 0;
    }

    /** mlock2 implements Linux syscall mlock2(2): mlock with MLOCK_ONFAULT allowed. */
    static long mlock2(Task t, Args a) {
        if ((a.i32(2) & ~MLOCK_ONFAULT) != 0) throw new ErrnoException(Errno.EINVAL);
        lockRange(t, a.u64(0), a.u64(1));
        return 0;
    }

    /** munlock implements Linux syscall munlock(2). */
    static long munlock(Task t, Args a) {
        long[] r = pageRange(a.u64(0), a.u64(1));
        checkMapped(t, r[0], r[1]);
        return 0;
    }

    /** mlockall implements Linux syscall mlockall(2). */
    static long mlockall(Task t, Args a) {
        int flags = a.i32(0);
        if (flags == 0 || (flags & ~(MCL_CURRENT | MCL_FUTURE | MCL_ONFAULT)) != 0 || flags == MCL_ONFAULT) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long limit = checkMayLock(t);
        if ((flags & MCL_CURRENT) != 0 && !privileged(t) && Long.compareUnsigned(t.mm().mappedBytes(), limit) > 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        return 0;
    }

    /** munlockall implements Linux syscall munlockall(2). */
    static long munlockall(Task t, Args a) {
        return 0;
    }

    /** do_mlock: the range must fit RLIMIT_MEMLOCK unless CAP_IPC_LOCK, and be wholly mapped. */
    private static void lockRange(Task t, long addr, long len) {
        long start = addr & ~(PAGE - 1);
        long alignedLen = pageAlign(len + (addr - start));
        long limit = checkMayLock(t);
        if (!privileged(t) && Long.compareUnsigned(alignedLen, limit) > 0) throw new ErrnoException(Errno.ENOMEM);
        checkMapped(t, start, end(start, alignedLen));
    }

    /** munlock: the same widening, no limit. */
    private static long[] pageRange(long addr, long len) {
        long start = addr & ~(PAGE - 1);
        return new long[] {start, end(start, pageAlign(len + (addr - start)))};
    }

    /** PAGE_ALIGN, wrapping as unsigned arithmetic does. */
    private static long pageAlign(long n) {
        return (n + PAGE - 1) & ~(PAGE - 1);
    }

    /** The end of [start, start + len); EINVAL when it wraps past the top of the address space. */
    private static long end(long start, long len) {
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) throw new ErrnoException(Errno.EINVAL);
        return end;
    }

    /** can_do_mlock: a non-zero RLIMIT_MEMLOCK or CAP_IPC_LOCK, else EPERM. Returns the limit in bytes. */
    private static long checkMayLock(Task t) {
        long limit = t.group().rlimits().cur(Rlimits.MEMLOCK);
        if (limit == 0 && !privileged(t)) throw new ErrnoException(Errno.EPERM);
        return limit == Rlimits.INFINITY ? -1L : limit;
    }

    private static boolean privileged(Task t) {
        Credentials c = t.group().cred();
        return c.capable(CAP_IPC_LOCK);
    }

    /** Every page of [start, end) must belong to an area (apply_vma_lock_flags), else ENOMEM. */
    private static void checkMapped(Task t, long start, long end) {
        if (start == end) return;
        long next = start;
        List<Vma> areas = t.mm().vmas();
        for (Vma v : areas) {
            if (Long.compareUnsigned(v.end(), next) <= 0) continue;
            if (Long.compareUnsigned(v.start(), next) > 0) break;
            next = v.end();
            if (Long.compareUnsigned(next, end) >= 0) return;
        }
        throw new ErrnoException(Errno.ENOMEM);
    }
}
