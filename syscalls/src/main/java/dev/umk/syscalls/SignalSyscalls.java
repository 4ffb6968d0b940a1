package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.CpuClock;
import dev.umk.sched.PosixTimers;
import dev.umk.sched.RealTimer;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.TaskLoop;
import dev.umk.sched.ThreadGroup;
import dev.umk.sched.signal.FpuAccess;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigAltStack;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;

/**
 * Signal syscalls: dispositions, masks, alternate stacks, waiting for signals, sigreturn,
 * queueing with siginfo, interval timers (setitimer, alarm) and POSIX timers. Rules live in
 * {@code dev.umk.sched.signal}; these decode and encode.
 */
final class SignalSyscalls {
    private SignalSyscalls() {}

    private static final int ITIMER_REAL = 0, ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    private static final long NS = 1_000_000_000L;

    static void register(SyscallTable t) {
        t.add(Sysno.RT_SIGACTION, "signal", SignalSyscalls::rtSigaction);
        t.add(Sysno.RT_SIGPROCMASK, "signal", SignalSyscalls::rtSigprocmask);
        t.add(Sysno.SIGALTSTACK, "signal", SignalSyscalls::sigaltstack);
        t.add(Sysno.RT_SIGRETURN, "signal", SignalSyscalls::rtSigreturn);
        t.add(Sysno.RT_SIGPENDING, "signal", SignalSyscalls::rtSigpending);
        t.add(Sysno.RT_SIGSUSPEND, "signal", SignalSyscalls::rtSigsuspend);
        t.add(Sysno.PAUSE, "signal", (task, a) -> sleepForSignal());
        t.add(Sysno.RT_SIGTIMEDWAIT, "signal", SignalSyscalls::rtSigtimedwait);
        t.add(Sysno.RT_SIGQUEUEINFO, "signal", SignalSyscalls::rtSigqueueinfo);
        t.add(Sysno.RT_TGSIGQUEUEINFO, "signal", SignalSyscalls::rtTgsigqueueinfo);
        t.add(Sysno.ALARM, "signal", SignalSyscalls::alarm);
        t.add(Sysno.SETITIMER, "signal", SignalSyscalls::setitimer);
        t.add(Sysno.GETITIMER, "signal", SignalSyscalls::getitimer);
        t.add(Sysno.TIMER_CREATE, "timer", SignalSyscalls::timerCreate);
        t.add(Sysno.TIMER_SETTIME, "timer", SignalSyscalls::timerSettime);
        t.add(Sysno.TIMER_GETTIME, "timer", SignalSyscalls::timerGettime);
        t.add(Sysno.TIMER_GETOVERRUN, "timer", (task, a) -> timers(task).overrun(a.i32(0)));
        t.add(Sysno.TIMER_DELETE, "timer", (task, a) -> {
            timers(task).delete(a.i32(0));
            return 0;
        });
        t.add(Sysno.RESTART_SYSCALL, "signal", (task, a) -> {
            var block = task.takeRestartBlock();
            if (block == null) throw new ErrnoException(Errno.EINTR); // do_no_restart_syscall
            return block.applyAsLong(task);
        });
    }

    /** rt_sigaction implements Linux syscall rt_sigaction(2). */
    static long rtSigaction(Task t, Args a) {
        int sig = a.i32(0);
        if (a.u64(3) != 8 || sig < 1 || sig > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        long act = a.u64(1), oact = a.u64(2);
        SigAction next = null;
        if (act != 0) {
            next = new SigAction(t.mm().readLong(act), t.mm().readLong(act + 8), t.mm().readLong(act + 16),
                    t.mm().readLong(act + 24));
        }
        SigAction old = t.group().signals().sigaction(sig, next);
        if (oact != 0) {
            t.mm().writeLong(oact, old.handler());
            t.mm().writeLong(oact + 8, old.flags());
            t.mm().writeLong(oact + 16, old.restorer());
            t.mm().writeLong(oact + 24, old.mask());
        }
        return 0;
    }

    /** rt_sigprocmask implements Linux syscall rt_sigprocmask(2). */
    static long rtSigprocmask(Task t, Args a) {
        if (a.u64(3) != 8) throw new ErrnoException(Errno.EINVAL);
        TaskSignals ts = t.signals();
        long old;
        if (a.u64(1) != 0) old = ts.sigprocmask(a.i32(0), t.mm().readLong(a.u64(1)));
        else old = ts.blocked();
        if (a.u64(2) != 0) t.mm().writeLong(a.u64(2), old);
        return 0;
    }

    /** sigaltstack implements Linux syscall sigaltstack(2). */
    static long sigaltstack(Task t, Args a) {
        long ss = a.u64(0), oss = a.u64(1);
        TaskSignals ts = t.signals();
        long rsp = t.regs().rsp;
        SigAltStack request = null;
        if (ss != 0) request = new SigAltStack(t.mm().readLong(ss), t.mm().readLong(ss + 16), t.mm().readInt(ss + 8));
        SigAltStack old = request != null ? ts.sigaltstack(request, rsp) : ts.altStack();
        if (oss != 0) {
            t.mm().writeLong(oss, old.sp());
            t.mm().writeInt(oss + 8, old.reportedFlags(rsp));
            t.mm().writeInt(oss + 12, 0);
            t.mm().writeLong(oss + 16, old.size());
        }
        return 0;
    }

    /** rt_sigreturn implements Linux syscall rt_sigreturn(2): the registers come from the frame. */
    static long rtSigreturn(Task t, Args a) {
        t.kernel().signalDelivery().sigreturn(t.group().signals(), t.signals(), t.regs(),
                FpuAccess.of(t.cpu()), TaskLoop.memory(t));
        return SyscallTable.NO_RESULT;
    }

    /** rt_sigpending implements Linux syscall rt_sigpending(2). */
    static long rtSigpending(Task t, Args a) {
        if (a.u64(1) > 8) throw new ErrnoException(Errno.EINVAL);
        long set = t.signals().sigpending();
        byte[] b = new byte[(int) a.u64(1)];
        for (int i = 0; i < b.length; i++) b[i] = (byte) (set >>> (8 * i));
        t.mm().write(a.u64(0), b, 0, b.length);
        return 0;
    }

    /** rt_sigsuspend implements Linux syscall rt_sigsuspend(2): always ends with EINTR. */
    static long rtSigsuspend(Task t, Args a) {
        if (a.u64(1) != 8) throw new ErrnoException(Errno.EINVAL);
        t.signals().setTemporaryMask(t.mm().readLong(a.u64(0)));
        return sleepForSignal();
    }

    /** Sleeps until a signal interrupts; the delivery code turns ERESTARTNOHAND into EINTR. */
    private static long sleepForSignal() {
        Object o = new Object();
        synchronized (o) {
            try {
                for (;;) o.wait();
            } catch (InterruptedException e) {
                throw new ErrnoException(Errno.ERESTARTNOHAND);
            }
        }
    }

    /** rt_sigtimedwait implements Linux syscall rt_sigtimedwait(2). */
    static long rtSigtimedwait(Task t, Args a) {
        if (a.u64(3) != 8) throw new ErrnoException(Errno.EINVAL);
        long set = t.mm().readLong(a.u64(0)) & ~(Signals.bit(Signals.SIGKILL) | Signals.bit(Signals.SIGSTOP));
        long deadline = a.u64(2) == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeSyscalls.readTimespec(t, a.u64(2));
        TaskSignals ts = t.signals();
        SigInfo info = ts.dequeue(set);
        if (info == null) {
            ts.beginSigtimedwait(set);
            try {
                while ((info = ts.dequeue(set)) == null) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) throw new ErrnoException(Errno.EAGAIN);
                    if (ts.signalPending()) throw new ErrnoException(Errno.EINTR);
                    Object o = new Object();
                    synchronized (o) {
                        o.wait(Math.max(1, Math.min(left / 1_000_000, 50)));
                    }
                }
            } catch (InterruptedException e) {
                info = ts.dequeue(set);
                if (info == null) throw new ErrnoException(Errno.EINTR);
            } finally {
                ts.endSigtimedwait();
            }
        }
        if (a.u64(1) != 0) {
            byte[] raw = info.encode();
            t.mm().write(a.u64(1), raw, 0, raw.length);
        }
        return info.signo();
    }

    /**
     * tgkill implements Linux syscall tgkill(2): tgid and tid must be positive (EINVAL), and
     * the thread must belong to thread group tgid (ESRCH otherwise, e.g. a thread id used as
     * a tgid, or a thread that has exited).
     */
    static long tgkill(Task t, Args a) {
        int tgid = a.i32(0), tid = a.i32(1);
        if (tgid <= 0) throw new ErrnoException(Errno.EINVAL);
        if (tid > 0) {
            Task target = t.kernel().task(tid);
            if (target != null && target.group().pid() != tgid) throw new ErrnoException(Errno.ESRCH);
        }
        return LifecycleSyscalls.signalTid(t, tid, a.i32(2));
    }

    /** rt_sigqueueinfo implements Linux syscall rt_sigqueueinfo(2). */
    static long rtSigqueueinfo(Task t, Args a) {
        int pid = a.i32(0), sig = a.i32(1);
        SigInfo info = userInfo(t, sig, a.u64(2), pid == t.group().pid());
        // kill_proc_info looks the pid up among all tasks: a non-leader thread's id names its process.
        ThreadGroup g = pid > 0 ? t.kernel().tree().get(pid) : null;
        if (g == null && pid > 0) {
            Task thread = t.kernel().task(pid);
            if (thread != null) g = thread.group();
        }
        if (g == null) throw new ErrnoException(Errno.ESRCH);
        if (sig != 0) g.signals().sendToProcess(info, g == t.group() ? t.signals() : null, false);
        return 0;
    }

    /** rt_tgsigqueueinfo implements Linux syscall rt_tgsigqueueinfo(2). */
    static long rtTgsigqueueinfo(Task t, Args a) {
        int tgid = a.i32(0), tid = a.i32(1), sig = a.i32(2);
        if (tgid <= 0 || tid <= 0) throw new ErrnoException(Errno.EINVAL);
        SigInfo info = userInfo(t, sig, a.u64(3), tid == t.tid());
        Task target = t.kernel().task(tid);
        if (target == null || target.group().pid() != tgid) throw new ErrnoException(Errno.ESRCH);
        if (sig != 0) target.group().signals().sendToThread(target.signals(), info, false);
        return 0;
    }

    static SigInfo userInfo(Task t, int sig, long va, boolean toSelf) {
        if (sig < 0 || sig > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
        byte[] raw = new byte[SigInfo.SIZE];
        t.mm().read(va, raw, 0, raw.length);
        SigInfo info = SigInfo.fromUser(sig, raw);
        info.checkQueueableByUser(toSelf);
        return info;
    }

    /** alarm implements Linux syscall alarm(2): returns the seconds left on the old alarm. */
    static long alarm(Task t, Args a) {
        RealTimer rt = t.group().realTimer(t.kernel().timers());
        long[] old = rt.set(a.u32(0) * NS, 0);
        return old[0] == 0 ? 0 : (old[0] + NS / 2) / NS == 0 ? 1 : (old[0] + NS / 2) / NS;
    }

    /** setitimer implements Linux syscall setitimer(2); a null new value disarms, as Linux treats it. */
    static long setitimer(Task t, Args a) {
        int which = a.i32(0);
        long[] old;
        long value = 0, interval = 0;
        if (a.u64(1) != 0) {
            interval = readTimeval(t, a.u64(1));
            value = readTimeval(t, a.u64(1) + 16);
        }
        switch (which) {
            case ITIMER_REAL:
                old = t.group().realTimer(t.kernel().timers()).set(value, interval);
                break;
            case ITIMER_VIRTUAL: case ITIMER_PROF:
                old = t.group().cpuTimers().set(which, value, interval, cpuSample(t, which));
                break;
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
        if (a.u64(2) != 0) writeItimerval(t, a.u64(2), old);
        return 0;
    }

    /** getitimer implements Linux syscall getitimer(2). */
    static long getitimer(Task t, Args a) {
        long[] cur;
        switch (a.i32(0)) {
            case ITIMER_REAL: cur = t.group().realTimer(t.kernel().timers()).get(); break;
            case ITIMER_VIRTUAL: case ITIMER_PROF:
                cur = t.group().cpuTimers().get(a.i32(0), cpuSample(t, a.i32(0)));
                break;
            default: throw new ErrnoException(Errno.EINVAL);
        }
        writeItimerval(t, a.u64(1), cur);
        return 0;
    }

    /** The process CPU time an itimer counts: user time (VIRTUAL) or user + system (PROF). */
    private static long cpuSample(Task t, int which) {
        long[] c = t.group().cpuTimes();
        return which == ITIMER_VIRTUAL ? c[0] : c[0] + c[1];
    }

    private static long readTimeval(Task t, long va) {
        long sec = t.mm().readLong(va), usec = t.mm().readLong(va + 8);
        if (sec < 0 || usec < 0 || usec >= 1_000_000) throw new ErrnoException(Errno.EINVAL);
        return sec * NS + usec * 1000;
    }

    /** struct itimerval: it_interval then it_value, timevals rounded up to microseconds. */
    private static void writeItimerval(Task t, long va, long[] remainingAndInterval) {
        long value = remainingAndInterval[0], interval = remainingAndInterval[1];
        t.mm().writeLong(va, interval / NS);
        t.mm().writeLong(va + 8, (interval % NS + 999) / 1000);
        t.mm().writeLong(va + 16, value / NS);
        t.mm().writeLong(va + 24, (value % NS + 999) / 1000);
    }

    private static PosixTimers timers(Task t) {
        return t.group().posixTimers(t.kernel().timers());
    }

    /** timer_create implements Linux syscall timer_create(2) (struct sigevent: value, signo, notify, tid). */
    static long timerCreate(Task t, Args a) {
        int clock = a.i32(0);
        TimeSyscalls.now(t, clock); // validates the clock
        long sev = a.u64(1);
        int notify = PosixTimers.SIGEV_SIGNAL, signo = Signals.SIGALRM;
        Long value = null;
        Task target = null;
        if (sev != 0) {
            value = t.mm().readLong(sev);
            signo = t.mm().readInt(sev + 8);
            notify = t.mm().readInt(sev + 12);
            if (notify == PosixTimers.SIGEV_THREAD_ID) {
                target = t.kernel().task(t.mm().readInt(sev + 16));
                if (target == null || target.group() != t.group()) throw new ErrnoException(Errno.EINVAL);
            }
        }
        CpuClock cpu = CpuClock.isCpuClock(clock) ? CpuClock.of(t, clock) : null;
        int id = timers(t).create(clock, cpu, notify, signo, value, target);
        t.mm().writeInt(a.u64(2), id);
        return 0;
    }

    /**
     * timer_settime implements Linux syscall timer_settime(2) (struct itimerspec: interval,
     * value). Linux's order: a NULL new value is EINVAL, then it is copied in (EFAULT) and
     * checked (EINVAL), then the timer is looked up (EINVAL), then the old value copied out.
     */
    static long timerSettime(Task t, Args a) {
        int id = a.i32(0);
        boolean abs = (a.i32(1) & 1) != 0; // TIMER_ABSTIME
        if (a.u64(2) == 0) throw new ErrnoException(Errno.EINVAL);
        byte[] its = new byte[32];
        t.mm().read(a.u64(2), its, 0, its.length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(its).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long interval = timespecNanos(b.getLong(0), b.getLong(8));
        long value = timespecNanos(b.getLong(16), b.getLong(24));
        boolean armed = value != 0;
        if (abs && armed) value -= TimeSyscalls.now(t, timers(t).clock(id));
        long[] old = timers(t).set(id, armed, value, interval);
        if (a.u64(3) != 0) writeItimerspec(t, a.u64(3), old);
        return 0;
    }

    /** A timespec's nanoseconds: negative fields or tv_nsec of a second or more are EINVAL. */
    private static long timespecNanos(long sec, long nsec) {
        if (sec < 0 || nsec < 0 || nsec >= 1_000_000_000L) throw new ErrnoException(Errno.EINVAL);
        return sec > Long.MAX_VALUE / 1_000_000_000L ? Long.MAX_VALUE : sec * 1_000_000_000L + nsec;
    }

    /** timer_gettime implements Linux syscall timer_gettime(2). */
    static long timerGettime(Task t, Args a) {
        writeItimerspec(t, a.u64(1), timers(t).get(a.i32(0), true));
        return 0;
    }

    private static void writeItimerspec(Task t, long va, long[] remainingAndInterval) {
        TimeSyscalls.writeTimespec(t, va, remainingAndInterval[1]);
        TimeSyscalls.writeTimespec(t, va + 16, remainingAndInterval[0]);
    }
}
