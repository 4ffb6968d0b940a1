package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * futexshared.c: shared futexes in MAP_SHARED memory meet across fork and across separate
 * mappings of one file; process-shared pthread mutex and condition variable ping-pong;
 * FUTEX_WAKE/CMP_REQUEUE argument rules (EINVAL, EAGAIN, EFAULT for shared keys only).
 */
class FutexSharedTest {

    @Test
    void futexesBetweenProcessesMatchLinuxWithMusl() {
        Differential.of("futexshared").run().assertNativeStatus(0).assertSame();
    }

    @Test
    void futexesBetweenProcessesMatchLinuxWithGlibc() {
        Differential.of(GuestPrograms.glibc().build("futexshared")).run().assertNativeStatus(0).assertSame();
    }
}
