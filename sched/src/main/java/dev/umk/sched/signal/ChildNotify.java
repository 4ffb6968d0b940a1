package dev.umk.sched.signal;

import dev.umk.sched.ExitStatus;
import dev.umk.sched.SigAction;
import dev.umk.sched.Signals;

/**
 * What a parent hears about its child (kernel/signal.c do_notify_parent and
 * do_notify_parent_cldstop): the SIGCHLD siginfo, and whether it is sent at all given the
 * parent's SIGCHLD disposition. The parent's wait queue is woken in every case.
 */
public final class ChildNotify {
    private ChildNotify() {}

    /** Clock ticks per second of si_utime/si_stime and times(2) (USER_HZ). */
    public static final long USER_HZ = 100;

    /** What the parent gets when a child exits. */
    public record ExitNotice(int signal, boolean autoreap) {}

    public static long clockTicks(long nanos) {
        return nanos / (1_000_000_000L / USER_HZ);
    }

    /**
     * The siginfo for a child that ended with wait status {@code status}: CLD_DUMPED or
     * CLD_KILLED with the signal, or CLD_EXITED with the exit code. {@code uid} is the
     * child's real uid.
     */
    public static SigInfo exited(int exitSignal, int pid, int uid, int status, long utimeNanos,
            long stimeNanos) {
        int code;
        int siStatus;
        if (ExitStatus.coreDumped(status)) {
            code = SigInfo.CLD_DUMPED;
            siStatus = ExitStatus.termSig(status);
        } else if (ExitStatus.termSig(status) != 0) {
            code = SigInfo.CLD_KILLED;
            siStatus = ExitStatus.termSig(status);
        } else {
            code = SigInfo.CLD_EXITED;
            siStatus = ExitStatus.exitCode(status);
        }
        return SigInfo.child(exitSignal, code, pid, uid, siStatus, clockTicks(utimeNanos), clockTicks(stimeNanos));
    }

    /**
     * do_notify_parent's decision: a parent ignoring SIGCHLD or with SA_NOCLDWAIT does not
     * wait for the child, which is reaped at once; with SIG_IGN no signal is sent either.
     * Only applies to SIGCHLD as the exit signal; 0 means none.
     */
    public static ExitNotice onExit(int exitSignal, SigAction parentSigchld) {
        if (exitSignal != Signals.SIGCHLD) return new ExitNotice(exitSignal, false);
        boolean ignored = parentSigchld.handler() == SigAction.SIG_IGN;
        boolean nocldwait = SaFlags.has(parentSigchld.flags(), SaFlags.SA_NOCLDWAIT);
        return new ExitNotice(ignored ? 0 : exitSignal, ignored || nocldwait);
    }

    /**
     * do_notify_parent_cldstop's siginfo: CLD_STOPPED with the stop signal, or CLD_CONTINUED
     * with SIGCONT.
     */
    public static SigInfo stopped(int why, int pid, int uid, int stopSig, long utimeNanos, long stimeNanos) {
        int status = why == SigInfo.CLD_CONTINUED ? Signals.SIGCONT : stopSig & 0x7f;
        return SigInfo.child(Signals.SIGCHLD, why, pid, uid, status, clockTicks(utimeNanos), clockTicks(stimeNanos));
    }

    /** A stop or continue is signalled unless the parent ignores SIGCHLD or set SA_NOCLDSTOP. */
    public static boolean sendsStopNotice(SigAction parentSigchld) {
        return parentSigchld.handler() != SigAction.SIG_IGN
                && !SaFlags.has(parentSigchld.flags(), SaFlags.SA_NOCLDSTOP);
    }
}
