package dev.umk.sched;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import org.junit.jupiter.api.Test;

/** ITIMER_VIRTUAL/ITIMER_PROF and RLIMIT_CPU on CPU-time samples given by the test. */
class CpuTimersTest {
    private static final long MS = 1_000_000, S = 1_000_000_000;
    private static final int PROF = CpuTimers.ITIMER_PROF, VIRT = CpuTimers.ITIMER_VIRTUAL;

    private final CpuTimers timers = new CpuTimers();

    @Test
    void getitimerCountsDownWithTheProcessCpuTime() {
        timers.set(VIRT, 50 * MS, 0, 100 * MS);
        assertArrayEquals(new long[] {50 * MS, 0}, timers.get(VIRT, 100 * MS));
        assertArrayEquals(new long[] {30 * MS, 0}, timers.get(VIRT, 120 * MS));
        assertArrayEquals(new long[] {0, 0}, timers.get(PROF, 120 * MS), "the other timer is independent");
    }

    @Test
    void setitimerReturnsTheOldRemainingTimeAndInterval() {
        timers.set(PROF, 10 * MS, 5 * MS, 0);
        assertArrayEquals(new long[] {6 * MS, 5 * MS}, timers.set(PROF, 0, 0, 4 * MS));
        assertArrayEquals(new long[] {0, 0}, timers.get(PROF, 4 * MS));
    }

    @Test
    void aZeroValueDisarmsButKeepsTheInterval() {
        timers.set(PROF, 0, 7 * MS, 0);
        assertArrayEquals(new long[] {0, 7 * MS}, timers.get(PROF, 0));
        assertEquals(0, timers.expire(PROF, 1 * S));
    }

    @Test
    void aDueTimerThatHasNotFiredShowsATinyValueNotZero() {
        timers.set(VIRT, 10 * MS, 0, 0);
        long left = timers.get(VIRT, 11 * MS)[0];
        assertEquals(true, left > 0 && left < MS, "left " + left);
    }

    @Test
    void intervalTimerReArmsFromItsExpiryNotFromNow() {
        timers.set(PROF, 10 * MS, 10 * MS, 0);
        assertEquals(0, timers.expire(PROF, 9 * MS));
        assertEquals(Signals.SIGPROF, timers.expire(PROF, 13 * MS), "3 ms late");
        assertArrayEquals(new long[] {7 * MS, 10 * MS}, timers.get(PROF, 13 * MS), "next expiry at 20 ms");
        assertEquals(0, timers.expire(PROF, 19 * MS));
        assertEquals(Signals.SIGPROF, timers.expire(PROF, 20 * MS));
    }

    @Test
    void aLateCheckFiresOnePeriodAtATime() {
        timers.set(VIRT, 10 * MS, 10 * MS, 0);
        assertEquals(Signals.SIGVTALRM, timers.expire(VIRT, 35 * MS));
        assertEquals(Signals.SIGVTALRM, timers.expire(VIRT, 35 * MS), "20 ms is also past");
        assertEquals(Signals.SIGVTALRM, timers.expire(VIRT, 35 * MS), "and 30 ms");
        assertEquals(0, timers.expire(VIRT, 35 * MS));
    }

    @Test
    void oneShotTimerDisarmsAfterFiring() {
        timers.set(VIRT, 50 * MS, 0, 0);
        assertEquals(Signals.SIGVTALRM, timers.expire(VIRT, 50 * MS));
        assertEquals(0, timers.expire(VIRT, 500 * MS));
        assertArrayEquals(new long[] {0, 0}, timers.get(VIRT, 500 * MS));
    }

    @Test
    void unknownTimerIsEinval() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> timers.get(0, 0)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> timers.set(3, 1, 0, 0)).errno());
    }

    @Test
    void rlimitCpuSendsSigxcpuAtTheSoftLimitThenEverySecond() {
        Rlimits rl = new Rlimits();
        rl.update(Rlimits.CPU, 1, Rlimits.INFINITY, false);
        assertEquals(0, timers.rlimitCpu(rl, S - 1));
        assertEquals(Signals.SIGXCPU, timers.rlimitCpu(rl, S));
        assertEquals(2, rl.cur(Rlimits.CPU), "the soft limit moves a second on, as Linux shows it");
        assertEquals(0, timers.rlimitCpu(rl, S + 500 * MS));
        assertEquals(Signals.SIGXCPU, timers.rlimitCpu(rl, 2 * S));
    }

    @Test
    void rlimitCpuKillsAtTheHardLimit() {
        Rlimits rl = new Rlimits();
        rl.update(Rlimits.CPU, 1, 2, false);
        assertEquals(Signals.SIGXCPU, timers.rlimitCpu(rl, S));
        assertEquals(Signals.SIGKILL, timers.rlimitCpu(rl, 2 * S));
    }

    @Test
    void noCpuLimitNoSignal() {
        assertEquals(0, timers.rlimitCpu(new Rlimits(), Long.MAX_VALUE));
    }
}
