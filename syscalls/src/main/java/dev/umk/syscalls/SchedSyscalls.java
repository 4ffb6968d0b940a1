package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Scheduler;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import java.util.ArrayList;
import java.util.List;

/** Scheduling: priorities, policies, affinity, yielding, and which vCPU a task is on. */
final class SchedSyscalls {
    private SchedSyscalls() {}

    private static final int PRIO_PROCESS = 0, PRIO_PGRP = 1, PRIO_USER = 2;

    static void register(SyscallTable t) {
        t.add(Sysno.SCHED_YIELD, "sched", (task, a) -> {
            Thread.yield();
            return 0;
        });
        t.add(Sysno.SCHED_GETAFFINITY, "sched", SchedSyscalls::schedGetaffinity);
        t.add(Sysno.SCHED_SETAFFINITY, "sched", SchedSyscalls::schedSetaffinity);
        t.add(Sysno.SCHED_GETSCHEDULER, "sched", SchedSyscalls::schedGetscheduler);
        t.add(Sysno.SCHED_SETSCHEDULER, "sched", SchedSyscalls::schedSetscheduler);
        t.add(Sysno.SCHED_GETPARAM, "sched", SchedSyscalls::schedGetparam);
        t.add(Sysno.SCHED_SETPARAM, "sched", SchedSyscalls::schedSetparam);
        t.add(Sysno.SCHED_GET_PRIORITY_MAX, "sched", (task, a) -> priorityRange(a.i32(0))[1]);
        t.add(Sysno.SCHED_GET_PRIORITY_MIN, "sched", (task, a) -> priorityRange(a.i32(0))[0]);
        t.add(Sysno.SCHED_RR_GET_INTERVAL, "sched", (task, a) -> {
            target(task, a.i32(0));
            TimeSyscalls.writeTimespec(task, a.u64(1), 100_000_000); // RR_TIMESLICE: 100 ms
            return 0;
        });
        t.add(Sysno.GETPRIORITY, "sched", SchedSyscalls::getpriority);
        t.add(Sysno.SETPRIORITY, "sched", SchedSyscalls::setpriority);
        t.add(Sysno.GETCPU, "sched", SchedSyscalls::getcpu);
        t.add(Sysno.SCHED_SETATTR, "sched", SchedSyscalls::schedSetattr);
        t.add(Sysno.SCHED_GETATTR, "sched", SchedSyscalls::schedGetattr);
    }

    /** A task by the pid/tid argument of the sched_* calls (0 is the caller). */
    private static Task target(Task t, int pid) {
        if (pid < 0) throw new ErrnoException(Errno.EINVAL);
        if (pid == 0 || pid == t.tid()) return t;
        Task o = t.kernel().task(pid);
        if (o == null) throw new ErrnoException(Errno.ESRCH);
        return o;
    }

    /**
     * Linux check_same_owner: a caller without CAP_SYS_NICE may change the scheduling of
     * tasks whose real or effective uid is its own effective uid, and no others.
     */
    private static void checkSameOwner(Task t, Task o) {
        Credentials c = t.group().cred();
        if (o == t || c.capable(Credentials.CAP_SYS_NICE)) return;
        Credentials oc = o.group().cred();
        if (c.euid() != oc.euid() && c.euid() != oc.ruid()) throw new ErrnoException(Errno.EPERM);
    }

    private static long onlineMask(Task t) {
        int n = t.kernel().cpus();
        return n >= 64 ? -1L : (1L << n) - 1;
    }

    /** sched_getaffinity implements Linux syscall sched_getaffinity(2). */
    static long schedGetaffinity(Task t, Args a) {
        Task o = target(t, a.i32(0));
        long len = a.u64(1);
        int cpus = t.kernel().cpus();
        int need = ((cpus + 63) / 64) * 8;
        if (len < need || (len & 7) != 0) throw new ErrnoException(Errno.EINVAL);
        long mask = o.sched().affinity() & onlineMask(t);
        byte[] b = new byte[need];
        for (int c = 0; c < Math.min(cpus, 64); c++) if ((mask & (1L << c)) != 0) b[c / 8] |= (byte) (1 << (c % 8));
        t.mm().write(a.u64(2), b, 0, need);
        return need;
    }

    /** sched_setaffinity implements Linux syscall sched_setaffinity(2). */
    static long schedSetaffinity(Task t, Args a) {
        long len = Math.min(a.u64(1), 8);
        byte[] b = new byte[8];
        t.mm().read(a.u64(2), b, 0, (int) len);
        Task o = target(t, a.i32(0));
        checkSameOwner(t, o);
        long mask = 0;
        for (int i = 0; i < 8; i++) mask |= (b[i] & 0xffL) << (8 * i);
        if ((mask & onlineMask(t)) == 0) throw new ErrnoException(Errno.EINVAL);
        t.kernel().scheduler().setAffinity(o.sched(), mask);
        return 0;
    }

    private static int[] priorityRange(int policy) {
        switch (policy) {
            case Scheduler.SCHED_FIFO: case Scheduler.SCHED_RR: return new int[] {1, 99};
            case Scheduler.SCHED_OTHER: case Scheduler.SCHED_BATCH: case Scheduler.SCHED_IDLE:
            case Scheduler.SCHED_DEADLINE:
                return new int[] {0, 0};
            default: throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static boolean rtPolicy(int policy) {
        return policy == Scheduler.SCHED_FIFO || policy == Scheduler.SCHED_RR;
    }

    private static final int SCHED_RESET_ON_FORK = 0x40000000;

    /** sched_getscheduler implements Linux syscall sched_getscheduler(2): the policy, with SCHED_RESET_ON_FORK if set. */
    static long schedGetscheduler(Task t, Args a) {
        Scheduler.Entity e = target(t, a.i32(0)).sched();
        return e.policy() | (e.resetOnFork() ? SCHED_RESET_ON_FORK : 0);
    }

    /** sched_setscheduler implements Linux syscall sched_setscheduler(2). */
    static long schedSetscheduler(Task t, Args a) {
        int policy = a.i32(1);
        if (policy < 0) throw new ErrnoException(Errno.EINVAL);
        int prio = readParam(t, a.u64(2));
        Task o = target(t, a.i32(0));
        boolean reset = (policy & SCHED_RESET_ON_FORK) != 0;
        policy &= ~SCHED_RESET_ON_FORK;
        if (policy == Scheduler.SCHED_DEADLINE) throw new ErrnoException(Errno.EINVAL); // no runtime given
        setPolicy(t, o, policy, prio, reset);
        return 0;
    }

    /** struct sched_param from user memory: NULL is EINVAL (before the pid lookup), a bad pointer EFAULT. */
    private static int readParam(Task t, long va) {
        if (va == 0) throw new ErrnoException(Errno.EINVAL);
        return t.mm().readInt(va);
    }

    /** __sched_setscheduler's checks for a fair or realtime policy, then the change. */
    private static void setPolicy(Task t, Task o, int policy, int prio, boolean resetOnFork) {
        int[] r = priorityRange(policy);
        if (prio < r[0] || prio > r[1]) throw new ErrnoException(Errno.EINVAL);
        Scheduler.Entity e = o.sched();
        if (!t.group().cred().capable(Credentials.CAP_SYS_NICE)) {
            // RLIMIT_RTPRIO is 0 for unprivileged tasks: no realtime policy or priority raise.
            if (rtPolicy(policy) && (policy != e.policy() || prio > e.rtPriority())) {
                throw new ErrnoException(Errno.EPERM);
            }
            if (e.resetOnFork() && !resetOnFork) throw new ErrnoException(Errno.EPERM);
            checkSameOwner(t, o);
        }
        t.kernel().scheduler().setPolicy(e, policy, prio);
        t.kernel().scheduler().setResetOnFork(e, resetOnFork);
    }

    /** struct sched_attr: VER0 (48 bytes) and VER1 (56, with the utilization clamps) as Linux 6.18 knows it. */
    private static final int SCHED_ATTR_SIZE_VER0 = 48, SCHED_ATTR_SIZE = 56;
    private static final long SCHED_FLAG_RESET_ON_FORK = 0x01, SCHED_FLAG_RECLAIM = 0x02,
            SCHED_FLAG_DL_OVERRUN = 0x04, SCHED_FLAG_KEEP_POLICY = 0x08, SCHED_FLAG_KEEP_PARAMS = 0x10,
            SCHED_FLAG_UTIL_CLAMP = 0x20 | 0x40;
    /** sysctl_sched_dl_period_min/max: 100 us .. 2^22 us. */
    private static final long DL_PERIOD_MIN = 100_000L, DL_PERIOD_MAX = (1L << 22) * 1000;

    /**
     * sched_setattr implements Linux syscall sched_setattr(2): policy, nice, priority and a
     * SCHED_DEADLINE reservation in one call. Deadline tasks are scheduled ahead of realtime
     * ones but get no bandwidth enforcement; utilization clamps are EOPNOTSUPP (no uclamp).
     */
    static long schedSetattr(Task t, Args a) {
        long va = a.u64(1);
        if (va == 0 || a.i32(2) != 0 || a.i32(0) < 0) throw new ErrnoException(Errno.EINVAL);
        byte[] attr = readSchedAttr(t, va);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(attr).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int policy = b.getInt(4);
        long flags = b.getLong(8);
        int nice = Math.max(-20, Math.min(19, b.getInt(16))); // sched_copy_attr clamps
        int prio = b.getInt(20);
        long runtime = b.getLong(24), deadline = b.getLong(32), period = b.getLong(40);
        if ((flags & ~(SCHED_FLAG_RESET_ON_FORK | SCHED_FLAG_RECLAIM | SCHED_FLAG_DL_OVERRUN
                | SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS | SCHED_FLAG_UTIL_CLAMP)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & SCHED_FLAG_UTIL_CLAMP) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        Task o = target(t, a.i32(0));
        Scheduler.Entity e = o.sched();
        if ((flags & SCHED_FLAG_KEEP_POLICY) != 0) policy = e.policy();
        if ((flags & SCHED_FLAG_KEEP_PARAMS) != 0) {
            prio = e.rtPriority();
            runtime = e.dlRuntime();
            deadline = e.dlDeadline();
            period = e.dlPeriod();
        }
        boolean reset = (flags & SCHED_FLAG_RESET_ON_FORK) != 0;
        if (policy == Scheduler.SCHED_DEADLINE) {
            if (prio != 0 || !validDeadline(runtime, deadline, period)) throw new ErrnoException(Errno.EINVAL);
            if (!t.group().cred().capable(Credentials.CAP_SYS_NICE)) throw new ErrnoException(Errno.EPERM);
            t.kernel().scheduler().setDeadline(e, runtime, deadline, period);
            t.kernel().scheduler().setResetOnFork(e, reset);
            return 0;
        }
        boolean fair = !rtPolicy(policy);
        if (fair && nice < e.nice() && !t.group().cred().capable(Credentials.CAP_SYS_NICE)) {
            throw new ErrnoException(Errno.EPERM);
        }
        setPolicy(t, o, policy, prio, reset);
        if (fair && (flags & SCHED_FLAG_KEEP_PARAMS) == 0) t.kernel().scheduler().setNice(e, nice);
        return 0;
    }

    /** __checkparam_dl: 1024 ns <= runtime <= deadline <= period (period 0 means deadline), period in range. */
    private static boolean validDeadline(long runtime, long deadline, long period) {
        if (deadline == 0 || Long.compareUnsigned(runtime, 1024) < 0 || deadline < 0 || period < 0) return false;
        long p = period == 0 ? deadline : period;
        if (p < deadline || Long.compareUnsigned(deadline, runtime) < 0) return false;
        return p >= DL_PERIOD_MIN && p <= DL_PERIOD_MAX;
    }

    /**
     * sched_attr from user memory with Linux's size rules (sched_copy_attr): size 0 means
     * VER0; below VER0 or above a page is E2BIG, and so is a larger struct whose extra bytes
     * are not zero; either way the kernel's size is written back to attr->size.
     */
    private static byte[] readSchedAttr(Task t, long va) {
        int size = t.mm().readInt(va);
        if (size == 0) size = SCHED_ATTR_SIZE_VER0;
        if (size < SCHED_ATTR_SIZE_VER0 || size > 4096) {
            t.mm().writeInt(va, SCHED_ATTR_SIZE);
            throw new ErrnoException(Errno.E2BIG);
        }
        byte[] raw = new byte[Math.max(size, SCHED_ATTR_SIZE)];
        t.mm().read(va, raw, 0, size);
        for (int i = SCHED_ATTR_SIZE; i < size; i++) {
            if (raw[i] != 0) {
                t.mm().writeInt(va, SCHED_ATTR_SIZE);
                throw new ErrnoException(Errno.E2BIG);
            }
        }
        return java.util.Arrays.copyOf(raw, SCHED_ATTR_SIZE);
    }

    /** sched_getattr implements Linux syscall sched_getattr(2): writes min(size, 56) bytes. */
    static long schedGetattr(Task t, Args a) {
        long va = a.u64(1);
        int usize = a.i32(2);
        if (va == 0 || a.i32(0) < 0 || a.i32(3) != 0 || usize < SCHED_ATTR_SIZE_VER0 || usize > 4096) {
            throw new ErrnoException(Errno.EINVAL);
        }
        Scheduler.Entity e = target(t, a.i32(0)).sched();
        int n = Math.min(usize, SCHED_ATTR_SIZE);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(SCHED_ATTR_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, n);
        b.putInt(4, e.policy());
        b.putLong(8, e.resetOnFork() ? SCHED_FLAG_RESET_ON_FORK : 0);
        if (!rtPolicy(e.policy()) && e.policy() != Scheduler.SCHED_DEADLINE) b.putInt(16, e.nice());
        b.putInt(20, e.rtPriority());
        if (e.policy() == Scheduler.SCHED_DEADLINE) {
            b.putLong(24, e.dlRuntime()).putLong(32, e.dlDeadline()).putLong(40, e.dlPeriod());
        }
        b.putInt(52, 1024); // util_max: SCHED_CAPACITY_SCALE, no clamp
        t.mm().write(va, b.array(), 0, n);
        return 0;
    }

    /** sched_getparam implements Linux syscall sched_getparam(2). */
    static long schedGetparam(Task t, Args a) {
        if (a.u64(1) == 0) throw new ErrnoException(Errno.EINVAL);
        Task o = target(t, a.i32(0));
        t.mm().writeInt(a.u64(1), o.sched().rtPriority());
        return 0;
    }

    /** sched_setparam implements Linux syscall sched_setparam(2): the priority within the current policy. */
    static long schedSetparam(Task t, Args a) {
        if (a.i32(0) < 0) throw new ErrnoException(Errno.EINVAL);
        int prio = readParam(t, a.u64(1));
        Task o = target(t, a.i32(0));
        Scheduler.Entity e = o.sched();
        if (e.policy() == Scheduler.SCHED_DEADLINE) {
            if (prio != 0) throw new ErrnoException(Errno.EINVAL);
            checkSameOwner(t, o);
            return 0;
        }
        setPolicy(t, o, e.policy(), prio, e.resetOnFork());
        return 0;
    }

    /** The tasks a (which, who) pair of get/setpriority names; none is ESRCH. */
    private static List<Task> who(Task t, int which, int who) {
        List<Task> out = new ArrayList<>();
        switch (which) {
            case PRIO_PROCESS: {
                Task o = who == 0 ? t : who < 0 ? null : t.kernel().task(who);
                if (o != null) out.add(o);
                break;
            }
            case PRIO_PGRP: {
                int pgid = who == 0 ? t.group().pgid() : who;
                if (pgid > 0) for (ThreadGroup g : t.kernel().tree().processGroup(pgid)) addTasks(t, g, out);
                break;
            }
            case PRIO_USER: {
                int uid = who == 0 ? t.group().uid() : who;
                for (ThreadGroup g : t.kernel().tree().all()) if (g.uid() == uid) addTasks(t, g, out);
                break;
            }
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
        if (out.isEmpty()) throw new ErrnoException(Errno.ESRCH);
        return out;
    }

    private static void addTasks(Task t, ThreadGroup g, List<Task> out) {
        Task leader = t.kernel().task(g.pid());
        if (leader != null) out.add(leader);
    }

    /** getpriority implements Linux syscall getpriority(2): returns 20 - nice (never negative). */
    static long getpriority(Task t, Args a) {
        int best = 19;
        for (Task o : who(t, a.i32(0), a.i32(1))) best = Math.min(best, o.sched().nice());
        return 20 - best;
    }

    /**
     * setpriority implements Linux syscall setpriority(2). Per task (set_one_prio): another
     * owner's task is EPERM, lowering the nice value without CAP_SYS_NICE is EACCES.
     */
    static long setpriority(Task t, Args a) {
        int nice = Math.max(-20, Math.min(19, a.i32(2)));
        Credentials c = t.group().cred();
        ErrnoException error = null;
        for (Task o : who(t, a.i32(0), a.i32(1))) {
            Credentials oc = o.group().cred();
            if (c.euid() != oc.ruid() && c.euid() != oc.euid() && !c.capable(Credentials.CAP_SYS_NICE)) {
                error = new ErrnoException(Errno.EPERM);
            } else if (nice < o.sched().nice() && !c.capable(Credentials.CAP_SYS_NICE)) {
                error = new ErrnoException(Errno.EACCES);
            } else {
                t.kernel().scheduler().setNice(o.sched(), nice);
            }
        }
        if (error != null) throw error;
        return 0;
    }

    /** getcpu implements Linux syscall getcpu(2): the vCPU last run on, node 0. */
    static long getcpu(Task t, Args a) {
        if (a.u64(0) != 0) t.mm().writeInt(a.u64(0), t.sched().lastVcpu());
        if (a.u64(1) != 0) t.mm().writeInt(a.u64(1), 0);
        return 0;
    }
}
