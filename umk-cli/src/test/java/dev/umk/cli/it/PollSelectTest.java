package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * pollselect.c under umk: poll/ppoll/select/pselect6 readiness bits on pipes, POLLNVAL and
 * EBADF, timeouts and select's timeout write-back, wake-up by another process, the
 * temporary signal mask, and EINTR even under SA_RESTART.
 */
class PollSelectTest {

    @Test
    void pollAndSelectMatchLinux() {
        Differential.of("pollselect").run().assertNativeStatus(0).assertSame();
    }
}
