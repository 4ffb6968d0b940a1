package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * epoll.c under umk: epoll_ctl's errors and their order, level/edge-triggered and one-shot
 * reporting, hang-ups, maxevents, items dying with the file's last close, epoll of epoll,
 * loops and the nesting limit, timeouts, wake-ups and epoll_pwait's mask.
 */
class EpollTest {

    @Test
    void epollMatchesLinux() {
        Differential.of("epoll").run().assertNativeStatus(0).assertSame();
    }
}
