package dev.umk.sched.signal;

import static dev.umk.sched.signal.SyscallRestart.Outcome.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import org.junit.jupiter.api.Test;

class SyscallRestartTest {
    private static final long NR_READ = 0, RIP = 0x401002;

    private static Registers interrupted(Errno e) {
        Registers r = new Registers();
        r.origRax = NR_READ;
        r.rax = -e.code();
        r.rip = RIP;
        return r;
    }

    @Test
    void erestartsysWithoutSaRestartBecomesEintr() {
        Registers r = interrupted(Errno.ERESTARTSYS);
        assertEquals(EINTR, SyscallRestart.beforeHandler(r, 0));
        assertEquals(-Errno.EINTR.code(), r.rax);
        assertEquals(RIP, r.rip);
    }

    @Test
    void erestartsysWithSaRestartRewindsOverTheSyscallInstruction() {
        Registers r = interrupted(Errno.ERESTARTSYS);
        assertEquals(RESTART, SyscallRestart.beforeHandler(r, SaFlags.SA_RESTART));
        assertEquals(NR_READ, r.rax);
        assertEquals(RIP - 2, r.rip);
    }

    @Test
    void erestartnointrAlwaysRestarts() {
        Registers r = interrupted(Errno.ERESTARTNOINTR);
        assertEquals(RESTART, SyscallRestart.beforeHandler(r, 0));
        assertEquals(RIP - 2, r.rip);
    }

    @Test
    void erestartnohandAndRestartblockAreEintrWhenAHandlerRuns() {
        for (Errno e : new Errno[] {Errno.ERESTARTNOHAND, Errno.ERESTART_RESTARTBLOCK}) {
            Registers r = interrupted(e);
            assertEquals(EINTR, SyscallRestart.beforeHandler(r, SaFlags.SA_RESTART));
            assertEquals(-Errno.EINTR.code(), r.rax);
        }
    }

    @Test
    void withoutAHandlerEverythingRestarts() {
        for (Errno e : new Errno[] {Errno.ERESTARTSYS, Errno.ERESTARTNOINTR, Errno.ERESTARTNOHAND}) {
            Registers r = interrupted(e);
            assertEquals(RESTART, SyscallRestart.withoutHandler(r));
            assertEquals(NR_READ, r.rax);
            assertEquals(RIP - 2, r.rip);
        }
    }

    @Test
    void restartblockWithoutAHandlerCallsRestartSyscall() {
        Registers r = interrupted(Errno.ERESTART_RESTARTBLOCK);
        assertEquals(RESTART_BLOCK, SyscallRestart.withoutHandler(r));
        assertEquals(219, r.rax);
        assertEquals(RIP - 2, r.rip);
    }

    @Test
    void ordinaryResultsAndNonSyscallTrapsAreLeftAlone() {
        Registers r = interrupted(Errno.EINTR);
        assertEquals(NONE, SyscallRestart.beforeHandler(r, 0));
        assertEquals(NONE, SyscallRestart.withoutHandler(r));
        Registers fault = interrupted(Errno.ERESTARTSYS);
        fault.origRax = -1;
        assertEquals(NONE, SyscallRestart.withoutHandler(fault));
        assertEquals(-Errno.ERESTARTSYS.code(), fault.rax);
        assertFalse(SyscallRestart.interrupted(fault));
        assertTrue(SyscallRestart.interrupted(interrupted(Errno.ERESTARTNOHAND)));
    }
}
