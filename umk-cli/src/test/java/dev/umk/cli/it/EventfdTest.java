package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * eventfd.c under umk: the counter (whole and semaphore reads), EAGAIN and EINVAL cases,
 * poll bits, blocking reads woken by another process and blocked writes resumed by a read.
 */
class EventfdTest {

    @Test
    void eventfdCounterMatchesLinux() {
        Differential.of("eventfd").run().assertNativeStatus(0).assertSame();
    }
}
