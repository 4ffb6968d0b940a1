package dev.umk.core.kernel;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class CredentialsTest {
    @Test
    void groupMembershipCountsFsgidAndSupplementaryGroups() {
        Credentials c = Credentials.of(1000, 100, 5, 6);
        assertTrue(c.inGroup(100));
        assertTrue(c.inGroup(6));
        assertFalse(c.inGroup(7));
    }

    @Test
    void filesystemCapabilitiesFollowFsuid() {
        Credentials root = Credentials.root();
        assertTrue(root.capable(Credentials.CAP_DAC_OVERRIDE));
        Credentials fsUser = root.withFsuid(1000);
        assertFalse(fsUser.capable(Credentials.CAP_DAC_OVERRIDE));
        assertTrue(fsUser.capable(Credentials.CAP_SYS_ADMIN), "non-fs capabilities follow the euid");
        assertFalse(Credentials.of(1000, 1000).capable(Credentials.CAP_SYS_ADMIN));
    }

    @Test
    void accessCredentialsUseRealIds() {
        Credentials setuidRoot = new Credentials(1000, 0, 0, 0, 1000, 0, 0, 0, new int[0]);
        Credentials a = setuidRoot.forAccess();
        assertEquals(1000, a.fsuid());
        assertEquals(1000, a.fsgid());
        assertFalse(a.capable(Credentials.CAP_DAC_OVERRIDE));
    }

    @Test
    void groupsAreCopiedDefensively() {
        int[] g = {1, 2};
        Credentials c = Credentials.of(1, 1, g);
        g[0] = 99;
        assertFalse(c.inGroup(99));
        c.groups()[1] = 98;
        assertFalse(c.inGroup(98));
        assertEquals(c, Credentials.of(1, 1, 1, 2));
    }
}
