package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every process and the parent/child tree, under one lock (Linux's tasklist_lock): lookups
 * by pid, reparenting orphans to init, zombies, and wait(2).
 *
 * <p>Lock ordering: {@link #lock} first, then any ThreadGroup's own monitor.
 */
public final class ProcessTree {
    public static final int P_ALL = 0, P_PID = 1, P_PGID = 2;
    public static final int WNOHANG = 1, WUNTRACED = 2, WEXITED = 4, WCONTINUED = 8,
            WNOWAIT = 0x01000000, WNOTHREAD = 0x20000000, WALL = 0x40000000, WCLONE = 0x80000000;

    /** The tree lock; also the monitor waiters sleep on. */
    final Object lock = new Object();
    private final Map<Integer, ThreadGroup> groups = new HashMap<>();
    private ThreadGroup init;
    /** Traced tasks and their tracers' unreaped exits, under {@link #lock}. */
    private final dev.umk.sched.ptrace.Ptracees ptracees = new dev.umk.sched.ptrace.Ptracees(lock);

    /** The ptrace links (guarded by this tree's lock). */
    public dev.umk.sched.ptrace.Ptracees ptracees() {
        return ptracees;
    }

    /** Adds a new process under {@code parent} (null for init). */
    void add(ThreadGroup g, ThreadGroup parent) {
        synchronized (lock) {
            groups.put(g.pid(), g);
            g.parent = parent;
            if (parent == null) {
                init = g;
                g.pgid = g.pid();
                g.sid = g.pid();
            } else {
                parent.children.add(g);
                g.pgid = parent.pgid;
                g.sid = parent.sid;
            }
        }
    }

    /** Whether {@code id} names a process (a zombie too), a process group or a session. */
    boolean idInUse(int id) {
        synchronized (lock) {
            if (groups.containsKey(id)) return true;
            for (ThreadGroup g : groups.values()) if (g.pgid == id || g.sid == id) return true;
            return false;
        }
    }

    public ThreadGroup get(int pid) {
        synchronized (lock) {
            ThreadGroup g = groups.get(pid);
            return g == null || g.state == ThreadGroup.State.REAPED ? null : g;
        }
    }

    /** Live processes (not zombies), for /proc and kill(-1). */
    public List<ThreadGroup> all() {
        synchronized (lock) {
            List<ThreadGroup> l = new ArrayList<>();
            for (ThreadGroup g : groups.values()) if (g.state == ThreadGroup.State.RUNNING) l.add(g);
            return l;
        }
    }

    /** Members of a session that are still running. */
    public List<ThreadGroup> session(int sid) {
        synchronized (lock) {
            List<ThreadGroup> l = new ArrayList<>();
            for (ThreadGroup g : groups.values()) {
                if (g.sid == sid && g.state == ThreadGroup.State.RUNNING) l.add(g);
            }
            return l;
        }
    }

    /** Members of a process group that are still running. */
    public List<ThreadGroup> processGroup(int pgid) {
        synchronized (lock) {
            List<ThreadGroup> l = new ArrayList<>();
            for (ThreadGroup g : groups.values()) {
                if (g.pgid == pgid && g.state == ThreadGroup.State.RUNNING) l.add(g);
            }
            return l;
        }
    }

    /**
     * The group's last task ended: it becomes a zombie for its parent to reap, its children go
     * to init, and waiters wake. A parent that ignores SIGCHLD (or set SA_NOCLDWAIT) never
     * sees the zombie, as in Linux.
     */
    void exited(ThreadGroup g, boolean autoreap) {
        List<ThreadGroup> orphans;
        synchronized (lock) {
            orphans = new ArrayList<>(g.children);
            g.state = ThreadGroup.State.ZOMBIE;
            ThreadGroup reaper = newReaper(g);
            for (ThreadGroup c : new ArrayList<>(g.children)) {
                g.children.remove(c);
                if (reaper != null) {
                    c.parent = reaper;
                    reaper.children.add(c);
                } else {
                    c.parent = null;
                }
            }
            if (g.parent == null || autoreap) reap(g, false);
            lock.notifyAll();
        }
        PidFd.changed(g);
        // PR_SET_PDEATHSIG: children that asked are told their parent died.
        for (ThreadGroup c : orphans) {
            List<Task> ts;
            synchronized (c) {
                ts = new ArrayList<>(c.tasks);
            }
            for (Task t : ts) {
                int sig = t.pdeathSig();
                if (sig != 0 && t.signals() != null) {
                    c.signals().sendToThread(t.signals(), dev.umk.sched.signal.SigInfo.kernel(sig), false);
                }
            }
        }
    }

    /**
     * find_new_reaper: the nearest living ancestor that is a child subreaper
     * (PR_SET_CHILD_SUBREAPER), else init; null when init itself is exiting. Under the lock.
     */
    private ThreadGroup newReaper(ThreadGroup g) {
        for (ThreadGroup a = g.parent; a != null && a != init; a = a.parent) {
            if (a.childSubreaper() && a.state == ThreadGroup.State.RUNNING) return a;
        }
        return init != null && init != g ? init : null;
    }

    /**
     * Removes a dead process. Only a child reaped by wait adds its CPU times and peak RSS to
     * its parent's children totals (wait_task_zombie); one released unwaited (SIGCHLD
     * ignored, SA_NOCLDWAIT) adds nothing, as on Linux.
     */
    private void reap(ThreadGroup g, boolean waited) {
        g.state = ThreadGroup.State.REAPED;
        if (g.parent != null) {
            g.parent.children.remove(g);
        }
        if (g.parent != null && waited) {
            long[] own = g.cpuTimes();
            long maxRss = g.maxRssPages();
            synchronized (ProcessTree.class) {
                g.parent.childUtimeNanos += own[0] + g.childUtimeNanos;
                g.parent.childStimeNanos += own[1] + g.childStimeNanos;
                g.parent.childMaxRssPages = Math.max(g.parent.childMaxRssPages,
                        Math.max(maxRss, g.childMaxRssPages));
            }
        }
        groups.remove(g.pid());
    }

    /**
     * What wait4/waitid report about a child: pid, wait status, uid, its CPU times for the
     * rusage, and whether it is a ptrace stop (CLD_TRAPPED for waitid).
     */
    public record WaitResult(int pid, int status, int uid, long utimeNanos, long stimeNanos, boolean ptrace) {
        public WaitResult(int pid, int status, int uid) {
            this(pid, status, uid, 0, 0, false);
        }

        public WaitResult(int pid, int status, int uid, boolean ptrace) {
            this(pid, status, uid, 0, 0, ptrace);
        }

        WaitResult(int pid, int status, int uid, long utimeNanos, long stimeNanos) {
            this(pid, status, uid, utimeNanos, stimeNanos, false);
        }

        /** A report on a live child (stopped, continued) with its CPU times so far. */
        WaitResult(int pid, int status, int uid, ThreadGroup c) {
            this(pid, status, uid, c.cpuTimes());
        }

        private WaitResult(int pid, int status, int uid, long[] times) {
            this(pid, status, uid, times[0], times[1], false);
        }
    }

    /**
     * wait4/waitid: finds a child matching (idtype, id) with a reportable state change;
     * blocks unless WNOHANG.
     *
     * @return the result, or null for WNOHANG with matching children but nothing to report
     * @throws ErrnoException ECHILD when no child matches; ERESTARTSYS when interrupted
     */
    public WaitResult waitChild(ThreadGroup self, int idtype, int id, int options) {
        ThreadGroup[] reaped = new ThreadGroup[1];
        WaitResult r = waitChild(self, idtype, id, options, reaped);
        if (reaped[0] != null) PidFd.changed(reaped[0]); // outside the tree lock: pollers run callbacks
        return r;
    }

    private WaitResult waitChild(ThreadGroup self, int idtype, int id, int options, ThreadGroup[] reaped) {
        synchronized (lock) {
            for (;;) {
                boolean any = false;
                for (ThreadGroup c : self.children) {
                    if (!matches(c, idtype, id)) continue;
                    any = true;
                    boolean consume = (options & WNOWAIT) == 0;
                    if (c.state == ThreadGroup.State.ZOMBIE && (options & WEXITED) != 0) {
                        // The zombie's own times and those of the children it reaped (wait_task_zombie).
                        long[] own = c.cpuTimes();
                        WaitResult r = new WaitResult(c.pid(), c.exitStatus(), c.uid(),
                                own[0] + c.childUtimeNanos, own[1] + c.childStimeNanos);
                        if (consume) {
                            reap(c, true);
                            reaped[0] = c;
                        }
                        return r;
                    }
                    if (c.state != ThreadGroup.State.RUNNING) continue;
                    // A child this process traces reports its stops as ptrace-stops (below).
                    if ((options & WUNTRACED) != 0 && !ptracees.tracedByGroup(c, self)) {
                        int sig = c.signals().waitStopped(consume);
                        if (sig != 0) return new WaitResult(c.pid(), (sig << 8) | 0x7f, c.uid(), c);
                    }
                    if ((options & WCONTINUED) != 0 && c.signals().waitContinued(consume)) {
                        return new WaitResult(c.pid(), 0xffff, c.uid(), c);
                    }
                }
                boolean[] traced = {false};
                WaitResult pr = ptracees.waitLocked(self, t -> matchesTask(t, idtype, id), options, traced);
                if (pr != null) return pr;
                if (!any && !traced[0]) throw new ErrnoException(Errno.ECHILD);
                if ((options & WNOHANG) != 0) return null;
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    throw new ErrnoException(Errno.ERESTARTSYS);
                }
            }
        }
    }

    /** A tracee (a thread, maybe not our child) by tid for P_PID. */
    private static boolean matchesTask(Task t, int idtype, int id) {
        return idtype == P_PID ? t.tid() == id : matches(t.group(), idtype, id);
    }

    private static boolean matches(ThreadGroup c, int idtype, int id) {
        switch (idtype) {
            case P_ALL: return true;
            case P_PID: return c.pid() == id;
            case P_PGID: return c.pgid == id;
            default: return false;
        }
    }

    /** Wakes wait(2) sleepers: a child stopped or continued. */
    public void notifyWaiters() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    /**
     * POSIX's orphaned process group: no member has a parent in another process group of
     * the same session. Stop signals from the terminal are not delivered to such groups.
     */
    public boolean isOrphanedPgrp(ThreadGroup member) {
        synchronized (lock) {
            int pgid = member.pgid;
            for (ThreadGroup g : groups.values()) {
                if (g.pgid != pgid || g.state != ThreadGroup.State.RUNNING) continue;
                ThreadGroup p = g.parent;
                if (p != null && p.pgid != pgid && p.sid == g.sid) return false;
            }
            return true;
        }
    }

    /** setpgid(2) with Linux's rules. */
    public void setpgid(ThreadGroup caller, int pid, int pgid) {
        synchronized (lock) {
            ThreadGroup target = pid == 0 ? caller : groups.get(pid);
            if (target == null || target.state == ThreadGroup.State.REAPED) throw new ErrnoException(Errno.ESRCH);
            if (pgid < 0) throw new ErrnoException(Errno.EINVAL);
            if (target != caller) {
                if (target.parent != caller) throw new ErrnoException(Errno.ESRCH);
                if (target.sid != caller.sid) throw new ErrnoException(Errno.EPERM);
                if (target.execed) throw new ErrnoException(Errno.EACCES);
            }
            if (target.sid == target.pid()) throw new ErrnoException(Errno.EPERM); // a session leader
            int newPgid = pgid == 0 ? target.pid() : pgid;
            if (newPgid != target.pid()) {
                boolean exists = false;
                for (ThreadGroup g : groups.values()) {
                    if (g.pgid == newPgid && g.sid == caller.sid && g.state != ThreadGroup.State.REAPED) exists = true;
                }
                if (!exists) throw new ErrnoException(Errno.EPERM);
            }
            target.pgid = newPgid;
        }
    }

    /** setsid(2): EPERM for a process group leader. */
    public int setsid(ThreadGroup caller) {
        synchronized (lock) {
            for (ThreadGroup g : groups.values()) {
                if (g.pgid == caller.pid() && g.state != ThreadGroup.State.REAPED) throw new ErrnoException(Errno.EPERM);
            }
            caller.pgid = caller.pid();
            caller.sid = caller.pid();
            caller.setCtty(null);
            return caller.pid();
        }
    }
}
