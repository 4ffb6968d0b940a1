package dev.umk.sched.signal;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.hw.Registers;
import dev.umk.sched.Signals;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CoreStateTest {
    private final ProcessSignals ps = new ProcessSignals(SigqueueAccount.UNLIMITED);
    private final TaskSignals t1 = ps.addThread(100, f -> { }, 0, SigAltStack.DISABLED);
    private final TaskSignals t2 = ps.addThread(101, f -> { }, 0, SigAltStack.DISABLED);
    private final TaskSignals t3 = ps.addThread(102, f -> { }, 0, SigAltStack.DISABLED);

    private Delivery takeQuit() {
        ps.sendToThread(t1, SigInfo.tkill(Signals.SIGQUIT, 1, 0), false);
        return ps.getSignal(t1, () -> false);
    }

    @Test
    void aCoreSignalStartsARendezvousForTheOtherThreads() {
        Delivery d = takeQuit();
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertTrue(d.coreDump());
        CoreState cs = ps.coreState();
        assertNotNull(cs);
        assertTrue(cs.isDumper(t1));
        assertFalse(cs.isDumper(t2));
    }

    @Test
    void aKillWithoutCoreMakesNone() {
        ps.sendToThread(t1, SigInfo.tkill(Signals.SIGTERM, 1, 0), false);
        assertFalse(ps.getSignal(t1, () -> false).coreDump());
        assertNull(ps.coreState());
    }

    @Test
    void othersHandOverTheirStateAndWaitUntilTheDumpIsFinished() throws Exception {
        takeQuit();
        CoreState cs = ps.coreState();
        CountDownLatch released = new CountDownLatch(2);
        for (TaskSignals t : List.of(t2, t3)) {
            Thread th = new Thread(() -> {
                Delivery d = ps.getSignal(t, () -> false);
                assertEquals(Delivery.Kind.EXIT, d.kind());
                cs.join(t, () -> new CoreThread(t.tid(), new Registers(), new byte[512]));
                released.countDown();
            });
            th.start();
        }
        CoreState.Threads got = cs.awaitThreads(TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(), got.missing());
        assertEquals(List.of(101, 102), got.arrived().stream().map(CoreThread::tid).sorted().toList());
        assertFalse(released.await(50, TimeUnit.MILLISECONDS), "they wait for the dump");
        cs.finish();
        assertTrue(released.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aThreadThatLeavesWithoutJoiningIsNotAwaited() {
        takeQuit();
        CoreState cs = ps.coreState();
        ps.removeThread(t2);
        ps.removeThread(t3);
        CoreState.Threads got = cs.awaitThreads(TimeUnit.SECONDS.toNanos(10));
        assertEquals(List.of(), got.missing());
        assertEquals(List.of(), got.arrived());
    }

    @Test
    void aThreadThatNeverComesIsReportedMissingAfterTheTimeout() {
        takeQuit();
        CoreState.Threads got = ps.coreState().awaitThreads(TimeUnit.MILLISECONDS.toNanos(20));
        assertEquals(List.of(101, 102), got.missing());
    }

    @Test
    void joiningAfterTheDumpReturnsAtOnceWithoutASnapshot() {
        takeQuit();
        CoreState cs = ps.coreState();
        cs.finish();
        cs.join(t2, () -> fail("no snapshot needed once the dump is over"));
        assertTrue(cs.finished());
    }
}
