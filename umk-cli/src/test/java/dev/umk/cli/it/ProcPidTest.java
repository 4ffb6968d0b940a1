package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * procpid.c: pidfd_send_signal through /proc/PID directory fds, kcmp, oom_score_adj and
 * oom_adj as an unprivileged user, the mlock family's checks, ru_maxrss of self and of
 * waited (not ignored) children: the same answers as Linux.
 */
class ProcPidTest {

    @Test
    void procPidFilesKcmpMlockAndMaxrssMatchLinux() {
        Differential.of("procpid").run().assertNativeStatus(0).assertSame();
    }
}
