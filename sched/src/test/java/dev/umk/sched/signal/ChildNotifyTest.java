package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.sched.ExitStatus;
import dev.umk.sched.SigAction;
import org.junit.jupiter.api.Test;

class ChildNotifyTest {
    private static final SigAction HANDLER = new SigAction(0x1000, SaFlags.SA_RESTORER, 0x2000, 0);

    @Test
    void exitCodeDeathAndCoreDumpGiveTheirCldCodes() {
        SigInfo ex = ChildNotify.exited(SIGCHLD, 42, 1000, ExitStatus.exited(3), 25_000_000, 10_000_000);
        assertEquals(SigInfo.CLD_EXITED, ex.code());
        assertEquals(3, ex.status());
        assertEquals(2, ex.utime());
        assertEquals(1, ex.stime());
        SigInfo killed = ChildNotify.exited(SIGCHLD, 42, 1000, ExitStatus.killed(SIGTERM, false), 0, 0);
        assertEquals(SigInfo.CLD_KILLED, killed.code());
        assertEquals(SIGTERM, killed.status());
        SigInfo dumped = ChildNotify.exited(SIGCHLD, 42, 1000, ExitStatus.killed(SIGSEGV, true), 0, 0);
        assertEquals(SigInfo.CLD_DUMPED, dumped.code());
        assertEquals(SIGSEGV, dumped.status());
        assertEquals(42, dumped.pid());
        assertEquals(1000, dumped.uid());
    }

    @Test
    void ignoredSigchldAutoreapsAndSendsNothing() {
        assertEquals(new ChildNotify.ExitNotice(0, true),
                ChildNotify.onExit(SIGCHLD, new SigAction(SigAction.SIG_IGN, 0, 0, 0)));
        assertEquals(new ChildNotify.ExitNotice(SIGCHLD, true),
                ChildNotify.onExit(SIGCHLD, new SigAction(0x1000, SaFlags.SA_NOCLDWAIT, 0, 0)));
        assertEquals(new ChildNotify.ExitNotice(SIGCHLD, false), ChildNotify.onExit(SIGCHLD, SigAction.DEFAULT));
        assertEquals(new ChildNotify.ExitNotice(SIGUSR1, false),
                ChildNotify.onExit(SIGUSR1, new SigAction(SigAction.SIG_IGN, 0, 0, 0)));
    }

    @Test
    void stopAndContinueNoticesCarryTheSignal() {
        SigInfo st = ChildNotify.stopped(SigInfo.CLD_STOPPED, 5, 0, SIGTSTP, 0, 0);
        assertEquals(SigInfo.CLD_STOPPED, st.code());
        assertEquals(SIGTSTP, st.status());
        assertEquals(SIGCHLD, st.signo());
        assertEquals(SIGCONT, ChildNotify.stopped(SigInfo.CLD_CONTINUED, 5, 0, 0, 0, 0).status());
        assertTrue(ChildNotify.sendsStopNotice(HANDLER));
        assertFalse(ChildNotify.sendsStopNotice(new SigAction(0x1000, SaFlags.SA_NOCLDSTOP, 0, 0)));
        assertFalse(ChildNotify.sendsStopNotice(new SigAction(SigAction.SIG_IGN, 0, 0, 0)));
    }

    @Test
    void coreIsWrittenOnlyForCoreSignalsWithAPageOfLimit() {
        assertTrue(CoreDump.wanted(SIGSEGV, -1, true));
        assertTrue(CoreDump.wanted(SIGABRT, 4096, true));
        assertFalse(CoreDump.wanted(SIGSEGV, 4095, true));
        assertFalse(CoreDump.wanted(SIGSEGV, 0, true));
        assertFalse(CoreDump.wanted(SIGSEGV, -1, false));
        assertFalse(CoreDump.wanted(SIGTERM, -1, true));
        assertEquals(SIGSEGV | 0x80, CoreDump.waitStatus(SIGSEGV, true));
        assertEquals(SIGSEGV, CoreDump.waitStatus(SIGSEGV, false));
    }

    @Test
    void parentIgnoringSigchldAutoreapsWithoutASignal() {
        ProcessSignals parent = new ProcessSignals(SigqueueAccount.UNLIMITED);
        TaskSignals pt = parent.addThread(1, f -> { }, 0, SigAltStack.DISABLED);
        // SIG_DFL: the child is not autoreaped; the SIGCHLD itself is discarded as ignored.
        assertFalse(parent.notifyChildExit(SIGCHLD, 42, 1000, ExitStatus.exited(0), 0, 0));
        assertFalse(pt.signalPending());
        pt.setBlocked(SigSet.bit(SIGCHLD));
        parent.sigaction(SIGCHLD, HANDLER);
        assertFalse(parent.notifyChildExit(SIGCHLD, 42, 1000, ExitStatus.exited(7), 0, 0));
        SigInfo si = pt.dequeue(SigSet.bit(SIGCHLD));
        assertEquals(SigInfo.CLD_EXITED, si.code());
        assertEquals(7, si.status());
        parent.sigaction(SIGCHLD, new SigAction(SigAction.SIG_IGN, 0, 0, 0));
        assertTrue(parent.notifyChildExit(SIGCHLD, 43, 1000, ExitStatus.exited(0), 0, 0));
        assertEquals(0, pt.sigpending());
    }

    @Test
    void parentWithNocldstopHearsNoStops() {
        ProcessSignals parent = new ProcessSignals(SigqueueAccount.UNLIMITED);
        TaskSignals pt = parent.addThread(1, f -> { }, SigSet.bit(SIGCHLD), SigAltStack.DISABLED);
        parent.sigaction(SIGCHLD, new SigAction(0x1000, SaFlags.SA_RESTORER | SaFlags.SA_NOCLDSTOP, 0x2000, 0));
        parent.notifyChildStop(SigInfo.CLD_STOPPED, 42, 0, SIGTSTP, 0, 0);
        assertEquals(0, pt.sigpending());
        parent.sigaction(SIGCHLD, HANDLER);
        parent.notifyChildStop(SigInfo.CLD_STOPPED, 42, 0, SIGTSTP, 0, 0);
        assertEquals(SIGTSTP, pt.dequeue(SigSet.bit(SIGCHLD)).status());
    }
}
