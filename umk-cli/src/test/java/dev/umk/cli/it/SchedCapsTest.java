package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * schedcaps.c under umk: sched_* argument rules (NULL param, SCHED_DEADLINE ranges and
 * checks, SCHED_RESET_ON_FORK, another owner's task is EPERM), get/setpriority errnos,
 * tgkill and rt_sigqueueinfo pid rules, prctl argument checks and timer slack, and stored
 * capability sets (capset, bounding set, keepcaps across setuid).
 */
class SchedCapsTest {

    @Test
    void schedulingCapabilitiesPrctlAndPidArgumentsMatchLinux() {
        Differential.of("schedcaps").run().assertNativeStatus(0).assertSame();
    }
}
