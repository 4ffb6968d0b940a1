package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Exit;
import dev.umk.sched.ExitStatus;
import dev.umk.sched.Rlimits;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;

/** Process identity, exit, limits and per-thread registers (arch_prctl, TLS bookkeeping). */
final class ProcessSyscalls {
    private ProcessSyscalls() {}

    private static final int ARCH_SET_GS = 0x1001, ARCH_SET_FS = 0x1002, ARCH_GET_FS = 0x1003,
            ARCH_GET_GS = 0x1004;

    static void register(SyscallTable t) {
        t.add(Sysno.EXIT, "process", ProcessSyscalls::exit);
        t.add(Sysno.EXIT_GROUP, "process", ProcessSyscalls::exitGroup);
        t.add(Sysno.GETPID, "process", (task, a) -> task.group().pid());
        t.add(Sysno.GETTID, "process", (task, a) -> task.tid());
        t.add(Sysno.GETPPID, "process", (task, a) -> task.group().ppid());
        t.add(Sysno.GETUID, "process", (task, a) -> task.group().uid());
        t.add(Sysno.GETEUID, "process", (task, a) -> task.group().euid());
        t.add(Sysno.GETGID, "process", (task, a) -> task.group().gid());
        t.add(Sysno.GETEGID, "process", (task, a) -> task.group().egid());
        t.add(Sysno.SET_TID_ADDRESS, "process", ProcessSyscalls::setTidAddress);
        t.add(Sysno.SET_ROBUST_LIST, "process", ProcessSyscalls::setRobustList);
        t.add(Sysno.RSEQ, "process", (task, a) -> {
            throw new ErrnoException(Errno.ENOSYS); // glibc and musl fall back silently
        });
        t.add(Sysno.ARCH_PRCTL, "process", ProcessSyscalls::archPrctl);
        t.add(Sysno.PRLIMIT64, "process", ProcessSyscalls::prlimit64);
        t.add(Sysno.GETRLIMIT, "process", ProcessSyscalls::getrlimit);
        t.add(Sysno.SETRLIMIT, "process", ProcessSyscalls::setrlimit);
    }

    /** exit implements Linux syscall exit(2): this thread ends; the last one ends the group. */
    static long exit(Task t, Args a) {
        Exit.thread(t, a.i32(0));
        return 0;
    }

    /** exit_group implements Linux syscall exit_group(2). */
    static long exitGroup(Task t, Args a) {
        Exit.group(t, ExitStatus.exited(a.i32(0)));
        return 0;
    }

    /** set_tid_address implements Linux syscall set_tid_address(2). */
    static long setTidAddress(Task t, Args a) {
        t.setClearChildTid(a.u64(0));
        return t.tid();
    }

    /** set_robust_list implements Linux syscall set_robust_list(2). */
    static long setRobustList(Task t, Args a) {
        if (a.u64(1) != 24) throw new ErrnoException(Errno.EINVAL); // sizeof(struct robust_list_head)
        t.setRobustList(a.u64(0), a.u64(1));
        return 0;
    }

    /** arch_prctl implements Linux syscall arch_prctl(2). */
    static long archPrctl(Task t, Args a) {
        long addr = a.u64(1);
        switch (a.i32(0)) {
            case ARCH_SET_FS:
                checkCanonical(t, addr);
                t.regs().fsBase = addr;
                return 0;
            case ARCH_SET_GS:
                checkCanonical(t, addr);
                t.regs().gsBase = addr;
                return 0;
            case ARCH_GET_FS:
                t.mm().writeLong(addr, t.regs().fsBase);
                return 0;
            case ARCH_GET_GS:
                t.mm().writeLong(addr, t.regs().gsBase);
                return 0;
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static void checkCanonical(Task t, long addr) {
        if (Long.compareUnsigned(addr, t.kernel().platform().taskSize()) >= 0) throw new ErrnoException(Errno.EPERM);
    }

    /** prlimit64 implements Linux syscall prlimit64(2) for the caller's own process. */
    static long prlimit64(Task t, Args a) {
        int pid = a.i32(0);
        ThreadGroup g = t.group();
        if (pid != 0 && pid != g.pid()) throw new ErrnoException(Errno.ESRCH);
        int res = a.i32(1);
        Rlimits rl = g.rlimits();
        long oldCur = rl.cur(res), oldMax = rl.max(res);
        if (a.u64(2) != 0) {
            long soft = t.mm().readLong(a.u64(2));
            long hard = t.mm().readLong(a.u64(2) + 8);
            rl.update(res, soft, hard, g.euid() == 0);
        }
        if (a.u64(3) != 0) {
            t.mm().writeLong(a.u64(3), oldCur);
            t.mm().writeLong(a.u64(3) + 8, oldMax);
        }
        return 0;
    }

    /** getrlimit implements Linux syscall getrlimit(2). */
    static long getrlimit(Task t, Args a) {
        Rlimits rl = t.group().rlimits();
        int res = a.i32(0);
        long cur = rl.cur(res), max = rl.max(res);
        t.mm().writeLong(a.u64(1), cur);
        t.mm().writeLong(a.u64(1) + 8, max);
        return 0;
    }

    /** setrlimit implements Linux syscall setrlimit(2). */
    static long setrlimit(Task t, Args a) {
        long soft = t.mm().readLong(a.u64(1));
        long hard = t.mm().readLong(a.u64(1) + 8);
        t.group().rlimits().update(a.i32(0), soft, hard, t.group().euid() == 0);
        return 0;
    }
}
