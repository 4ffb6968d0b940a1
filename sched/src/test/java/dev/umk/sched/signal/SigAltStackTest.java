package dev.umk.sched.signal;

import static dev.umk.sched.signal.SigAltStack.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import org.junit.jupiter.api.Test;

class SigAltStackTest {
    private static final SigAltStack ALT = new SigAltStack(0x10000, 0x4000, 0);

    @Test
    void stackCoversSpExclusiveToTopInclusive() {
        assertFalse(ALT.contains(0x10000));
        assertTrue(ALT.contains(0x10001));
        assertTrue(ALT.contains(0x14000));
        assertFalse(ALT.contains(0x14001));
    }

    @Test
    void stateReportsDisableOnstackOrZero() {
        assertEquals(SS_DISABLE, DISABLED.state(0x12000));
        assertEquals(SS_ONSTACK, ALT.state(0x12000));
        assertEquals(0, ALT.state(0x20000));
    }

    @Test
    void autodisarmStackNeverCountsAsOnIt() {
        SigAltStack a = new SigAltStack(0x10000, 0x4000, SS_AUTODISARM);
        assertFalse(a.onStack(0x12000));
        assertEquals(SS_AUTODISARM, a.reportedFlags(0x12000));
    }

    @Test
    void changingTheStackWhileOnItIsEperm() {
        ErrnoException e = assertThrows(ErrnoException.class,
                () -> ALT.change(0x50000, 0x4000, 0, 0x12000, MINSIGSTKSZ));
        assertEquals(Errno.EPERM, e.errno());
    }

    @Test
    void badFlagsAreEinvalAndSmallStacksEnomem() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class,
                () -> DISABLED.change(0x50000, 0x4000, 4, 0, MINSIGSTKSZ)).errno());
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class,
                () -> DISABLED.change(0x50000, 2047, 0, 0, MINSIGSTKSZ)).errno());
    }

    @Test
    void disablingClearsSpAndSize() {
        SigAltStack d = ALT.change(0x50000, 0x4000, SS_DISABLE, 0x20000, MINSIGSTKSZ);
        assertEquals(new SigAltStack(0, 0, SS_DISABLE), d);
        assertEquals(SS_DISABLE, d.state(0));
    }

    @Test
    void sigreturnRestoreIgnoresErrors() {
        SigAltStack saved = new SigAltStack(0x30000, 0x4000, SS_AUTODISARM);
        assertEquals(saved, DISABLED.restoreFrom(saved, 0x7000));
        // Still running on the current stack: Linux's EPERM is swallowed.
        assertSame(ALT, ALT.restoreFrom(saved, 0x12000));
        assertSame(ALT, ALT.restoreFrom(new SigAltStack(1, 5, 0), 0x20000));
    }
}
