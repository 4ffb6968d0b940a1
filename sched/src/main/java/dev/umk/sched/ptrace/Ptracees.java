package dev.umk.sched.ptrace;

import dev.umk.sched.ProcessTree;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every traced task and every traced task that exited unreaped, and what wait(2) finds among
 * them for a tracer (Linux's tracer->ptraced lists and ptrace_do_wait). One per process tree.
 *
 * <p>Preconditions for every method: the process tree lock (passed in at construction) is held.
 */
public final class Ptracees {
    /** A tracee that ended while traced by someone other than its parent, awaiting its tracer's wait. */
    record Zombie(Task task, Task tracer, int status) {}

    private final Object treeLock;
    final List<Task> traced = new ArrayList<>();
    final List<Zombie> zombies = new ArrayList<>();

    public Ptracees(Object treeLock) {
        this.treeLock = treeLock;
    }

    /** The lock guarding the links: the process tree lock. */
    public Object lock() {
        return treeLock;
    }

    /** Traced tasks whose tracer is a thread of {@code g}. */
    List<Task> tracedBy(ThreadGroup g) {
        List<Task> l = new ArrayList<>();
        for (Task t : traced) {
            Task r = t.ptrace().tracer;
            if (r != null && r.group() == g) l.add(t);
        }
        return l;
    }

    /**
     * True if the process {@code child} is traced by a thread of {@code g}: its stops are then
     * reported to {@code g} as ptrace-stops only, not also as job-control stops.
     */
    public boolean tracedByGroup(ThreadGroup child, ThreadGroup g) {
        for (Task t : traced) {
            Task r = t.ptrace().tracer;
            if (t.group() == child && r != null && r.group() == g) return true;
        }
        return false;
    }

    /** __WCLONE/__WALL: a thread, or a child with another exit signal, is a "clone" child. */
    private static boolean eligible(Task t, int options) {
        if ((options & ProcessTree.WALL) != 0) return true;
        boolean clone = t.tid() != t.group().pid() || t.group().exitSignal() != Signals.SIGCHLD;
        return clone == ((options & ProcessTree.WCLONE) != 0);
    }

    /**
     * ptrace_do_wait for the tracer process {@code self}: an unreported ptrace-stop, or the
     * exit of a tracee it must reap, among the tracees {@code matches} accepts. {@code any}[0]
     * is set when a tracee matches at all (wait's ECHILD otherwise).
     */
    public ProcessTree.WaitResult waitLocked(ThreadGroup self, Predicate<Task> matches, int options, boolean[] any) {
        boolean consume = (options & ProcessTree.WNOWAIT) == 0;
        for (int i = 0; i < zombies.size(); i++) {
            Zombie z = zombies.get(i);
            if (z.tracer.group() != self || !matches.test(z.task) || !eligible(z.task, options)) continue;
            any[0] = true;
            if ((options & ProcessTree.WEXITED) == 0) continue;
            if (consume) zombies.remove(i);
            return new ProcessTree.WaitResult(z.task.tid(), z.status, z.task.group().uid());
        }
        for (Task t : traced) {
            Task r = t.ptrace().tracer;
            if (r == null || r.group() != self || !matches.test(t) || !eligible(t, options)) continue;
            any[0] = true;
            int code = t.ptrace().waitCode(consume);
            if (code != 0) {
                return new ProcessTree.WaitResult(t.tid(), PtraceAbi.stoppedStatus(code), t.group().uid(), true);
            }
        }
        return null;
    }
}
