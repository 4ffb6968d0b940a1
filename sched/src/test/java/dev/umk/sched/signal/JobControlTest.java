package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.sched.SigAction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JobControlTest {
    private final ProcessSignals ps = new ProcessSignals(SigqueueAccount.UNLIMITED);
    private final TaskSignals t1 = ps.addThread(100, f -> { }, 0, SigAltStack.DISABLED);
    private final TaskSignals t2 = ps.addThread(101, f -> { }, 0, SigAltStack.DISABLED);

    private Delivery get(TaskSignals t) {
        return ps.getSignal(t, () -> false);
    }

    /** Sends SIGSTOP and lets both threads reach the stop; returns t2's (last) delivery. */
    private Delivery stopBoth() {
        ps.sendToProcess(SigInfo.user(SIGSTOP, 1, 0), t1, false);
        Delivery first = get(t1);
        assertEquals(Delivery.Kind.STOP, first.kind());
        assertEquals(0, first.cldCode());
        assertTrue(t2.signalPending());
        return get(t2);
    }

    @Test
    void sigstopStopsEveryThreadAndTheLastReportsIt() {
        Delivery last = stopBoth();
        assertEquals(Delivery.Kind.STOP, last.kind());
        assertEquals(SigInfo.CLD_STOPPED, last.cldCode());
        assertEquals(SIGSTOP, last.sig());
        assertTrue(ps.stopped());
        assertEquals(SIGSTOP, ps.waitStopped(false));
        assertEquals(SIGSTOP, ps.waitStopped(true));
        assertEquals(0, ps.waitStopped(true));
    }

    @Test
    void sigcontResumesStoppedThreadsAndReportsContinued() throws Exception {
        stopBoth();
        CountDownLatch resumed = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            ps.awaitContinue(t1);
            resumed.countDown();
        });
        waiter.start();
        assertFalse(resumed.await(50, TimeUnit.MILLISECONDS));
        ps.sendToProcess(SigInfo.user(SIGCONT, 1, 0), null, false);
        assertTrue(resumed.await(5, TimeUnit.SECONDS));
        waiter.join();
        assertFalse(ps.stopped());
        Delivery d = get(t1);
        assertEquals(Delivery.Kind.NOTIFY_PARENT, d.kind());
        assertEquals(SigInfo.CLD_CONTINUED, d.cldCode());
        assertEquals(SIGCONT, d.sig());
        assertEquals(Delivery.Kind.NONE, get(t2).kind());
        assertTrue(ps.waitContinued(true));
        assertFalse(ps.waitContinued(true));
    }

    @Test
    void sigkillEndsAStop() throws Exception {
        stopBoth();
        Thread waiter = new Thread(() -> ps.awaitContinue(t2));
        waiter.start();
        ps.sendToProcess(SigInfo.user(SIGKILL, 1, 0), null, false);
        waiter.join(5000);
        assertFalse(waiter.isAlive());
        assertEquals(Delivery.Kind.EXIT, get(t2).kind());
    }

    @Test
    void stopSignalDiscardsPendingSigcontAndSigcontDiscardsPendingStops() {
        t1.setBlocked(SigSet.bit(SIGCONT) | SigSet.bit(SIGTSTP));
        t2.setBlocked(SigSet.bit(SIGCONT) | SigSet.bit(SIGTSTP));
        ps.sendToProcess(SigInfo.user(SIGCONT, 1, 0), null, false);
        ps.sendToThread(t2, SigInfo.tkill(SIGCONT, 1, 0), false);
        ps.sendToProcess(SigInfo.user(SIGTSTP, 1, 0), null, false);
        assertEquals(SigSet.bit(SIGTSTP), t1.sigpending());
        assertEquals(SigSet.bit(SIGTSTP), t2.sigpending());
        ps.sendToProcess(SigInfo.user(SIGCONT, 1, 0), null, false);
        assertEquals(SigSet.bit(SIGCONT), t1.sigpending());
    }

    @Test
    void terminalStopInAnOrphanedProcessGroupIsDiscarded() {
        ps.sendToProcess(SigInfo.user(SIGTSTP, 1, 0), t1, false);
        assertEquals(Delivery.Kind.NONE, ps.getSignal(t1, () -> true).kind());
        assertFalse(ps.stopped());
        ps.sendToProcess(SigInfo.user(SIGSTOP, 1, 0), t1, false);
        assertEquals(Delivery.Kind.STOP, ps.getSignal(t1, () -> true).kind());
    }

    @Test
    void handledStopSignalRunsItsHandler() {
        ps.sigaction(SIGTSTP, new SigAction(0x1000, SaFlags.SA_RESTORER, 0x2000, 0));
        ps.sendToProcess(SigInfo.user(SIGTSTP, 1, 0), t1, false);
        assertEquals(Delivery.Kind.HANDLER, get(t1).kind());
    }

    @Test
    void sigcontDuringAStopInProgressReportsStopped() {
        ps.sendToProcess(SigInfo.user(SIGTSTP, 1, 0), t1, false);
        assertEquals(Delivery.Kind.STOP, get(t1).kind()); // t2 has not stopped yet
        ps.sendToProcess(SigInfo.user(SIGCONT, 1, 0), null, false);
        Delivery d = get(t2);
        assertEquals(Delivery.Kind.NOTIFY_PARENT, d.kind());
        assertEquals(SigInfo.CLD_STOPPED, d.cldCode());
        assertEquals(Delivery.Kind.NONE, get(t2).kind());
        assertFalse(ps.stopped());
    }

    @Test
    void threadExitCanCompleteAGroupStop() {
        ps.sendToProcess(SigInfo.user(SIGSTOP, 1, 0), t1, false);
        get(t1);
        assertEquals(SigInfo.CLD_STOPPED, ps.removeThread(t2));
        assertTrue(ps.stopped());
    }
}
