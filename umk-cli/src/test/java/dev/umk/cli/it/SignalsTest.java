package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * signals.c under umk: handlers with SA_SIGINFO and si_code, masking and pending, RT
 * queueing, SIG_IGN, SA_RESETHAND, faults (SIGSEGV MAPERR/ACCERR, SIGFPE, SIGILL) caught and
 * left with siglongjmp, sigaltstack, ITIMER_REAL, EINTR.
 */
class SignalsTest {

    @Test
    void handlersMasksFaultsAltstackAndTimersMatchLinux() {
        Differential.of("signals").run().assertNativeStatus(0).assertSame();
    }

    /**
     * sigextra.c: signalfd (records, mask update, EAGAIN), SSE state kept across a handler
     * that clobbers it, an SA_RESTART pipe read, 8 threads under one mutex, orphan reparenting.
     */
    @Test
    void signalfdRestartFpuThreadsAndOrphansMatchLinux() {
        Differential.of("sigextra").run().assertNativeStatus(0).assertSame();
    }
}
