package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static dev.umk.sched.signal.SignalDisposition.Verdict.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.sched.SigAction;
import org.junit.jupiter.api.Test;

class SignalDispositionTest {
    private static final SigAction DFL = SigAction.DEFAULT;
    private static final SigAction IGN = new SigAction(SigAction.SIG_IGN, 0, 0, 0);
    private static final SigAction HANDLER = new SigAction(0x401000, SaFlags.SA_RESTORER, 0x401100, 0);

    @Test
    void defaultActionsFollowSignal7() {
        assertEquals(DefaultAction.TERMINATE, DefaultAction.of(SIGHUP));
        assertEquals(DefaultAction.TERMINATE, DefaultAction.of(SIGPIPE));
        assertEquals(DefaultAction.TERMINATE, DefaultAction.of(SIGKILL));
        assertEquals(DefaultAction.TERMINATE, DefaultAction.of(SIGRTMIN + 5));
        assertEquals(DefaultAction.CORE, DefaultAction.of(SIGSEGV));
        assertEquals(DefaultAction.CORE, DefaultAction.of(SIGXFSZ));
        assertEquals(DefaultAction.IGNORE, DefaultAction.of(SIGCHLD));
        assertEquals(DefaultAction.IGNORE, DefaultAction.of(SIGWINCH));
        assertEquals(DefaultAction.STOP, DefaultAction.of(SIGTTOU));
        assertEquals(DefaultAction.CONTINUE, DefaultAction.of(SIGCONT));
    }

    @Test
    void ignoredSignalIsDiscardedOnSendUnlessBlocked() {
        assertTrue(SignalDisposition.discardedOnSend(SIGUSR1, IGN, 0, 0, false, false, false));
        assertTrue(SignalDisposition.discardedOnSend(SIGCHLD, DFL, 0, 0, false, false, false));
        assertFalse(SignalDisposition.discardedOnSend(SIGUSR1, IGN, SigSet.bit(SIGUSR1), 0, false, false, false));
        assertFalse(SignalDisposition.discardedOnSend(SIGCHLD, DFL, 0, SigSet.bit(SIGCHLD), false, false, false));
        assertFalse(SignalDisposition.discardedOnSend(SIGUSR1, DFL, 0, 0, false, false, false));
    }

    @Test
    void initDiscardsDefaultHandledSignalsButNotForcedKill() {
        assertTrue(SignalDisposition.discardedOnSend(SIGTERM, DFL, 0, 0, false, true, false));
        assertFalse(SignalDisposition.discardedOnSend(SIGTERM, HANDLER, 0, 0, false, true, false));
        assertTrue(SignalDisposition.discardedOnSend(SIGKILL, DFL, 0, 0, false, true, false));
        assertFalse(SignalDisposition.discardedOnSend(SIGKILL, DFL, 0, 0, false, true, true));
        assertTrue(SignalDisposition.discardedOnSend(SIGKILL, DFL, 0, 0, true, true, true));
    }

    @Test
    void fatalMeansDefaultTerminateOrCore() {
        assertTrue(SignalDisposition.fatal(DFL, SIGTERM));
        assertTrue(SignalDisposition.fatal(DFL, SIGSEGV));
        assertFalse(SignalDisposition.fatal(DFL, SIGTSTP));
        assertFalse(SignalDisposition.fatal(DFL, SIGCONT));
        assertFalse(SignalDisposition.fatal(HANDLER, SIGTERM));
    }

    @Test
    void wantsSignalSkipsBlockingExitingAndStoppedThreads() {
        assertFalse(SignalDisposition.wantsSignal(SIGUSR1, SigSet.bit(SIGUSR1), false, false, false, false));
        assertFalse(SignalDisposition.wantsSignal(SIGKILL, 0, true, false, false, false));
        assertTrue(SignalDisposition.wantsSignal(SIGKILL, 0, false, true, false, true));
        assertFalse(SignalDisposition.wantsSignal(SIGUSR1, 0, false, true, false, false));
        assertFalse(SignalDisposition.wantsSignal(SIGUSR1, 0, false, false, false, true));
        assertTrue(SignalDisposition.wantsSignal(SIGUSR1, 0, false, false, true, true));
    }

    @Test
    void dequeueVerdicts() {
        assertEquals(IGNORE, SignalDisposition.onDequeue(SIGUSR1, IGN, false, false));
        assertEquals(HANDLE, SignalDisposition.onDequeue(SIGUSR1, HANDLER, false, false));
        assertEquals(IGNORE, SignalDisposition.onDequeue(SIGCONT, DFL, false, false));
        assertEquals(TERMINATE, SignalDisposition.onDequeue(SIGTERM, DFL, false, false));
        assertEquals(CORE, SignalDisposition.onDequeue(SIGABRT, DFL, false, false));
        assertEquals(STOP, SignalDisposition.onDequeue(SIGTSTP, DFL, false, false));
        assertEquals(IGNORE, SignalDisposition.onDequeue(SIGTSTP, DFL, false, true));
        assertEquals(STOP, SignalDisposition.onDequeue(SIGSTOP, DFL, false, true));
        assertEquals(IGNORE, SignalDisposition.onDequeue(SIGTERM, DFL, true, false));
        assertEquals(TERMINATE, SignalDisposition.onDequeue(SIGKILL, DFL, true, false));
    }

    @Test
    void forcedFaultResetsBlockedOrIgnoredToDefault() {
        long blocked = SigSet.bit(SIGSEGV) | SigSet.bit(SIGINT);
        SignalDisposition.Forced f = SignalDisposition.force(SIGSEGV, HANDLER, blocked, false);
        assertEquals(SigAction.SIG_DFL, f.action().handler());
        assertEquals(SigSet.bit(SIGINT), f.blocked());
        assertTrue(f.resetToDefault());
        f = SignalDisposition.force(SIGSEGV, IGN, 0, false);
        assertEquals(SigAction.SIG_DFL, f.action().handler());
        f = SignalDisposition.force(SIGSEGV, HANDLER, SigSet.bit(SIGINT), false);
        assertSame(HANDLER, f.action());
        assertFalse(f.resetToDefault());
        assertEquals(SigAction.SIG_DFL, SignalDisposition.force(SIGSEGV, HANDLER, 0, true).action().handler());
    }

    @Test
    void handlerMaskAddsSaMaskAndTheSignalUnlessNodefer() {
        SigAction a = new SigAction(0x1000, SaFlags.SA_RESTORER, 0x2000, SigSet.bit(SIGINT) | SigSet.bit(SIGKILL));
        assertEquals(SigSet.bit(SIGINT) | SigSet.bit(SIGUSR1) | SigSet.bit(SIGHUP),
                SignalDisposition.maskDuringHandler(SigSet.bit(SIGHUP), a, SIGUSR1));
        SigAction nodefer = new SigAction(0x1000, SaFlags.SA_NODEFER, 0x2000, 0);
        assertEquals(0, SignalDisposition.maskDuringHandler(0, nodefer, SIGUSR1));
    }

    @Test
    void resethandLeavesDefaultAfterDelivery() {
        SigAction once = new SigAction(0x1000, SaFlags.SA_RESETHAND | SaFlags.SA_SIGINFO, 0x2000, 4);
        SigAction after = SignalDisposition.afterDelivery(once);
        assertEquals(SigAction.SIG_DFL, after.handler());
        assertEquals(once.flags(), after.flags());
        assertSame(HANDLER, SignalDisposition.afterDelivery(HANDLER));
    }
}
