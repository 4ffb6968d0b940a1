package dev.umk.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigAltStack;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.SigqueueAccount;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * CPU timers and clocks of a process whose task is "in guest code" on a clock the test
 * moves: the tick's check counts the running slice, so a task that never traps is signalled.
 */
class CpuTimerTickTest {
    private static final long MS = 1_000_000;
    private static final int SIGRTMIN = 34;

    private final Kernel kernel = new Kernel(null, new FrameAllocator(new HeapPhysicalMemory(1L << 20)), null, 1);
    private final long t0 = System.nanoTime();

    /** A process with one task; the CPU-time signals are blocked so they stay pending to look at. */
    private Task process() {
        ThreadGroup g = new ThreadGroup(kernel.allocPid(), new Rlimits(), Credentials.of(1000, 1000),
                kernel.uptimeNanos(), new ProcessSignals(SigqueueAccount.UNLIMITED));
        Task t = new Task(kernel, g.pid(), g, null);
        long blocked = Signals.bit(Signals.SIGPROF) | Signals.bit(Signals.SIGVTALRM) | Signals.bit(Signals.SIGXCPU)
                | Signals.bit(SIGRTMIN);
        t.attachSignals(blocked, SigAltStack.DISABLED);
        g.tasks.add(t);
        kernel.addTask(t);
        kernel.tree().add(g, null);
        return t;
    }

    private static SigInfo take(Task t, int sig) {
        return t.signals().dequeue(Signals.bit(sig));
    }

    @Test
    void aTaskThatNeverTrapsGetsSigprofOnTheTick() {
        Task t = process();
        ThreadGroup g = t.group();
        t.cputime().enterUser(t0);
        g.cpuTimers().set(CpuTimers.ITIMER_PROF, 10 * MS, 0, g.cpuTimes(t0)[0]);
        CpuTimers.tick(List.of(t), t0 + 9 * MS);
        assertNull(take(t, Signals.SIGPROF));
        CpuTimers.tick(List.of(t), t0 + 10 * MS);
        SigInfo si = take(t, Signals.SIGPROF);
        assertNotNull(si);
        assertEquals(SigInfo.SI_KERNEL, si.code());
    }

    @Test
    void virtualTimerCountsUserTimeOnly() {
        Task t = process();
        ThreadGroup g = t.group();
        g.cpuTimers().set(CpuTimers.ITIMER_VIRTUAL, 10 * MS, 0, 0);
        g.cpuTimers().set(CpuTimers.ITIMER_PROF, 10 * MS, 0, 0);
        t.cputime().chargeSystem(50 * MS);
        g.cpuTimers().check(g, t, t0);
        assertNull(take(t, Signals.SIGVTALRM));
        assertNotNull(take(t, Signals.SIGPROF));
        t.cputime().enterUser(t0);
        t.cputime().leaveUser(t0 + 10 * MS);
        g.cpuTimers().check(g, t, t0 + 10 * MS);
        assertNotNull(take(t, Signals.SIGVTALRM));
    }

    @Test
    void aSleepingTaskCostsNoCpuTime() {
        Task t = process();
        ThreadGroup g = t.group();
        g.cpuTimers().set(CpuTimers.ITIMER_VIRTUAL, 50 * MS, 0, 0);
        g.cpuTimers().check(g, t, t0 + 200 * MS);
        assertNull(take(t, Signals.SIGVTALRM));
        assertEquals(50 * MS, g.cpuTimers().get(CpuTimers.ITIMER_VIRTUAL, g.cpuTimes(t0 + 200 * MS)[0])[0]);
    }

    @Test
    void rlimitCpuIsCheckedOnTheTick() {
        Task t = process();
        ThreadGroup g = t.group();
        g.rlimits().update(Rlimits.CPU, 1, Rlimits.INFINITY, false);
        t.cputime().enterUser(t0);
        CpuTimers.tick(List.of(t), t0 + 999 * MS);
        assertNull(take(t, Signals.SIGXCPU));
        CpuTimers.tick(List.of(t), t0 + 1000 * MS);
        assertNotNull(take(t, Signals.SIGXCPU));
    }

    @Test
    void cpuClocksIncludeTheRunningSlice() {
        Task t = process();
        t.cputime().enterUser(t0);
        CpuClock proc = CpuClock.of(t, CpuClock.CLOCK_PROCESS_CPUTIME_ID);
        CpuClock thread = CpuClock.of(t, CpuClock.CLOCK_THREAD_CPUTIME_ID);
        assertEquals(5 * MS, proc.read(t0 + 5 * MS));
        assertEquals(7 * MS, thread.read(t0 + 7 * MS));
        t.cputime().leaveUser(t0 + 8 * MS);
        assertEquals(8 * MS, proc.read(t0 + 100 * MS), "charged once the task trapped, not counted twice");
    }

    /** MAKE_PROCESS_CPUCLOCK(pid, which); a thread's clock has bit 2 set too. */
    private static int clockId(int pid, int which, boolean thread) {
        return (~pid << 3) | which | (thread ? 4 : 0);
    }

    @Test
    void cpuClockIdsNameProcessesAndThreads() {
        Task t = process();
        Task other = process();
        t.cputime().chargeSystem(3 * MS);
        t.cputime().enterUser(t0);
        t.cputime().leaveUser(t0 + 2 * MS);
        assertEquals(5 * MS, CpuClock.of(t, clockId(0, CpuClock.CPUCLOCK_PROF, false)).read());
        assertEquals(2 * MS, CpuClock.of(t, clockId(0, CpuClock.CPUCLOCK_VIRT, true)).read());
        assertEquals(5 * MS, CpuClock.of(other, clockId(t.group().pid(), CpuClock.CPUCLOCK_SCHED, false)).read());
        assertEquals(5 * MS, CpuClock.of(t, clockId(t.tid(), CpuClock.CPUCLOCK_SCHED, true)).read());
        assertEinval(() -> CpuClock.of(other, clockId(t.tid(), CpuClock.CPUCLOCK_SCHED, true)));
        assertEinval(() -> CpuClock.of(t, clockId(99_999, CpuClock.CPUCLOCK_SCHED, false)));
        assertEinval(() -> CpuClock.of(t, clockId(0, 3, true)));
        assertEinval(() -> CpuClock.of(t, (~5 << 3) | 3)); // CLOCKFD: a dynamic clock on fd 5
    }

    @Test
    void posixTimerOnTheProcessCpuClockFiresOnCpuTimeNotWallTime() {
        Task t = process();
        ThreadGroup g = t.group();
        t.cputime().enterUser(t0);
        PosixTimers pt = g.posixTimers(kernel.timers());
        int id = pt.create(CpuClock.CLOCK_PROCESS_CPUTIME_ID, CpuClock.of(t, CpuClock.CLOCK_PROCESS_CPUTIME_ID),
                PosixTimers.SIGEV_SIGNAL, SIGRTMIN, 7L, null);
        long armedAt = System.nanoTime();
        pt.set(id, 20 * MS, 0);
        t.cputime().leaveUser(armedAt + 10 * MS);
        g.cpuTimers().check(g, t, armedAt + 500 * MS);
        assertNull(take(t, SIGRTMIN), "10 ms of CPU time in 500 ms of wall time");
        long left = pt.get(id, true)[0];
        assertTrue(left > 0 && left <= 11 * MS, "left " + left);
        t.cputime().enterUser(armedAt + 500 * MS);
        g.cpuTimers().check(g, t, armedAt + 520 * MS);
        SigInfo si = take(t, SIGRTMIN);
        assertNotNull(si);
        assertEquals(SigInfo.SI_TIMER, si.code());
        assertEquals(7L, si.value());
    }

    @Test
    void aPosixCpuTimerOnAnotherProcessIsRefused() {
        Task t = process();
        Task other = process();
        PosixTimers pt = t.group().posixTimers(kernel.timers());
        CpuClock theirs = CpuClock.of(t, clockId(other.group().pid(), CpuClock.CPUCLOCK_SCHED, false));
        assertEinval(() -> pt.create(-1, theirs, PosixTimers.SIGEV_SIGNAL, SIGRTMIN, null, null));
    }

    private static void assertEinval(org.junit.jupiter.api.function.Executable op) {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, op).errno());
    }
}
