package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * waitclone.c: waitid's CLD_STOPPED/CLD_CONTINUED/CLD_KILLED reports, wait4's rusage times,
 * waitpid(INT_MIN), clone3's argument checks (E2BIG, EINVAL in Linux's order) and
 * CLONE_CLEAR_SIGHAND, execveat on an O_PATH fd and relative to a non-directory.
 */
class WaitCloneTest {

    @Test
    void waitReportsAndClone3RulesMatchLinux() {
        Differential.of("waitclone").run().assertNativeStatus(0).assertSame();
    }
}
