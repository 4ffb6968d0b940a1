package dev.umk.sched.ptrace;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import dev.umk.sched.signal.SigInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * The tracer's requests that change who traces whom or let a tracee run (kernel/ptrace.c):
 * TRACEME, ATTACH, SEIZE, DETACH, KILL, INTERRUPT, LISTEN, the resume requests, SETOPTIONS,
 * and what a tracer's exit does to its tracees. Register and memory requests are the syscall
 * layer's, after {@link #checkAttach}.
 *
 * <p>Lock ordering: the process tree lock, then a tracee's {@link TaskPtrace} monitor.
 * Signals are sent with neither held.
 */
public final class Ptrace {
    private Ptrace() {}

    private static Ptracees links(Task t) {
        return t.kernel().tree().ptracees();
    }

    /** CAP_SYS_PTRACE: access to any process, whatever its ids. */
    private static final int CAP_SYS_PTRACE = 19;

    /**
     * ptrace_may_access with REALCREDS (ptrace, process_vm_readv, pidfd_getfd, kcmp): the
     * caller's own process, or one whose real, effective and saved uids and gids all equal
     * the caller's real ones and that is dumpable, or any with CAP_SYS_PTRACE.
     */
    public static boolean mayAccess(Task caller, Task target) {
        return mayAccess(caller, target.group(), target.dumpable());
    }

    /** {@link #mayAccess(Task, Task)} for a process, dumpable as its first thread says. */
    public static boolean mayAccess(Task caller, ThreadGroup target) {
        Task any = target.anyTask();
        return mayAccess(caller, target, any == null ? 1 : any.dumpable());
    }

    private static boolean mayAccess(Task caller, ThreadGroup target, int dumpable) {
        if (caller.group() == target) return true;
        Credentials c = caller.group().cred();
        if (c.capable(CAP_SYS_PTRACE)) return true;
        Credentials t = target.cred();
        boolean same = c.ruid() == t.euid() && c.ruid() == t.suid() && c.ruid() == t.ruid()
                && c.rgid() == t.egid() && c.rgid() == t.sgid() && c.rgid() == t.rgid();
        return same && dumpable == 1;
    }

    /** PTRACE_TRACEME: the parent becomes the tracer. EPERM if already traced. */
    public static void traceme(Task self) {
        Ptracees l = links(self);
        synchronized (l.lock()) {
            TaskPtrace p = self.ptrace();
            if (p.tracer != null) throw new ErrnoException(Errno.EPERM);
            ThreadGroup parent = self.group().parentGroup();
            Task tracer = parent == null ? null : parent.anyTask();
            if (tracer == null) throw new ErrnoException(Errno.EPERM);
            link(l, self, tracer, false, 0);
        }
    }

    /**
     * PTRACE_ATTACH (SIGSTOP follows) and PTRACE_SEIZE (with {@code options}; nothing sent;
     * EIO for unknown options, as ptrace_attach checks them first). EPERM for a thread of the caller's own process, a tracee already traced, an exiting one,
     * or without permission; a tracee in a job-control stop re-traps for its new tracer.
     */
    public static void attach(Task tracer, Task target, boolean seize, int options) {
        if (seize && (options & ~PtraceAbi.O_MASK) != 0) throw new ErrnoException(Errno.EIO);
        if (target.group() == tracer.group()) throw new ErrnoException(Errno.EPERM);
        if (target.exiting() || target.signals() == null) throw new ErrnoException(Errno.EPERM);
        if (!mayAccess(tracer, target)) throw new ErrnoException(Errno.EPERM);
        Ptracees l = links(tracer);
        synchronized (l.lock()) {
            if (target.ptrace().tracer != null) throw new ErrnoException(Errno.EPERM);
            link(l, target, tracer, seize, seize ? options : 0);
        }
        var ps = target.group().signals();
        if (!seize) ps.sendToThread(target.signals(), SigInfo.kernel(Signals.SIGSTOP), true);
        if (ps.ptrace().taskStopped(target.signals())) {
            target.ptrace().setTrapStop(true);
            ps.ptrace().ptraceWake(target.signals());
        }
    }

    private static void link(Ptracees l, Task tracee, Task tracer, boolean seize, int options) {
        tracee.ptrace().link(tracer, seize, options);
        l.traced.add(tracee);
        tracee.group().signals().ptrace().setPtraced(tracee.signals(), true);
    }

    /**
     * A child created by a traced task is traced by the same tracer with the same options
     * (ptrace_init_task): an attached one starts with SIGSTOP pending, a seized one with a
     * PTRACE_EVENT_STOP trap due. Called before the child first runs.
     */
    public static void attachChild(Task parent, Task child) {
        Ptracees l = links(parent);
        boolean seize;
        synchronized (l.lock()) {
            TaskPtrace pp = parent.ptrace();
            if (pp.tracer == null) return;
            seize = pp.seized;
            link(l, child, pp.tracer, seize, pp.options);
        }
        if (seize) {
            child.ptrace().setTrapStop(true);
        } else {
            child.group().signals().sendToThread(child.signals(), SigInfo.user(Signals.SIGSTOP, 0, 0), true);
        }
    }

    /** Unlinks {@code tracee} and lets it go with {@code sig} (__ptrace_detach). Tree lock held. */
    private static void unlinkLocked(Ptracees l, Task tracee, int sig) {
        l.traced.remove(tracee);
        tracee.ptrace().unlink(sig);
        tracee.group().signals().ptrace().setPtraced(tracee.signals(), false);
    }

    /** ptrace_check_attach: {@code tracee} is traced by {@code caller} and (unless {@code anyState}) stopped. */
    public static void checkAttach(Task caller, Task tracee, boolean anyState) {
        TaskPtrace p = tracee.ptrace();
        if (anyState) {
            synchronized (links(caller).lock()) {
                if (p.tracer != caller) throw new ErrnoException(Errno.ESRCH);
            }
            return;
        }
        p.checkStopped(caller);
    }

    /** Resumes a stopped tracee (CONT, SYSCALL, SYSEMU, SINGLESTEP) with signal {@code sig}; EIO for a bad signal. */
    public static void resume(Task caller, Task tracee, TaskPtrace.Mode mode, long sig) {
        if (sig < 0 || sig > Signals.NSIG) throw new ErrnoException(Errno.EIO);
        checkAttach(caller, tracee, false);
        tracee.ptrace().resume(mode, (int) sig);
    }

    /** PTRACE_DETACH: the tracee goes free, with {@code sig} if stopped at a signal. */
    public static void detach(Task caller, Task tracee, long sig) {
        if (sig < 0 || sig > Signals.NSIG) throw new ErrnoException(Errno.EIO);
        checkAttach(caller, tracee, false);
        Ptracees l = links(caller);
        synchronized (l.lock()) {
            if (tracee.ptrace().tracer != caller) throw new ErrnoException(Errno.ESRCH);
            unlinkLocked(l, tracee, (int) sig);
        }
    }

    /** PTRACE_KILL: a stopped tracee resumes with SIGKILL; a running one is left alone, as in Linux. */
    public static void kill(Task caller, Task tracee) {
        checkAttach(caller, tracee, true);
        try {
            tracee.ptrace().resume(TaskPtrace.Mode.CONT, Signals.SIGKILL);
        } catch (ErrnoException notStopped) {
            // ptrace_resume of a running task changes nothing
        }
    }

    /** PTRACE_INTERRUPT: a seized tracee traps with PTRACE_EVENT_STOP as soon as it can. EIO if not seized. */
    public static void interrupt(Task caller, Task tracee) {
        checkAttach(caller, tracee, true);
        TaskPtrace p = tracee.ptrace();
        if (!p.seizedLocked()) throw new ErrnoException(Errno.EIO);
        p.setTrapStop(true);
        // The wake-up also makes a listening tracee leave its stop and re-trap.
        tracee.group().signals().ptrace().ptraceWake(tracee.signals());
        p.wakeListener();
    }

    /** PTRACE_LISTEN: EIO unless seized and stopped at PTRACE_EVENT_STOP. */
    public static void listen(Task caller, Task tracee) {
        checkAttach(caller, tracee, false);
        TaskPtrace p = tracee.ptrace();
        if (!p.seizedLocked()) throw new ErrnoException(Errno.EIO);
        p.listen();
    }

    /** PTRACE_SETOPTIONS. EINVAL for unknown bits. */
    public static void setOptions(Task caller, Task tracee, long options) {
        if ((options & ~(long) PtraceAbi.O_MASK) != 0) throw new ErrnoException(Errno.EINVAL);
        checkAttach(caller, tracee, false);
        tracee.ptrace().options = (int) options;
    }

    /**
     * exit_ptrace: {@code tracer} is exiting; its tracees go free, or are killed when they
     * asked for PTRACE_O_EXITKILL.
     */
    public static void exitTracer(Task tracer) {
        Ptracees l = links(tracer);
        List<Task> kill = new ArrayList<>();
        synchronized (l.lock()) {
            for (Task t : new ArrayList<>(l.traced)) {
                if (t.ptrace().tracer != tracer) continue;
                if ((t.ptrace().options & PtraceAbi.O_EXITKILL) != 0) kill.add(t);
                unlinkLocked(l, t, 0);
            }
            l.zombies.removeIf(z -> z.tracer() == tracer);
        }
        for (Task t : kill) {
            if (t.signals() != null) t.group().signals().sendToThread(t.signals(), SigInfo.kernel(Signals.SIGKILL), true);
        }
    }

    /**
     * A traced task ended with wait status {@code status}: it is unlinked, and unless its
     * tracer's process is also its parent (which reaps the process as usual) the tracer gets
     * SIGCHLD and reaps it with wait. {@code last}: it was its process's last thread.
     */
    public static void traceeExited(Task t, int status, boolean last) {
        Ptracees l = links(t);
        Task tracer;
        synchronized (l.lock()) {
            tracer = t.ptrace().tracer;
            if (tracer == null) return;
            unlinkLocked(l, t, 0);
            boolean parentReaps = last && t.group().parentGroup() == tracer.group();
            if (parentReaps) return;
            l.zombies.add(new Ptracees.Zombie(t, tracer, status));
        }
        long[] c = t.group().cpuTimes();
        tracer.group().signals().notifyChildExit(Signals.SIGCHLD, t.tid(), t.group().uid(), status, c[0], c[1]);
        t.kernel().tree().notifyWaiters();
    }

    /** /proc/PID/status TracerPid: the tracer's thread id, or 0. */
    public static int tracerPid(Task t) {
        Task r = t.ptrace().tracer();
        return r == null ? 0 : r.tid();
    }
}
