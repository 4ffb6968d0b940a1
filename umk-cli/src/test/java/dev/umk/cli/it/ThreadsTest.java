package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * threads.c under umk: pthreads are clone(CLONE_THREAD) on new host threads of the same stub;
 * mutex, condition variable and barrier are futexes; TLS per thread; join through
 * CLONE_CHILD_CLEARTID + FUTEX_WAKE; pthread_exit values.
 */
class ThreadsTest {

    @Test
    void pthreadsMutexCondvarBarrierAndTlsMatchLinux() {
        Differential.of("threads").run().assertNativeStatus(0).assertSame();
    }

    /** robust.c: a robust mutex whose owner died reports EOWNERDEAD; PR_SET_PDEATHSIG fires. */
    @Test
    void robustMutexesAndParentDeathSignalMatchLinux() {
        Differential.of("robust").run().assertNativeStatus(0).assertSame();
    }
}
