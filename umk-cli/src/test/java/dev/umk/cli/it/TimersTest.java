package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * ptimers.c under umk: timer_create with SIGEV_SIGNAL (periodic, si_code SI_TIMER and
 * si_value) and SIGEV_NONE, timer_gettime, disarm, delete, alarm with pause. itimers.c: the
 * CPU-time timers (ITIMER_VIRTUAL, ITIMER_PROF, RLIMIT_CPU, timers on CPU clocks) and CPU
 * clocks, in busy loops that never trap.
 */
class TimersTest {

    @Test
    void posixTimersAndAlarmMatchLinux() {
        Differential.of("ptimers").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void cpuTimeTimersAndClocksMatchLinux() {
        Differential.of("itimers").run().assertNativeStatus(0).assertSame();
    }
}
