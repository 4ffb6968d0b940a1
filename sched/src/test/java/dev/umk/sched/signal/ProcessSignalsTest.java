package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.ExitStatus;
import dev.umk.sched.SigAction;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcessSignalsTest {
    static final SigAction HANDLER = new SigAction(0x401000, SaFlags.SA_RESTORER | SaFlags.SA_SIGINFO, 0x401800, 0);
    static final SigAction IGN = new SigAction(SigAction.SIG_IGN, 0, 0, 0);

    /** Records the wake-ups a task gets. */
    static final class Wakeups implements TaskWakeup {
        final List<Boolean> calls = new ArrayList<>();

        @Override
        public void wake(boolean fatal) {
            calls.add(fatal);
        }
    }

    private final ProcessSignals ps = new ProcessSignals(SigqueueAccount.UNLIMITED);
    private final Wakeups w1 = new Wakeups(), w2 = new Wakeups();
    private final TaskSignals t1 = ps.addThread(100, w1, 0, SigAltStack.DISABLED);

    private TaskSignals second() {
        return ps.addThread(101, w2, 0, SigAltStack.DISABLED);
    }

    private Delivery get(TaskSignals t) {
        return ps.getSignal(t, () -> false);
    }

    @Test
    void threadSignalIsPendingAndWakesTheThread() {
        ps.sigaction(SIGUSR1, HANDLER);
        assertEquals(ProcessSignals.Sent.PENDING, ps.sendToThread(t1, SigInfo.tkill(SIGUSR1, 5, 0), false));
        assertTrue(t1.signalPending());
        assertEquals(List.of(false), w1.calls);
        Delivery d = get(t1);
        assertEquals(Delivery.Kind.HANDLER, d.kind());
        assertEquals(SIGUSR1, d.sig());
        assertEquals(5, d.info().pid());
        assertEquals(Delivery.Kind.NONE, get(t1).kind());
        assertFalse(t1.signalPending());
    }

    @Test
    void ignoredSignalIsDiscardedWhenSent() {
        ps.sigaction(SIGUSR1, IGN);
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), null, false));
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToProcess(SigInfo.user(SIGCHLD, 1, 0), null, false));
        assertTrue(w1.calls.isEmpty());
    }

    @Test
    void blockedIgnoredSignalStaysPendingUntilAHandlerIsSet() {
        ps.sigaction(SIGUSR1, IGN);
        t1.setBlocked(SigSet.bit(SIGUSR1));
        assertEquals(ProcessSignals.Sent.PENDING, ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), null, false));
        assertEquals(SigSet.bit(SIGUSR1), t1.sigpending());
        ps.sigaction(SIGUSR1, HANDLER);
        t1.setBlocked(0);
        assertEquals(Delivery.Kind.HANDLER, get(t1).kind());
    }

    @Test
    void settingSigIgnDiscardsPendingInstancesEverywhere() {
        TaskSignals t2 = second();
        t1.setBlocked(SigSet.bit(SIGUSR2));
        t2.setBlocked(SigSet.bit(SIGUSR2));
        ps.sendToThread(t2, SigInfo.tkill(SIGUSR2, 1, 0), false);
        ps.sendToProcess(SigInfo.user(SIGUSR2, 1, 0), null, false);
        ps.sigaction(SIGUSR2, IGN);
        assertEquals(0, t1.sigpending());
        assertEquals(0, t2.sigpending());
        // SIG_DFL of a default-ignored signal discards too.
        t1.setBlocked(SigSet.bit(SIGWINCH));
        ps.sendToProcess(SigInfo.user(SIGWINCH, 1, 0), null, false);
        ps.sigaction(SIGWINCH, SigAction.DEFAULT);
        assertEquals(0, t1.sigpending());
    }

    @Test
    void sigactionRulesFollowDoSigaction() {
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> ps.sigaction(SIGKILL, IGN)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> ps.sigaction(SIGSTOP, HANDLER)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> ps.sigaction(65, HANDLER)).errno());
        assertEquals(Errno.EINVAL, assertThrows(ErrnoException.class, () -> ps.sigaction(0, null)).errno());
        assertEquals(SigAction.DEFAULT, ps.sigaction(SIGKILL, null));
        ps.sigaction(SIGINT, new SigAction(0x1000, SaFlags.SA_RESTORER | SaFlags.SA_UNSUPPORTED | 0x100000L,
                0x2000, SigSet.bit(SIGKILL) | SigSet.bit(SIGHUP)));
        SigAction a = ps.action(SIGINT);
        assertEquals(SaFlags.SA_RESTORER, a.flags());
        assertEquals(SigSet.bit(SIGHUP), a.mask());
    }

    @Test
    void processSignalGoesToAThreadThatDoesNotBlockIt() {
        TaskSignals t2 = second();
        ps.sigaction(SIGUSR1, HANDLER);
        t1.setBlocked(SigSet.bit(SIGUSR1));
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), t1, false);
        assertTrue(w1.calls.isEmpty());
        assertEquals(List.of(false), w2.calls);
        assertEquals(Delivery.Kind.NONE, get(t1).kind());
        assertEquals(Delivery.Kind.HANDLER, get(t2).kind());
    }

    @Test
    void preferredThreadTakesAProcessSignalWhenItCan() {
        TaskSignals t2 = second();
        ps.sendToProcess(SigInfo.user(SIGCONT, 1, 0), t2, false);
        // SIGCONT is ignored by default: nothing to wake.
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), t2, false);
        assertEquals(List.of(false), w2.calls);
        assertTrue(w1.calls.isEmpty());
    }

    @Test
    void blockingAPendingProcessSignalHandsItToAnotherThread() {
        TaskSignals t2 = second();
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), t1, false);
        assertEquals(1, w1.calls.size());
        t1.sigprocmask(SigSet.SIG_BLOCK, SigSet.bit(SIGUSR1));
        assertEquals(List.of(false), w2.calls);
        assertEquals(Delivery.Kind.HANDLER, get(t2).kind());
    }

    @Test
    void exitingThreadHandsProcessSignalsOn() {
        TaskSignals t2 = second();
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), t1, false);
        assertEquals(0, ps.removeThread(t1));
        assertEquals(List.of(false), w2.calls);
        assertEquals(Delivery.Kind.HANDLER, get(t2).kind());
    }

    @Test
    void defaultFatalSignalKillsEveryThreadWhenSent() {
        TaskSignals t2 = second();
        ps.sendToProcess(SigInfo.user(SIGTERM, 1, 0), t1, false);
        assertEquals(List.of(true), w1.calls);
        assertEquals(List.of(true), w2.calls);
        Delivery d1 = get(t1), d2 = get(t2);
        assertEquals(Delivery.Kind.EXIT, d1.kind());
        assertEquals(ExitStatus.killed(SIGTERM, false), d1.status());
        assertEquals(d1.status(), d2.status());
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), null, false));
    }

    @Test
    void coreSignalKillsWhenDequeuedAndCanBeMarkedDumped() {
        TaskSignals t2 = second();
        ps.sendToProcess(SigInfo.user(SIGQUIT, 1, 0), t1, false);
        assertEquals(List.of(false), w1.calls);
        Delivery d = get(t1);
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertTrue(d.coreDump());
        assertEquals(ExitStatus.killed(SIGQUIT, false), d.status());
        assertEquals(List.of(true), w2.calls);
        ps.markCoreDumped();
        assertEquals(ExitStatus.killed(SIGQUIT, true), get(t2).status());
    }

    @Test
    void firstGroupExitStatusWins() {
        TaskSignals t2 = second();
        assertEquals(ExitStatus.exited(3), ps.groupExit(ExitStatus.exited(3), t1));
        assertEquals(ExitStatus.exited(3), ps.groupExit(ExitStatus.killed(SIGKILL, false), t2));
        assertTrue(w1.calls.isEmpty());
        assertEquals(List.of(true), w2.calls);
        assertEquals(Delivery.Kind.EXIT, get(t2).kind());
    }

    @Test
    void initIgnoresUnhandledSignalsButNotForcedKill() {
        ps.setInit(false);
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToProcess(SigInfo.user(SIGTERM, 1, 0), null, false));
        assertEquals(ProcessSignals.Sent.DISCARDED, ps.sendToProcess(SigInfo.user(SIGKILL, 1, 0), null, false));
        assertEquals(ProcessSignals.Sent.PENDING, ps.sendToProcess(SigInfo.kernel(SIGKILL), null, true));
        ProcessSignals global = new ProcessSignals(SigqueueAccount.UNLIMITED);
        global.addThread(1, f -> { }, 0, SigAltStack.DISABLED);
        global.setInit(true);
        assertEquals(ProcessSignals.Sent.DISCARDED, global.sendToProcess(SigInfo.kernel(SIGKILL), null, true));
    }

    @Test
    void forcedFaultOverridesBlockingAndIgnoring() {
        ps.sigaction(SIGSEGV, HANDLER);
        t1.setBlocked(SigSet.bit(SIGSEGV));
        ps.forceSignal(t1, SigInfo.fault(SIGSEGV, SigInfo.SEGV_MAPERR, 0x10), false);
        assertEquals(SigAction.SIG_DFL, ps.action(SIGSEGV).handler());
        assertEquals(0, t1.blocked());
        Delivery d = get(t1);
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertTrue(d.coreDump());
        assertEquals(0x10, d.info().addr());
    }

    @Test
    void forcedFaultIsHandledBeforeEarlierSignals() {
        ps.sigaction(SIGINT, HANDLER);
        ps.sigaction(SIGSEGV, HANDLER);
        ps.sendToThread(t1, SigInfo.tkill(SIGINT, 1, 0), false);
        ps.sendToThread(t1, SigInfo.tkill(SIGSEGV, 1, 0), false); // kill(SIGSEGV): not a fault
        t1.setBlocked(SigSet.bit(SIGSEGV));
        ps.forceSignal(t1, SigInfo.fault(SIGBUS, SigInfo.BUS_ADRERR, 0x20), false);
        ps.sigaction(SIGBUS, HANDLER);
        assertEquals(SIGBUS, get(t1).sig());
        assertEquals(SIGINT, get(t1).sig());
    }

    @Test
    void frameFailureOnSigsegvResetsItToDefault() {
        ps.sigaction(SIGSEGV, HANDLER);
        ps.forceSigsegv(t1, SIGSEGV);
        Delivery d = get(t1);
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertEquals(SigInfo.SI_KERNEL, d.info().code());
        ProcessSignals other = new ProcessSignals(SigqueueAccount.UNLIMITED);
        TaskSignals t = other.addThread(7, f -> { }, 0, SigAltStack.DISABLED);
        other.sigaction(SIGSEGV, HANDLER);
        other.forceSigsegv(t, SIGUSR1);
        assertEquals(Delivery.Kind.HANDLER, other.getSignal(t, () -> false).kind());
    }

    @Test
    void resethandHandlerRunsOnceThenDefault() {
        SigAction once = new SigAction(0x1000, SaFlags.SA_RESTORER | SaFlags.SA_RESETHAND, 0x2000, 0);
        ps.sigaction(SIGUSR1, once);
        ps.sendToThread(t1, SigInfo.tkill(SIGUSR1, 1, 0), false);
        Delivery d = get(t1);
        assertEquals(0x1000, d.action().handler());
        assertEquals(SigAction.SIG_DFL, ps.action(SIGUSR1).handler());
    }

    @Test
    void deliveredHandlerBlocksItsSignalAndSaMask() {
        SigAction a = new SigAction(0x1000, SaFlags.SA_RESTORER, 0x2000, SigSet.bit(SIGHUP));
        ps.sigaction(SIGUSR1, a);
        ps.sendToThread(t1, SigInfo.tkill(SIGUSR1, 1, 0), false);
        ps.signalDelivered(t1, get(t1));
        assertEquals(SigSet.bit(SIGHUP) | SigSet.bit(SIGUSR1), t1.blocked());
    }

    @Test
    void autodisarmedAltStackIsDisabledWhileTheHandlerRuns() {
        TaskSignals t = ps.addThread(9, f -> { }, 0, new SigAltStack(0x1000, 0x4000, SigAltStack.SS_AUTODISARM));
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 1, 0), false);
        ps.signalDelivered(t, ps.getSignal(t, () -> false));
        assertEquals(SigAltStack.DISABLED, t.altStack());
    }

    @Test
    void sigtimedwaitTakesAWaitedSignalWithoutDying() {
        t1.setBlocked(SigSet.bit(SIGUSR1));
        assertNull(t1.dequeue(SigSet.bit(SIGUSR1)));
        t1.beginSigtimedwait(SigSet.bit(SIGUSR1));
        assertEquals(0, t1.blocked());
        ps.sendToProcess(SigInfo.user(SIGUSR1, 4, 0), null, false);
        assertEquals(List.of(false), w1.calls); // woken, not killed
        t1.endSigtimedwait();
        assertEquals(SigSet.bit(SIGUSR1), t1.blocked());
        assertEquals(4, t1.dequeue(SigSet.bit(SIGUSR1)).pid());
        assertFalse(ps.exiting());
    }

    @Test
    void dequeueForSignalfdNeverTakesKillOrStop() {
        ps.sendToThread(t1, SigInfo.tkill(SIGSTOP, 1, 0), false);
        assertNull(t1.dequeue(SigSet.FULL));
    }

    @Test
    void temporaryMaskIsSavedInTheFrameOrRestored() {
        t1.setBlocked(SigSet.bit(SIGINT));
        t1.setTemporaryMask(0);
        assertEquals(0, t1.blocked());
        assertEquals(SigSet.bit(SIGINT), t1.sigmaskToSave());
        t1.restoreSavedSigmask();
        assertEquals(SigSet.bit(SIGINT), t1.blocked());
        t1.setTemporaryMask(0);
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sendToThread(t1, SigInfo.tkill(SIGUSR1, 1, 0), false);
        ps.signalDelivered(t1, get(t1));
        t1.restoreSavedSigmask(); // nothing to restore: the frame holds it
        assertEquals(SigSet.bit(SIGUSR1), t1.blocked());
    }

    @Test
    void sigprocmaskHowsAndKillStopStayUnblockable() {
        assertEquals(0, t1.sigprocmask(SigSet.SIG_BLOCK, SigSet.bit(SIGINT) | SigSet.KERNEL_ONLY));
        assertEquals(SigSet.bit(SIGINT), t1.sigprocmask(SigSet.SIG_SETMASK, SigSet.FULL));
        t1.sigprocmask(SigSet.SIG_UNBLOCK, SigSet.bit(SIGHUP));
        assertEquals(SigSet.sanitize(SigSet.FULL) & ~SigSet.bit(SIGHUP), t1.blocked());
        assertThrows(ErrnoException.class, () -> t1.sigprocmask(3, 0));
    }

    @Test
    void realtimeQueueOverflowIsEagain() {
        UserSigpending user = new UserSigpending();
        ProcessSignals limited = new ProcessSignals(new SigqueueAccount(user, () -> 1));
        limited.addThread(1, f -> { }, SigSet.bit(SIGRTMIN), SigAltStack.DISABLED);
        limited.sendToProcess(SigInfo.queue(SIGRTMIN, SigInfo.SI_QUEUE, 1, 0, 1), null, false);
        assertThrows(ErrnoException.class,
                () -> limited.sendToProcess(SigInfo.queue(SIGRTMIN, SigInfo.SI_QUEUE, 1, 0, 2), null, false));
        assertEquals(1, user.queued());
    }

    @Test
    void pendingListenerHearsEveryNewSignal() {
        int[] n = {0};
        ps.setPendingListener(() -> n[0]++);
        t1.setBlocked(SigSet.bit(SIGUSR1));
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), null, false);
        ps.sendToProcess(SigInfo.user(SIGUSR1, 1, 0), null, false);
        assertEquals(1, n[0]);
    }

    @Test
    void execKeepsIgnoredSignalsAndResetsHandlers() {
        TaskSignals t = ps.addThread(9, f -> { }, SigSet.bit(SIGINT), new SigAltStack(0x1000, 0x4000, 0));
        ps.sigaction(SIGUSR1, HANDLER);
        ps.sigaction(SIGUSR2, new SigAction(SigAction.SIG_IGN, SaFlags.SA_RESTART, 0, 4));
        ps.execReset(t);
        assertEquals(SigAction.DEFAULT, ps.action(SIGUSR1));
        assertEquals(IGN, ps.action(SIGUSR2));
        assertEquals(SigAltStack.DISABLED, t.altStack());
        assertEquals(SigSet.bit(SIGINT), t.blocked());
    }

    @Test
    void forkCopiesDispositionsButNothingPending() {
        ps.sigaction(SIGUSR1, HANDLER);
        t1.setBlocked(SigSet.bit(SIGUSR2));
        ps.sendToProcess(SigInfo.user(SIGUSR2, 1, 0), null, false);
        ProcessSignals child = ps.forkChild(SigqueueAccount.UNLIMITED);
        TaskSignals ct = child.addThread(200, f -> { }, t1.blocked(), t1.altStack());
        assertEquals(HANDLER, child.action(SIGUSR1));
        assertEquals(0, ct.sigpending());
    }

    @Test
    void execKillsTheOtherThreadsAlone() {
        TaskSignals t2 = second();
        ps.beginExec(t1);
        assertEquals(List.of(true), w2.calls);
        assertEquals(Delivery.Kind.THREAD_EXIT, get(t2).kind());
        assertEquals(Delivery.Kind.NONE, get(t1).kind());
        assertThrows(ErrnoException.class, () -> ps.beginExec(t2));
        ps.removeThread(t2);
        ps.endExec();
        assertFalse(ps.exiting());
    }
}
