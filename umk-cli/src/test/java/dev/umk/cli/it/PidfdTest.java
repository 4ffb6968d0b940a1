package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * pidfd.c: pidfd_open with poll (readable at exit, hung up once reaped), waitid(P_PIDFD)
 * blocking and non-blocking, pidfd_send_signal, pidfd_getfd, CLONE_PIDFD through clone and
 * clone3, their errors; sched_setattr/sched_getattr with struct-size rules.
 */
class PidfdTest {

    @Test
    void pidfdsAndSchedAttrMatchLinux() {
        Differential.of("pidfd").run().assertNativeStatus(0).assertSame();
    }
}
