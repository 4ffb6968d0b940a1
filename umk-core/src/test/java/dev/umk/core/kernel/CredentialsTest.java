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

    @Test
    void capsetDroppedCapabilityIsNoLongerCapable() {
        Credentials root = Credentials.root();
        long all = Credentials.ALL_CAPS, netRaw = 1L << Credentials.CAP_NET_RAW;
        Credentials c = root.withCaps(all & ~netRaw, all, 0);
        assertFalse(c.capable(Credentials.CAP_NET_RAW));
        assertTrue(c.capable(Credentials.CAP_SYS_ADMIN));
        assertEquals(0, c.withBounding(all & ~netRaw).capBounding() & netRaw);
    }

    @Test
    void leavingRootClearsPermittedUnlessKeepCaps() {
        Credentials root = Credentials.root();
        Credentials dropped = root.withUids(1000, 1000, 1000, 1000, false);
        assertEquals(0, dropped.capPermitted());
        assertEquals(0, dropped.capEffective());
        Credentials kept = root.withUids(1000, 1000, 1000, 1000, true);
        assertEquals(Credentials.ALL_CAPS, kept.capPermitted());
        assertEquals(0, kept.capEffective(), "pE is cleared when the euid leaves 0");
        Credentials back = root.withUids(0, 1000, 0, 1000).withUids(0, 0, 0, 0);
        assertTrue(back.capable(Credentials.CAP_SYS_ADMIN), "euid back to 0 copies pP into pE");
    }

    @Test
    void execGivesRootItsBoundedSetsBack() {
        long noKill = Credentials.ALL_CAPS & ~(1L << Credentials.CAP_KILL);
        Credentials c = Credentials.root().withCaps(0, 0, 0).withBounding(noKill).forExec();
        assertEquals(noKill, c.capPermitted());
        assertEquals(noKill, c.capEffective());
        assertEquals(0, Credentials.of(1000, 1000).forExec().capPermitted());
    }
}
