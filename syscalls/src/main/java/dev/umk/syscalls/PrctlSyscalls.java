package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Scheduler;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import java.util.Arrays;

/**
 * prctl(2): the process attributes programs commonly set and read, with Linux's argument
 * checks (kernel/sys.c and security/commoncap.c's cap_task_prctl): options that take no
 * further arguments insist they are zero, so callers probing for support see EINVAL.
 */
final class PrctlSyscalls {
    private PrctlSyscalls() {}

    private static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3,
            PR_SET_DUMPABLE = 4, PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_GET_TIMING = 13,
            PR_SET_TIMING = 14, PR_SET_NAME = 15, PR_GET_NAME = 16, PR_GET_SECCOMP = 21,
            PR_SET_SECCOMP = 22, PR_CAPBSET_READ = 23, PR_CAPBSET_DROP = 24, PR_GET_TSC = 25,
            PR_SET_TSC = 26, PR_GET_SECUREBITS = 27, PR_SET_SECUREBITS = 28,
            PR_SET_TIMERSLACK = 29, PR_GET_TIMERSLACK = 30, PR_SET_CHILD_SUBREAPER = 36,
            PR_GET_CHILD_SUBREAPER = 37, PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39,
            PR_GET_TID_ADDRESS = 40, PR_SET_THP_DISABLE = 41, PR_GET_THP_DISABLE = 42,
            PR_CAP_AMBIENT = 47, PR_GET_SPECULATION_CTRL = 52, PR_SET_VMA = 0x53564d41;
    private static final int PR_TSC_ENABLE = 1, PR_TSC_SIGSEGV = 2;
    private static final int PR_CAP_AMBIENT_IS_SET = 1, PR_CAP_AMBIENT_RAISE = 2,
            PR_CAP_AMBIENT_LOWER = 3, PR_CAP_AMBIENT_CLEAR_ALL = 4;
    private static final int SECCOMP_MODE_STRICT = 1, SECCOMP_MODE_FILTER = 2;
    /** SECBIT_KEEP_CAPS; the other securebits (noroot, no-setuid-fixup, ...) are not modelled. */
    private static final int SECBIT_KEEP_CAPS = 1 << 4;

    static void register(SyscallTable t) {
        t.add(Sysno.PRCTL, "process", PrctlSyscalls::prctl);
    }

    /** prctl implements Linux syscall prctl(2). */
    static long prctl(Task t, Args a) {
        int option = a.i32(0);
        long arg2 = a.u64(1);
        switch (option) {
            case PR_SET_PDEATHSIG:
                if (Long.compareUnsigned(arg2, Signals.NSIG) > 0) throw new ErrnoException(Errno.EINVAL);
                t.setPdeathSig((int) arg2);
                return 0;
            case PR_GET_PDEATHSIG:
                t.mm().writeInt(arg2, t.pdeathSig());
                return 0;
            case PR_GET_DUMPABLE:
                return t.dumpable();
            case PR_SET_DUMPABLE:
                if (Long.compareUnsigned(arg2, 1) > 0) throw new ErrnoException(Errno.EINVAL);
                t.setDumpable((int) arg2);
                return 0;
            case PR_GET_KEEPCAPS:
                return t.keepCaps() ? 1 : 0;
            case PR_SET_KEEPCAPS:
                if (Long.compareUnsigned(arg2, 1) > 0) throw new ErrnoException(Errno.EINVAL);
                t.setKeepCaps(arg2 == 1);
                return 0;
            case PR_GET_TIMING:
                return 0; // PR_TIMING_STATISTICAL
            case PR_SET_TIMING:
                if (arg2 != 0) throw new ErrnoException(Errno.EINVAL); // no PR_TIMING_TIMESTAMP
                return 0;
            case PR_SET_NAME: {
                byte[] name = readName(t, arg2);
                t.group().setComm(name);
                return 0;
            }
            case PR_GET_NAME: {
                byte[] out = Arrays.copyOf(t.group().comm(), 16); // NUL-padded TASK_COMM_LEN
                t.mm().write(arg2, out, 0, out.length);
                return 0;
            }
            case PR_GET_SECCOMP:
                return 0;
            case PR_SET_SECCOMP:
                return setSeccomp(t, arg2, a.u64(2));
            case PR_CAPBSET_READ:
                if (Long.compareUnsigned(arg2, Credentials.CAP_LAST_CAP) > 0) throw new ErrnoException(Errno.EINVAL);
                return (t.group().cred().capBounding() >>> arg2) & 1;
            case PR_CAPBSET_DROP:
                return capbsetDrop(t, arg2);
            case PR_CAP_AMBIENT:
                return capAmbient(t, arg2, a.u64(2), a.u64(3), a.u64(4));
            case PR_GET_SECUREBITS:
                return t.keepCaps() ? SECBIT_KEEP_CAPS : 0;
            case PR_SET_SECUREBITS:
                if (!t.group().cred().capable(Credentials.CAP_SETPCAP)) throw new ErrnoException(Errno.EPERM);
                if ((arg2 & ~(long) SECBIT_KEEP_CAPS) != 0) throw new ErrnoException(Errno.EPERM);
                t.setKeepCaps(arg2 != 0);
                return 0;
            case PR_GET_TSC:
                t.mm().writeInt(arg2, t.tscMode());
                return 0;
            case PR_SET_TSC:
                // Stored and reported; enforcing PR_TSC_SIGSEGV needs CR4.TSD on the host thread.
                if (arg2 != PR_TSC_ENABLE && arg2 != PR_TSC_SIGSEGV) throw new ErrnoException(Errno.EINVAL);
                t.setTscMode((int) arg2);
                return 0;
            case PR_GET_TIMERSLACK:
                return t.timerSlackNs();
            case PR_SET_TIMERSLACK:
                if (!rtPolicy(t)) t.setTimerSlackNs(arg2);
                return 0;
            case PR_SET_CHILD_SUBREAPER:
                t.group().setChildSubreaper(arg2 != 0);
                return 0;
            case PR_GET_CHILD_SUBREAPER:
                t.mm().writeInt(arg2, t.group().childSubreaper() ? 1 : 0);
                return 0;
            case PR_SET_NO_NEW_PRIVS:
                if (arg2 != 1) throw new ErrnoException(Errno.EINVAL);
                requireZero(a.u64(2), a.u64(3), a.u64(4));
                t.setNoNewPrivs();
                return 0;
            case PR_GET_NO_NEW_PRIVS:
                requireZero(arg2, a.u64(2), a.u64(3), a.u64(4));
                return t.noNewPrivs() ? 1 : 0;
            case PR_SET_THP_DISABLE:
                requireZero(a.u64(2), a.u64(3), a.u64(4));
                t.setThpDisable(arg2 != 0);
                return 0;
            case PR_GET_THP_DISABLE:
                requireZero(arg2, a.u64(2), a.u64(3), a.u64(4));
                return t.thpDisable() ? 1 : 0;
            case PR_GET_SPECULATION_CTRL:
                requireZero(a.u64(2), a.u64(3), a.u64(4));
                if (Long.compareUnsigned(arg2, 2) > 0) throw new ErrnoException(Errno.ENODEV);
                return 0; // PR_SPEC_NOT_AFFECTED: umk offers no per-task mitigation control
            case PR_GET_TID_ADDRESS:
                t.mm().writeLong(arg2, t.clearChildTid());
                return 0;
            case PR_SET_VMA:
                // Naming anonymous memory is advisory; Linux without CONFIG_ANON_VMA_NAME says EINVAL.
                throw new ErrnoException(Errno.EINVAL);
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
    }

    private static void requireZero(long... args) {
        for (long v : args) if (v != 0) throw new ErrnoException(Errno.EINVAL);
    }

    /** Timer slack is ignored for realtime tasks, as Linux does. */
    private static boolean rtPolicy(Task t) {
        int p = t.sched().policy();
        return p == Scheduler.SCHED_FIFO || p == Scheduler.SCHED_RR || p == Scheduler.SCHED_DEADLINE;
    }

    /** PR_CAPBSET_DROP: needs CAP_SETPCAP; removes one capability from the bounding set. */
    private static long capbsetDrop(Task t, long cap) {
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            if (!c.capable(Credentials.CAP_SETPCAP)) throw new ErrnoException(Errno.EPERM);
            if (Long.compareUnsigned(cap, Credentials.CAP_LAST_CAP) > 0) throw new ErrnoException(Errno.EINVAL);
            g.setCred(c.withBounding(c.capBounding() & ~(1L << cap)));
        }
        return 0;
    }

    /** PR_CAP_AMBIENT: a capability may join the ambient set only if it is permitted and inheritable. */
    private static long capAmbient(Task t, long op, long cap, long arg4, long arg5) {
        if (op == PR_CAP_AMBIENT_CLEAR_ALL) {
            requireZero(cap, arg4, arg5);
            ThreadGroup g = t.group();
            synchronized (g) {
                g.setCred(g.cred().withAmbient(0));
            }
            return 0;
        }
        requireZero(arg4, arg5);
        if (Long.compareUnsigned(cap, Credentials.CAP_LAST_CAP) > 0) throw new ErrnoException(Errno.EINVAL);
        long bit = 1L << cap;
        ThreadGroup g = t.group();
        synchronized (g) {
            Credentials c = g.cred();
            switch (Long.compareUnsigned(op, PR_CAP_AMBIENT_CLEAR_ALL) > 0 ? -1 : (int) op) {
                case PR_CAP_AMBIENT_IS_SET:
                    return (c.capAmbient() & bit) != 0 ? 1 : 0;
                case PR_CAP_AMBIENT_RAISE:
                    if ((c.capPermitted() & bit) == 0 || (c.capInheritable() & bit) == 0) {
                        throw new ErrnoException(Errno.EPERM);
                    }
                    g.setCred(c.withAmbient(c.capAmbient() | bit));
                    return 0;
                case PR_CAP_AMBIENT_LOWER:
                    g.setCred(c.withAmbient(c.capAmbient() & ~bit));
                    return 0;
                default:
                    throw new ErrnoException(Errno.EINVAL);
            }
        }
    }

    /**
     * PR_SET_SECCOMP. umk has no seccomp: after the checks Linux makes first (the filter
     * program is copied in, EFAULT; installing one needs no_new_privs or CAP_SYS_ADMIN,
     * EACCES), it answers EINVAL, as a kernel built without CONFIG_SECCOMP_FILTER.
     */
    private static long setSeccomp(Task t, long mode, long prog) {
        if (mode == SECCOMP_MODE_FILTER) {
            byte[] fprog = new byte[16]; // struct sock_fprog: len, pad, filter pointer
            t.mm().read(prog, fprog, 0, fprog.length);
            int len = (fprog[0] & 0xff) | (fprog[1] & 0xff) << 8;
            if (len == 0 || len > 4096) throw new ErrnoException(Errno.EINVAL);
            if (!t.noNewPrivs() && !t.group().cred().capable(Credentials.CAP_SYS_ADMIN)) {
                throw new ErrnoException(Errno.EACCES);
            }
        }
        if (mode != SECCOMP_MODE_STRICT && mode != SECCOMP_MODE_FILTER) throw new ErrnoException(Errno.EINVAL);
        throw new ErrnoException(Errno.EINVAL);
    }

    /** A task name: up to 15 bytes from guest memory, cut at the first NUL. */
    private static byte[] readName(Task t, long va) {
        byte[] buf = new byte[16];
        t.mm().read(va, buf, 0, 16);
        int n = 0;
        while (n < 15 && buf[n] != 0) n++;
        return Arrays.copyOf(buf, n);
    }
}
