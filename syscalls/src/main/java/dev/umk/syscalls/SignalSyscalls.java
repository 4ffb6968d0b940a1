package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;

/** Signal dispositions, masks and alternate stacks (recorded; delivery is the sched's). */
final class SignalSyscalls {
    private SignalSyscalls() {}

    private static final int SIG_BLOCK = 0, SIG_UNBLOCK = 1, SIG_SETMASK = 2;
    private static final int SS_ONSTACK = 1, SS_DISABLE = 2, SS_AUTODISARM = 1 << 31;
    private static final long MINSIGSTKSZ = 2048;

    static void register(SyscallTable t) {
        t.add(Sysno.RT_SIGACTION, "signal", SignalSyscalls::rtSigaction);
        t.add(Sysno.RT_SIGPROCMASK, "signal", SignalSyscalls::rtSigprocmask);
        t.add(Sysno.SIGALTSTACK, "signal", SignalSyscalls::sigaltstack);
    }

    /** rt_sigaction implements Linux syscall rt_sigaction(2). */
    static long rtSigaction(Task t, Args a) {
        int sig = a.i32(0);
        if (a.u64(3) != 8 || sig < 1 || sig > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        long act = a.u64(1), oact = a.u64(2);
        SigAction next = null;
        if (act != 0) {
            if (sig == Signals.SIGKILL || sig == Signals.SIGSTOP) throw new ErrnoException(Errno.EINVAL);
            next = new SigAction(t.mm().readLong(act), t.mm().readLong(act + 8), t.mm().readLong(act + 16),
                    t.mm().readLong(act + 24) & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP)));
        }
        SigAction old = t.group().action(sig);
        if (oact != 0) {
            t.mm().writeLong(oact, old.handler());
            t.mm().writeLong(oact + 8, old.flags());
            t.mm().writeLong(oact + 16, old.restorer());
            t.mm().writeLong(oact + 24, old.mask());
        }
        if (next != null) t.group().setAction(sig, next);
        return 0;
    }

    /** rt_sigprocmask implements Linux syscall rt_sigprocmask(2). */
    static long rtSigprocmask(Task t, Args a) {
        if (a.u64(3) != 8) throw new ErrnoException(Errno.EINVAL);
        long setPtr = a.u64(1), oldPtr = a.u64(2);
        long old = t.sigmask();
        if (setPtr != 0) {
            long set = t.mm().readLong(setPtr);
            switch (a.i32(0)) {
                case SIG_BLOCK: t.setSigmask(old | set); break;
                case SIG_UNBLOCK: t.setSigmask(old & ~set); break;
                case SIG_SETMASK: t.setSigmask(set); break;
                default: throw new ErrnoException(Errno.EINVAL);
            }
        }
        if (oldPtr != 0) t.mm().writeLong(oldPtr, old);
        return 0;
    }

    /** sigaltstack implements Linux syscall sigaltstack(2). */
    static long sigaltstack(Task t, Args a) {
        long ss = a.u64(0), oss = a.u64(1);
        long rsp = t.regs().rsp;
        boolean onStack = t.altStackSize() != 0 && rsp - t.altStackSp() < t.altStackSize();
        if (oss != 0) {
            t.mm().writeLong(oss, t.altStackSp());
            t.mm().writeInt(oss + 8, onStack ? SS_ONSTACK : t.altStackFlags());
            t.mm().writeInt(oss + 12, 0);
            t.mm().writeLong(oss + 16, t.altStackSize());
        }
        if (ss != 0) {
            long sp = t.mm().readLong(ss);
            int flags = t.mm().readInt(ss + 8);
            long size = t.mm().readLong(ss + 16);
            if (onStack) throw new ErrnoException(Errno.EPERM);
            int mode = flags & ~SS_AUTODISARM;
            if (mode != 0 && mode != SS_ONSTACK && mode != SS_DISABLE) throw new ErrnoException(Errno.EINVAL);
            if (mode == SS_DISABLE) {
                t.setAltStack(0, 0, SS_DISABLE);
            } else {
                if (size < MINSIGSTKSZ) throw new ErrnoException(Errno.ENOMEM);
                t.setAltStack(sp, size, flags & SS_AUTODISARM);
            }
        }
        return 0;
    }
}
