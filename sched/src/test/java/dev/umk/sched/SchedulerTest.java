package dev.umk.sched;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The run queue on a virtual clock: CPU-bound entities that only ever yield when told to. */
class SchedulerTest {
    private static final long MS = 1_000_000;

    private long now;

    /** Runs CPU-bound entities for {@code totalMs}, returns each one's CPU time in ns. */
    private Map<Scheduler.Entity, Long> simulate(Scheduler s, List<Scheduler.Entity> es, long totalMs) {
        Map<Scheduler.Entity, Long> used = new HashMap<>();
        for (Scheduler.Entity e : es) {
            used.put(e, 0L);
            s.offer(e);
        }
        for (long t = 0; t < totalMs; t++) {
            now += MS;
            for (Scheduler.Entity e : es) if (e.vcpu() >= 0) used.merge(e, MS, Long::sum);
            for (Scheduler.Entity e : s.tick()) {
                s.release(e);
                s.offer(e);
            }
        }
        return used;
    }

    @Test
    void fourCpuBoundTasksShareTwoVcpusEvenly() {
        Scheduler s = new Scheduler(2, 4 * MS, () -> now);
        List<Scheduler.Entity> es = List.of(s.enter(null, null), s.enter(null, null), s.enter(null, null),
                s.enter(null, null));
        Map<Scheduler.Entity, Long> used = simulate(s, es, 4000);
        for (Scheduler.Entity e : es) {
            double share = used.get(e) / (4000.0 * MS);
            assertTrue(share > 0.35 && share < 0.65, "share " + share);
        }
        assertEquals(2 * 4000 * MS, used.values().stream().mapToLong(Long::longValue).sum());
    }

    @Test
    void niceZeroGetsAtLeastFiveTimesNiceTenOnOneVcpu() {
        Scheduler s = new Scheduler(1, 4 * MS, () -> now);
        Scheduler.Entity fast = s.enter(null, null);
        Scheduler.Entity slow = s.enter(null, null);
        s.setNice(slow, 10);
        Map<Scheduler.Entity, Long> used = simulate(s, List.of(fast, slow), 6000);
        double ratio = (double) used.get(fast) / used.get(slow);
        assertTrue(ratio >= 5, "ratio " + ratio);
    }

    @Test
    void realtimeTaskRunsBeforeOrdinaryOnes() {
        Scheduler s = new Scheduler(1, 4 * MS, () -> now);
        Scheduler.Entity normal = s.enter(null, null);
        Scheduler.Entity rt = s.enter(null, null);
        s.setPolicy(rt, Scheduler.SCHED_RR, 10);
        assertTrue(s.offer(normal));
        assertTrue(!s.offer(rt));
        s.release(normal);
        assertTrue(rt.vcpu() >= 0, "the RR task takes the freed vCPU");
        assertTrue(!s.offer(normal));
    }

    @Test
    void aTaskAloneIsNeverPreempted() {
        Scheduler s = new Scheduler(1, 4 * MS, () -> now);
        Scheduler.Entity e = s.enter(null, null);
        assertTrue(s.offer(e));
        now += 100 * MS;
        assertTrue(s.tick().isEmpty());
    }

    @Test
    void resetOnForkChildStartsAsNormalWithNonNegativeNice() {
        Scheduler s = new Scheduler(1, 4 * MS, () -> now);
        Scheduler.Entity parent = s.enter(null, null);
        s.setPolicy(parent, Scheduler.SCHED_RR, 50);
        s.setNice(parent, -5);
        s.setResetOnFork(parent, true);
        Scheduler.Entity child = s.enter(null, parent);
        assertEquals(Scheduler.SCHED_OTHER, child.policy());
        assertEquals(0, child.rtPriority());
        assertEquals(0, child.nice());
        assertEquals(false, child.resetOnFork(), "the child does not keep the flag");
        s.setResetOnFork(parent, false);
        Scheduler.Entity plain = s.enter(null, parent);
        assertEquals(Scheduler.SCHED_RR, plain.policy());
        assertEquals(50, plain.rtPriority());
    }

    @Test
    void deadlineTaskRunsBeforeRealtimeAndKeepsItsReservation() {
        Scheduler s = new Scheduler(1, 4 * MS, () -> now);
        Scheduler.Entity holder = s.enter(null, null);
        assertTrue(s.offer(holder));
        Scheduler.Entity fifo = s.enter(null, null);
        s.setPolicy(fifo, Scheduler.SCHED_FIFO, 99);
        Scheduler.Entity dl = s.enter(null, null);
        s.setDeadline(dl, 10_000_000, 30_000_000, 30_000_000);
        s.offer(fifo);
        s.offer(dl);
        s.release(holder);
        assertTrue(dl.vcpu() >= 0, "the deadline task gets the vCPU first");
        assertEquals(30_000_000, dl.dlPeriod());
    }

    @Test
    void tasksPinnedToOneVcpuShareItByNice() {
        Scheduler s = new Scheduler(2, 4 * MS, () -> now);
        Scheduler.Entity fast = s.enter(null, null);
        Scheduler.Entity slow = s.enter(null, null);
        s.setAffinity(fast, 1);
        s.setAffinity(slow, 1);
        s.setNice(slow, 10);
        Map<Scheduler.Entity, Long> used = simulate(s, List.of(fast, slow), 6000);
        assertEquals(6000 * MS, used.get(fast) + used.get(slow), "only vCPU 0 is used");
        assertTrue((double) used.get(fast) / used.get(slow) >= 5, "nice weights apply");
    }
}
