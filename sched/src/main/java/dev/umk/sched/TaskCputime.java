package dev.umk.sched;

/**
 * One task's CPU time (Linux's task->utime/stime, plus the running slice as
 * task_sched_runtime adds it): "user" is the time the guest held its CPU, from resume to
 * trap, which on ptrace includes the stop round trip; "system" is the CPU time the task's
 * Java thread spent on its traps. A read includes the slice of a task in guest code right
 * now, so a CPU-bound task's clocks advance between two reads and its CPU timers can be
 * checked on the tick.
 *
 * <p>Lock: {@code this} guards all three fields; it is a leaf. Charging and sampling under
 * one lock keeps every sample monotonic: a slice is counted either as running or as
 * charged, never both and never neither.
 */
public final class TaskCputime {
    private long user;
    private long system;
    /** System.nanoTime when guest code was resumed, or 0 while in the kernel. */
    private long userSince;

    /** Guest code is about to run. */
    synchronized void enterUser(long now) {
        userSince = now == 0 ? 1 : now;
    }

    /** Guest code stopped (a trap, or an error on the way): the slice becomes user time. */
    synchronized void leaveUser(long now) {
        if (userSince == 0) return;
        user += Math.max(0, now - userSince);
        userSince = 0;
    }

    synchronized void chargeSystem(long ns) {
        if (ns > 0) system += ns;
    }

    /** User nanoseconds at System.nanoTime {@code now}, the running slice included. */
    public synchronized long user(long now) {
        return userSince == 0 ? user : user + Math.max(0, now - userSince);
    }

    public synchronized long system() {
        return system;
    }

    /** Adds {user, system} at {@code now} to {@code acc}. */
    synchronized void addTo(long[] acc, long now) {
        acc[0] += user(now);
        acc[1] += system;
    }
}
