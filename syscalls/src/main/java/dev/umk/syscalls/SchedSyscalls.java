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
