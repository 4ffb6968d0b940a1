package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
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
        t.add(Sysno.SCHED_GETSCHEDULER, "sched", (task, a) -> target(task, a.i32(0)).sched().policy());
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
        Task o = target(t, a.i32(0));
        long len = Math.min(a.u64(1), 8);
        byte[] b = new byte[8];
        t.mm().read(a.u64(2), b, 0, (int) len);
        long mask = 0;
        for (int i = 0; i < 8; i++) mask |= (b[i] & 0xffL) << (8 * i);
        if ((mask & onlineMask(t)) == 0) throw new ErrnoException(Errno.EINVAL);
        t.kernel().scheduler().setAffinity(o.sched(), mask);
        return 0;
    }

    private static int[] priorityRange(int policy) {
        switch (policy) {
            case Scheduler.SCHED_FIFO: case Scheduler.SCHED_RR: return new int[] {1, 99};
            case Scheduler.SCHED_OTHER: case Scheduler.SCHED_BATCH: case Scheduler.SCHED_IDLE: return new int[] {0, 0};
            default: throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** sched_setscheduler implements Linux syscall sched_setscheduler(2). */
    static long schedSetscheduler(Task t, Args a) {
        Task o = target(t, a.i32(0));
        int policy = a.i32(1) & ~0x40000000; // SCHED_RESET_ON_FORK
        if (a.u64(2) == 0) throw new ErrnoException(Errno.EINVAL);
        int prio = t.mm().readInt(a.u64(2));
        setPolicy(t, o, policy, prio);
        return 0;
    }

    private static void setPolicy(Task t, Task o, int policy, int prio) {
        int[] r = priorityRange(policy);
        if (prio < r[0] || prio > r[1]) throw new ErrnoException(Errno.EINVAL);
        boolean rt = policy == Scheduler.SCHED_FIFO || policy == Scheduler.SCHED_RR;
        if (rt && t.group().euid() != 0) throw new ErrnoException(Errno.EPERM);
        t.kernel().scheduler().setPolicy(o.sched(), policy, prio);
    }

    /** struct sched_attr: VER0 (48 bytes) and VER1 (56, with the utilization clamps) as Linux 6.18 knows it. */
    private static final int SCHED_ATTR_SIZE_VER0 = 48, SCHED_ATTR_SIZE = 56;
    private static final long SCHED_FLAG_RESET_ON_FORK = 0x01, SCHED_FLAG_KEEP_POLICY = 0x08,
            SCHED_FLAG_KEEP_PARAMS = 0x10, SCHED_FLAG_UTIL_CLAMP = 0x20 | 0x40;
    private static final int SCHED_DEADLINE = 6;

    /**
     * sched_setattr implements Linux syscall sched_setattr(2): policy, nice and priority in one
     * call. SCHED_DEADLINE needs admission control umk's scheduler does not have: EINVAL, as
     * a kernel without it answers; utilization clamps likewise (EOPNOTSUPP, no uclamp).
     */
    static long schedSetattr(Task t, Args a) {
        long va = a.u64(1);
        if (va == 0 || a.i32(2) != 0 || a.i32(0) < 0) throw new ErrnoException(Errno.EINVAL);
        byte[] attr = readSchedAttr(t, va);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(attr).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int policy = b.getInt(4);
        long flags = b.getLong(8);
        int nice = b.getInt(16);
        int prio = b.getInt(20);
        if ((flags & ~(SCHED_FLAG_RESET_ON_FORK | SCHED_FLAG_KEEP_POLICY | SCHED_FLAG_KEEP_PARAMS
                | SCHED_FLAG_UTIL_CLAMP)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & SCHED_FLAG_UTIL_CLAMP) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        Task o = target(t, a.i32(0));
        if ((flags & SCHED_FLAG_KEEP_POLICY) != 0) policy = o.sched().policy();
        if (policy == SCHED_DEADLINE) throw new ErrnoException(Errno.EINVAL);
        if ((flags & SCHED_FLAG_KEEP_PARAMS) != 0) prio = o.sched().rtPriority();
        boolean fair = policy == Scheduler.SCHED_OTHER || policy == Scheduler.SCHED_BATCH
                || policy == Scheduler.SCHED_IDLE;
        if (fair) {
            if (nice < -20 || nice > 19) throw new ErrnoException(Errno.EINVAL);
            if (nice < o.sched().nice() && t.group().euid() != 0) throw new ErrnoException(Errno.EPERM);
        }
        setPolicy(t, o, policy, prio);
        if (fair && (flags & SCHED_FLAG_KEEP_PARAMS) == 0) t.kernel().scheduler().setNice(o.sched(), nice);
        return 0;
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
        Task o = target(t, a.i32(0));
        int n = Math.min(usize, SCHED_ATTR_SIZE);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(SCHED_ATTR_SIZE).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, n);
        b.putInt(4, o.sched().policy());
        b.putInt(16, o.sched().nice());
        b.putInt(20, o.sched().rtPriority());
        b.putInt(52, 1024); // util_max: SCHED_CAPACITY_SCALE, no clamp
        t.mm().write(va, b.array(), 0, n);
        return 0;
    }

    /** sched_getparam implements Linux syscall sched_getparam(2). */
    static long schedGetparam(Task t, Args a) {
        Task o = target(t, a.i32(0));
        t.mm().writeInt(a.u64(1), o.sched().rtPriority());
        return 0;
    }

    /** sched_setparam implements Linux syscall sched_setparam(2). */
    static long schedSetparam(Task t, Args a) {
        Task o = target(t, a.i32(0));
        if (a.u64(1) == 0) throw new ErrnoException(Errno.EINVAL);
        setPolicy(t, o, o.sched().policy(), t.mm().readInt(a.u64(1)));
        return 0;
    }

    /** The tasks a (which, who) pair of get/setpriority names. */
    private static List<Task> who(Task t, int which, int who) {
        List<Task> out = new ArrayList<>();
        switch (which) {
            case PRIO_PROCESS:
                out.add(who == 0 ? t : target(t, who));
                break;
            case PRIO_PGRP: {
                int pgid = who == 0 ? t.group().pgid() : who;
                for (ThreadGroup g : t.kernel().tree().processGroup(pgid)) addTasks(t, g, out);
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

    /** setpriority implements Linux syscall setpriority(2). */
    static long setpriority(Task t, Args a) {
        int nice = Math.max(-20, Math.min(19, a.i32(2)));
        for (Task o : who(t, a.i32(0), a.i32(1))) {
            if (nice < o.sched().nice() && t.group().euid() != 0) throw new ErrnoException(Errno.EACCES);
            t.kernel().scheduler().setNice(o.sched(), nice);
        }
        return 0;
    }

    /** getcpu implements Linux syscall getcpu(2): the vCPU last run on, node 0. */
    static long getcpu(Task t, Args a) {
        if (a.u64(0) != 0) t.mm().writeInt(a.u64(0), t.sched().lastVcpu());
        if (a.u64(1) != 0) t.mm().writeInt(a.u64(1), 0);
        return 0;
    }
}
