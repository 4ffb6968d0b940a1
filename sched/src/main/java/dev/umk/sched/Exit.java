package dev.umk.sched;

import dev.umk.mm.AddressSpace;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ptrace.PtraceStops;

/** How tasks and processes end: exit, exit_group, death by signal (kernel/exit.c). */
public final class Exit {
    private Exit() {}

    /** exit_group / fatal signal: every task of the group stops, with {@code status}. */
    public static void group(Task self, int status) {
        CoreDumper.joinDump(self); // a core dump under way needs this thread's registers first
        ThreadGroup g = self.group();
        int st = g.signals().groupExit(status, self.signals());
        g.setExitStatus(st);
        self.exit();
        killOthers(g, self);
    }

    /** exit(2): only this thread ends; the group ends with {@code code} if it was the last. */
    public static void thread(Task self, int code) {
        self.setExitCode(code);
        self.exit();
    }

    private static void killOthers(ThreadGroup g, Task except) {
        Task[] tasks;
        synchronized (g) {
            tasks = g.tasks.toArray(new Task[0]);
        }
        // Killing the stub is quickest, unless another process shares it (CLONE_VM).
        AddressSpace mm = g.mm();
        boolean sharedVm = mm != null && mm.users() > 1;
        for (Task t : tasks) {
            if (t == except) continue;
            t.exit();
            if (!sharedVm && t.cpu() != null) t.cpu().killProcess();
            t.kick();
        }
    }

    /**
     * Called on the task's own thread once its run loop has ended: releases the CPU, and when
     * it was the group's last task, the process's resources, then makes it a zombie.
     */
    static void taskDone(Task t) {
        ThreadGroup g = t.group();
        Kernel k = t.kernel();
        int status = g.exitStatus() != -1 ? g.exitStatus() : ExitStatus.exited(t.exitCode());
        PtraceStops.exitEvent(t, status);
        Ptrace.exitTracer(t);
        boolean last;
        synchronized (g) {
            g.tasks.remove(t);
            g.chargeDeadTask(t);
            last = g.tasks.isEmpty();
        }
        Ptrace.traceeExited(t, status, last);
        if (t.signals() != null) {
            int why = g.signals().removeThread(t.signals());
            if (why != 0 && g.parent != null) {
                long[] c = g.cpuTimes();
                g.parent.signals().notifyChildStop(why, g.pid(), g.uid(), Signals.SIGSTOP, c[0], c[1]);
            }
        }
        k.removeTask(t);
        RobustList.release(k, g.mm(), t.robustList(), t.tid());
        // mm_release: the clear-and-wake matters only to someone else using the memory.
        if (t.clearChildTid() != 0 && (!last || (g.mm() != null && g.mm().users() > 1))) {
            try {
                g.mm().writeInt(t.clearChildTid(), 0);
                k.futexes().wake(g.mm(), t.clearChildTid(), true, 1, Futexes.BITSET_ANY);
            } catch (RuntimeException ignored) {
                // CLONE_CHILD_CLEARTID to a bad address is ignored, as in Linux
            }
        }
        t.releaseVfork();
        if (!last) {
            if (t.cpu() != null) t.cpu().destroy();
            return;
        }
        // The stub is stopped or dead and never runs guest code again, so its frames may go
        // and the parent may reap before the host process is torn down.
        g.cancelTimers();
        if (g.sid() == g.pid() && g.ctty() != null) g.ctty().disassociate(true);
        AddressSpace mm = g.mm();
        if (mm != null) mm.mmput();
        if (g.files() != null) g.files().release();
        if (g.fs() != null) g.fs().release();
        g.setExitStatus(ExitStatus.exited(t.exitCode()));
        boolean autoreap = false;
        ThreadGroup parent = g.parent;
        if (parent != null) {
            long[] c = g.cpuTimes();
            autoreap = parent.signals().notifyChildExit(g.exitSignal, g.pid(), g.uid(), g.exitStatus(), c[0], c[1]);
        }
        k.tree().exited(g, autoreap);
        if (t.cpu() != null) t.cpu().destroy();
    }
}
