package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.sched.SigAction;
import org.junit.jupiter.api.Test;

/** The ptrace parts of kernel/signal.c: what a traced thread's signals do. */
class PtraceSignalsTest {
    private final ProcessSignals ps = new ProcessSignals(SigqueueAccount.UNLIMITED);
    private final ProcessSignalsTest.Wakeups w = new ProcessSignalsTest.Wakeups();
    private final TaskSignals t = ps.addThread(100, w, 0, SigAltStack.DISABLED);

    private Delivery get() {
        return ps.getSignal(t, () -> false);
    }

    @Test
    void tracedTaskShowsEachDequeuedSignalToItsTracerFirst() {
        ps.ptrace().setPtraced(t, true);
        ps.sigaction(SIGUSR1, ProcessSignalsTest.HANDLER);
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 7, 0), false);
        Delivery d = get();
        assertEquals(Delivery.Kind.PTRACE_SIGNAL, d.kind());
        assertEquals(SIGUSR1, d.sig());
        assertEquals(7, d.info().pid());
        assertEquals(Delivery.Kind.NONE, get().kind(), "taken: suppressed unless the tracer passes it on");
    }

    @Test
    void signalTheTracerPassesOnIsDeliveredWithoutAnotherStop() {
        ps.ptrace().setPtraced(t, true);
        ps.sigaction(SIGUSR1, ProcessSignalsTest.HANDLER);
        ps.sendToThread(t, SigInfo.tkill(SIGUSR2, 7, 0), false);
        assertEquals(Delivery.Kind.PTRACE_SIGNAL, get().kind());
        ps.ptrace().ptraceDeliver(t, SigInfo.user(SIGUSR1, 1, 0));
        assertTrue(t.signalPending());
        Delivery d = get();
        assertEquals(Delivery.Kind.HANDLER, d.kind());
        assertEquals(SIGUSR1, d.sig());
    }

    @Test
    void passedOnSignalNowBlockedIsQueuedAgain() {
        ps.ptrace().setPtraced(t, true);
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 7, 0), false);
        assertEquals(Delivery.Kind.PTRACE_SIGNAL, get().kind());
        t.setBlocked(SigSet.bit(SIGUSR1));
        ps.ptrace().ptraceDeliver(t, SigInfo.tkill(SIGUSR1, 7, 0));
        assertEquals(Delivery.Kind.NONE, get().kind());
        assertEquals(SigSet.bit(SIGUSR1), t.sigpending());
    }

    @Test
    void ignoredSignalsStillReachTheTracer() {
        ps.sigaction(SIGUSR1, ProcessSignalsTest.IGN);
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 7, 0), false));
        ps.ptrace().setPtraced(t, true);
        assertEquals(ProcessSignals.Sent.PENDING, ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 7, 0), false));
        assertEquals(Delivery.Kind.PTRACE_SIGNAL, get().kind());
    }

    @Test
    void fatalSignalWaitsForTheTracerInsteadOfKillingAtOnce() {
        ps.ptrace().setPtraced(t, true);
        ps.sendToThread(t, SigInfo.tkill(SIGTERM, 7, 0), false);
        assertFalse(ps.groupExiting());
        assertEquals(Delivery.Kind.PTRACE_SIGNAL, get().kind());
    }

    @Test
    void sigkillIsNeverShownToTheTracer() {
        ps.ptrace().setPtraced(t, true);
        ps.sendToThread(t, SigInfo.kernel(SIGKILL), false);
        assertTrue(ps.ptrace().fatalPending(t));
        assertEquals(Delivery.Kind.EXIT, get().kind());
    }

    @Test
    void sigcontAsksATracedThreadForATrap() {
        ps.ptrace().setPtraced(t, true);
        ps.sendToThread(t, SigInfo.tkill(SIGCONT, 7, 0), false);
        assertTrue(t.ptraceNotifyPending());
        assertTrue(ps.ptrace().takePtraceNotify(t));
        assertFalse(t.ptraceNotifyPending());
    }

    @Test
    void ptraceWakeEndsAJobControlWait() throws Exception {
        ps.sendToThread(t, SigInfo.tkill(SIGSTOP, 7, 0), false);
        assertEquals(Delivery.Kind.STOP, get().kind());
        assertTrue(ps.ptrace().taskStopped(t));
        Thread waiter = new Thread(() -> ps.awaitContinue(t));
        waiter.start();
        ps.ptrace().ptraceWake(t);
        waiter.join(5000);
        assertFalse(waiter.isAlive());
        assertTrue(ps.ptrace().taskStopped(t), "still in the group stop, now to be reported to the tracer");
        ps.ptrace().leaveStop(t);
        assertFalse(ps.ptrace().taskStopped(t));
    }

    @Test
    void detachingDropsTheSignalTheTracerChose() {
        ps.ptrace().setPtraced(t, true);
        ps.ptrace().ptraceDeliver(t, SigInfo.user(SIGUSR1, 1, 0));
        ps.ptrace().setPtraced(t, false);
        ps.sigaction(SIGUSR1, new SigAction(SigAction.SIG_IGN, 0, 0, 0));
        assertEquals(Delivery.Kind.NONE, get().kind());
    }
}
