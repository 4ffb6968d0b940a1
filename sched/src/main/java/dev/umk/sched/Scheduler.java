package dev.umk.sched;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.LongSupplier;

/**
 * The guest's virtual CPUs and the run queue in front of them, CFS-style: a task must hold a
 * vCPU to run guest code; when none is free it waits in a queue ordered by virtual runtime,
 * which advances by real runtime scaled by the task's nice weight (Linux's
 * sched_prio_to_weight). SCHED_FIFO/RR tasks go before every SCHED_OTHER/BATCH/IDLE one.
 * A task that has held its vCPU longer than the timeslice while others wait is asked to give
 * it up ({@link Task#cpu()}.interrupt(), checked by {@link #tick()}). A task runs only on the
 * vCPUs of its affinity mask (sched_setaffinity), so tasks pinned to one vCPU share it by
 * their nice weights.
 *
 * <p>The vCPU is held only while guest code runs: kernel work (syscall handlers, faults) runs
 * on the task's own Java thread without one, so blocking in the kernel never holds a vCPU.
 *
 * <p>Lock: {@code this} guards everything; it is a leaf lock.
 */
public final class Scheduler {
    /** Linux's sched_prio_to_weight, nice -20..19. */
    private static final int[] WEIGHTS = {
        88761, 71755, 56483, 46273, 36291, 29154, 23254, 18705, 14949, 11916,
        9548, 7620, 6100, 4904, 3906, 3121, 2501, 1991, 1586, 1277,
        1024, 820, 655, 526, 423, 335, 272, 215, 172, 137,
        110, 87, 70, 56, 45, 36, 29, 23, 18, 15};
    public static final int SCHED_OTHER = 0, SCHED_FIFO = 1, SCHED_RR = 2, SCHED_BATCH = 3, SCHED_IDLE = 5,
            SCHED_DEADLINE = 6;

    /** Scheduling state of one task. */
    public static final class Entity {
        final Task task;
        long vruntime;
        long seq;
        int nice;
        int policy = SCHED_OTHER;
        int rtPriority;
        /** vCPU held, or -1. */
        int vcpu = -1;
        /** The vCPU it ran on last (getcpu). */
        int lastVcpu;
        long runningSince;
        boolean queued;
        long affinity = -1L;
        /** SCHED_RESET_ON_FORK: children start as SCHED_OTHER with a nice >= 0. */
        boolean resetOnFork;
        /** SCHED_DEADLINE reservation (ns); umk runs such tasks like top-priority FIFO ones. */
        long dlRuntime, dlDeadline, dlPeriod;

        public Task task() { return task; }

        Entity(Task task) {
            this.task = task;
        }

        public int nice() { return nice; }
        public int policy() { return policy; }
        public int rtPriority() { return rtPriority; }
        public int vcpu() { return vcpu; }
        public int lastVcpu() { return lastVcpu; }
        public long affinity() { return affinity; }
        public boolean resetOnFork() { return resetOnFork; }
        public long dlRuntime() { return dlRuntime; }
        public long dlDeadline() { return dlDeadline; }
        public long dlPeriod() { return dlPeriod; }
    }

    private final int vcpus;
    private final long sliceNanos;
    private final LongSupplier clock;
    private final Entity[] running;
    private final TreeSet<Entity> queue = new TreeSet<>((a, b) -> {
        boolean ra = realtime(a), rb = realtime(b);
        if (ra != rb) return ra ? -1 : 1;
        if (ra && rtRank(a) != rtRank(b)) return Integer.compare(rtRank(b), rtRank(a));
        int c = ra ? 0 : Long.compare(a.vruntime, b.vruntime);
        return c != 0 ? c : Long.compare(a.seq, b.seq);
    });
    private long seq;
    private long minVruntime;

    public Scheduler(int vcpus, long sliceNanos, LongSupplier clock) {
        if (vcpus < 1) throw new IllegalArgumentException("vcpus " + vcpus);
        this.vcpus = vcpus;
        this.sliceNanos = sliceNanos;
        this.clock = clock;
        this.running = new Entity[vcpus];
    }

    public int vcpus() {
        return vcpus;
    }

    /** A new task starts with the vruntime of the queue's front, as CFS places new tasks. */
    public Entity enter(Task t, Entity parent) {
        Entity e = new Entity(t);
        synchronized (this) {
            e.vruntime = minVruntime;
            if (parent != null) {
                e.nice = parent.nice;
                e.policy = parent.policy;
                e.rtPriority = parent.rtPriority;
                e.affinity = parent.affinity;
                e.dlRuntime = parent.dlRuntime;
                e.dlDeadline = parent.dlDeadline;
                e.dlPeriod = parent.dlPeriod;
                if (parent.resetOnFork) { // sched_fork; the child does not keep the flag
                    if (realtime(parent)) {
                        e.policy = SCHED_OTHER;
                        e.rtPriority = 0;
                        e.dlRuntime = e.dlDeadline = e.dlPeriod = 0;
                    }
                    e.nice = Math.max(0, e.nice);
                }
            }
        }
        return e;
    }

    /**
     * Waits for a vCPU. Returns false without one if the task was told to exit while waiting.
     */
    public boolean acquire(Entity e) {
        synchronized (this) {
            if (offer(e)) return true;
            while (e.vcpu < 0) {
                if (e.task != null && e.task.exiting()) {
                    queue.remove(e);
                    e.queued = false;
                    return false;
                }
                try {
                    wait(10);
                } catch (InterruptedException ie) {
                    // A signal's wake-up: the task keeps waiting for its vCPU, and the
                    // pending signal is handled once it has one.
                }
            }
            return true;
        }
    }

    /**
     * Takes a free vCPU if nobody is waiting, else joins the queue; true when granted now.
     * {@link #acquire} blocks on top of this; simulations drive it directly.
     */
    public synchronized boolean offer(Entity e) {
        if (e.vcpu >= 0) return true;
        int free = freeVcpu(e);
        if (free >= 0 && queue.isEmpty()) {
            grant(e, free);
            return true;
        }
        if (!e.queued) {
            // A task back from sleeping does not get to monopolize the CPUs with old credit.
            e.vruntime = Math.max(e.vruntime, minVruntime - sliceNanos);
            e.seq = seq++;
            e.queued = true;
            queue.add(e);
        }
        fillFreeVcpus();
        return e.vcpu >= 0;
    }

    /** Free vCPUs go to the queue's front: the waiters owed the most CPU time that may run there. */
    private void fillFreeVcpus() {
        boolean granted = false;
        for (int v = 0; v < vcpus && !queue.isEmpty(); v++) {
            if (running[v] != null) continue;
            Entity next = firstWaiterFor(v);
            if (next == null) continue;
            queue.remove(next);
            next.queued = false;
            grant(next, v);
            granted = true;
        }
        if (granted) notifyAll();
    }

    /** The queue's first entity allowed on {@code vcpu}, or null. */
    private Entity firstWaiterFor(int vcpu) {
        for (Entity q : queue) if (allowed(q, vcpu)) return q;
        return null;
    }

    /** Whether the affinity mask lets {@code e} run on {@code vcpu} (a mask naming no vCPU allows all). */
    private boolean allowed(Entity e, int vcpu) {
        long valid = vcpus >= 64 ? -1L : (1L << vcpus) - 1;
        long mask = e.affinity & valid;
        return mask == 0 || vcpu >= 64 || (mask & (1L << vcpu)) != 0;
    }

    /** Gives the vCPU back after guest code stopped running, charging the time used. */
    public void release(Entity e) {
        synchronized (this) {
            if (e.vcpu < 0) return;
            long ran = clock.getAsLong() - e.runningSince;
            e.vruntime += ran * WEIGHTS[20] / WEIGHTS[e.nice + 20];
            int was = e.vcpu;
            running[e.vcpu] = null;
            e.vcpu = -1;
            updateMin();
            // A waiter owed more CPU time than this task takes the vCPU now. Otherwise it stays
            // free for a moment: a task leaving guest code for a short syscall offers again at
            // once and, with the least vruntime, keeps running; if it blocks instead, the
            // next tick hands the vCPU on.
            Entity head = firstWaiterFor(was);
            if (head != null && (realtime(head) || head.vruntime < e.vruntime)) fillFreeVcpus();
        }
    }

    /**
     * The timeslice check: running tasks over their slice, with others waiting, are told to
     * yield. Returns them; the caller interrupts their CPUs outside the lock.
     */
    public List<Entity> tick() {
        List<Entity> out = new ArrayList<>();
        synchronized (this) {
            fillFreeVcpus();
            long now = clock.getAsLong();
            for (Entity e : running) {
                if (e == null) continue;
                if (!allowed(e, e.vcpu)) { // its affinity changed while it ran
                    out.add(e);
                    continue;
                }
                if (queue.isEmpty() || e.policy == SCHED_FIFO || now - e.runningSince < sliceNanos) continue;
                Entity head = firstWaiterFor(e.vcpu);
                if (head == null) continue;
                // Only a waiter that is owed CPU time takes the vCPU away (CFS's check_preempt_tick).
                long current = e.vruntime + (now - e.runningSince) * WEIGHTS[20] / WEIGHTS[e.nice + 20];
                if (realtime(head) || head.vruntime < current) out.add(e);
            }
        }
        return out;
    }

    /** The tasks holding a vCPU now: the tick charges their running slices (CPU timers). */
    public synchronized List<Task> runningTasks() {
        List<Task> out = new ArrayList<>(vcpus);
        for (Entity e : running) if (e != null && e.task != null) out.add(e.task);
        return out;
    }

    public synchronized void setNice(Entity e, int nice) {
        e.nice = Math.max(-20, Math.min(19, nice));
    }

    public synchronized void setPolicy(Entity e, int policy, int rtPriority) {
        e.policy = policy;
        e.rtPriority = rtPriority;
    }

    public synchronized void setResetOnFork(Entity e, boolean reset) {
        e.resetOnFork = reset;
    }

    /** SCHED_DEADLINE with its reservation; the caller has validated runtime <= deadline <= period. */
    public synchronized void setDeadline(Entity e, long runtime, long deadline, long period) {
        e.policy = SCHED_DEADLINE;
        e.rtPriority = 0;
        e.dlRuntime = runtime;
        e.dlDeadline = deadline;
        e.dlPeriod = period;
    }

    public synchronized void setAffinity(Entity e, long mask) {
        e.affinity = mask;
    }

    public synchronized long vruntime(Entity e) {
        return e.vruntime;
    }

    private void grant(Entity e, int vcpu) {
        e.vcpu = vcpu;
        e.lastVcpu = vcpu;
        e.runningSince = clock.getAsLong();
        running[vcpu] = e;
    }

    private int freeVcpu(Entity e) {
        for (int i = 0; i < vcpus; i++) if (running[i] == null && allowed(e, i)) return i;
        return -1;
    }

    private void updateMin() {
        long m = Long.MAX_VALUE;
        for (Entity r : running) if (r != null && !realtime(r)) m = Math.min(m, r.vruntime);
        for (Entity q : queue) {
            if (!realtime(q)) {
                m = Math.min(m, q.vruntime);
                break;
            }
        }
        if (m != Long.MAX_VALUE) minVruntime = Math.max(minVruntime, m);
    }

    /** Deadline tasks go before every FIFO/RR priority, as Linux's dl class precedes rt. */
    private static int rtRank(Entity e) {
        return e.policy == SCHED_DEADLINE ? 100 : e.rtPriority;
    }

    private static boolean realtime(Entity e) {
        return e.policy == SCHED_FIFO || e.policy == SCHED_RR || e.policy == SCHED_DEADLINE;
    }
}
