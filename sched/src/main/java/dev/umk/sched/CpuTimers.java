package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;
import java.util.List;

/**
 * A process's CPU-time timers, the process-wide part of Linux's kernel/time/itimer.c and
 * posix-cpu-timers.c: ITIMER_VIRTUAL (user time, SIGVTALRM), ITIMER_PROF (user + system
 * time, SIGPROF), RLIMIT_CPU (SIGXCPU at the soft limit and every second after it, SIGKILL
 * at the hard limit) and timer_create's timers on CPU clocks ({@link PosixTimers}).
 *
 * <p>They are checked where CPU time is charged: after every trap ({@link TaskLoop}) and on
 * the scheduler tick for every task in guest code ({@link #tick}), so a CPU-bound process
 * that never traps still gets its signal within a tick of the expiry; the signal's wake-up
 * interrupts the running task's CPU. An interval timer re-arms from its previous expiry (the
 * overrun carries into the next period), one period per check, as check_cpu_itimer does.
 *
 * <p>A fork child starts with both itimers cleared (its new ThreadGroup has new CpuTimers);
 * execve keeps them.
 *
 * <p>Lock: {@code this} guards the itimers; it is taken before the {@link Rlimits} lock and
 * never with a ThreadGroup's; signals are sent after it is released.
 */
public final class CpuTimers {
    public static final int ITIMER_VIRTUAL = 1, ITIMER_PROF = 2;
    private static final long NS = 1_000_000_000L;
    /** Nanoseconds getitimer shows for a timer that is due but has not fired yet. */
    private static final long DUE = 1_000;

    /** Absolute expiry in the timer's CPU time (0: disarmed), by ITIMER_VIRTUAL/ITIMER_PROF. */
    private final long[] expires = new long[3];
    private final long[] incr = new long[3];
    /** Either itimer is armed: the fast path of {@link #check} reads only this. */
    private volatile boolean armed;

    /** getitimer: {remaining, interval} given the timer's clock now ({@code sample}). */
    public synchronized long[] get(int which, long sample) {
        check(which);
        long e = expires[which];
        long left = e == 0 ? 0 : e <= sample ? DUE : e - sample;
        return new long[] {left, incr[which]};
    }

    /**
     * setitimer: arms ({@code value > 0}, expiring at {@code sample + value}) or disarms;
     * the interval is kept either way, as Linux keeps it. Returns the old {remaining, interval}.
     */
    public synchronized long[] set(int which, long value, long interval, long sample) {
        long[] old = get(which, sample);
        expires[which] = value > 0 ? sample + value : 0;
        incr[which] = interval;
        armed = expires[ITIMER_VIRTUAL] != 0 || expires[ITIMER_PROF] != 0;
        return old;
    }

    /**
     * check_cpu_itimer: if the timer is due at {@code sample}, re-arms it one interval after
     * its expiry (or disarms it) and returns its signal, else 0.
     */
    synchronized int expire(int which, long sample) {
        long e = expires[which];
        if (e == 0 || sample < e) return 0;
        expires[which] = incr[which] > 0 ? e + incr[which] : 0;
        armed = expires[ITIMER_VIRTUAL] != 0 || expires[ITIMER_PROF] != 0;
        return which == ITIMER_PROF ? Signals.SIGPROF : Signals.SIGVTALRM;
    }

    /**
     * check_process_timers' RLIMIT_CPU part, at {@code profNanos} of process CPU time:
     * SIGKILL at the hard limit; SIGXCPU at the soft limit, which then moves one second on
     * (so the next SIGXCPU comes a second later, and getrlimit shows the raised limit, as in
     * Linux). Returns the signal to send, or 0.
     */
    synchronized int rlimitCpu(Rlimits rl, long profNanos) {
        long soft = rl.cur(Rlimits.CPU), hard = rl.max(Rlimits.CPU);
        if (reached(hard, profNanos)) return Signals.SIGKILL;
        if (!reached(soft, profNanos)) return 0;
        rl.raiseSoft(Rlimits.CPU, soft, soft + 1);
        return Signals.SIGXCPU;
    }

    private static boolean reached(long limitSeconds, long nanos) {
        if (limitSeconds == Rlimits.INFINITY || limitSeconds < 0 || limitSeconds > Long.MAX_VALUE / NS) return false;
        return nanos >= limitSeconds * NS;
    }

    /** Whether {@link #check} has anything to look at for this process. */
    boolean active(ThreadGroup g) {
        if (armed || g.rlimits().cur(Rlimits.CPU) != Rlimits.INFINITY) return true;
        PosixTimers pt = g.posixTimersIfMade();
        return pt != null && pt.cpuArmed();
    }

    /**
     * Runs every CPU timer of {@code g} against its CPU time at {@code now} and sends what is
     * due, process-directed with the kernel's siginfo (SI_KERNEL, as Linux's SEND_SIG_PRIV
     * gives), preferring {@code current}, the task whose time expired them.
     */
    void check(ThreadGroup g, Task current, long now) {
        if (!active(g)) return;
        long[] c = g.cpuTimes(now);
        long virt = c[0], prof = c[0] + c[1];
        int sigProf = expire(ITIMER_PROF, prof);
        int sigVirt = expire(ITIMER_VIRTUAL, virt);
        int sigLimit = rlimitCpu(g.rlimits(), prof);
        TaskSignals preferred = current == null ? null : current.signals();
        send(g, sigProf, preferred);
        send(g, sigVirt, preferred);
        send(g, sigLimit, preferred);
        PosixTimers pt = g.posixTimersIfMade();
        if (pt != null && pt.cpuArmed()) pt.checkCpu(now);
    }

    private static void send(ThreadGroup g, int sig, TaskSignals preferred) {
        if (sig == 0 || g.state() != ThreadGroup.State.RUNNING) return;
        g.signals().sendToProcess(SigInfo.kernel(sig), preferred, false);
    }

    /**
     * The scheduler tick's part (Linux's run_posix_cpu_timers from the timer interrupt):
     * checks the process of every task holding a vCPU, once per process.
     */
    static void tick(List<Task> running, long now) {
        for (int i = 0; i < running.size(); i++) {
            Task t = running.get(i);
            ThreadGroup g = t.group();
            boolean seen = false;
            for (int j = 0; j < i && !seen; j++) seen = running.get(j).group() == g;
            if (!seen) g.cpuTimers().check(g, t, now);
        }
    }

    private static void check(int which) {
        if (which != ITIMER_VIRTUAL && which != ITIMER_PROF) throw new ErrnoException(Errno.EINVAL);
    }
}
