package dev.umk.cli.it;

import org.junit.jupiter.api.Test;

/**
 * creds.c under umk: the set*id family's rules for real/effective/saved/fs ids as root and
 * after dropping privilege, supplementary groups, capget, prctl names and flags.
 */
class CredsTest {

    @Test
    void setidRulesGroupsCapabilitiesAndPrctlMatchLinux() {
        Differential.of("creds").run().assertNativeStatus(0).assertSame();
    }
}
