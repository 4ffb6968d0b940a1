package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * timerfd.c under umk: one-shot and interval timers on the monotonic, real-time and boot
 * clocks, absolute times, expiration counts, timerfd_gettime/settime values, errors, and a
 * timer watched by poll and epoll.
 */
class TimerfdTest {

    @Test
    void timerfdMatchesLinux() {
        Differential.of("timerfd").run().assertNativeStatus(0).assertSame();
    }
}
