package dev.umk.fs.timerfd;

import static dev.umk.fs.PollEvents.*;
import static dev.umk.fs.timerfd.TimerFd.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.anon.AnonInodes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimerFdTest {
    private static final long MS = 1_000_000;
    private final AnonInodes anon = new AnonInodes(FsClock.SYSTEM);
    private final ParkingBlocker blocker = new ParkingBlocker();
    private final ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1);
    /** A clock the test moves by hand; the executor's firings then find nothing early to count. */
    private final AtomicLong manual = new AtomicLong(1_000_000_000L);

    @AfterEach
    void stop() {
        timers.shutdownNow();
    }

    private OpenFile manualTimer(int flags) {
        return TimerFd.create(anon, FsTestKit.ROOT, CLOCK_MONOTONIC, flags, c -> manual.get(), timers);
    }

    private OpenFile realTimer() {
        return TimerFd.create(anon, FsTestKit.ROOT, CLOCK_MONOTONIC, 0, c -> System.nanoTime(), timers);
    }

    private long read(OpenFile f) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, f.read(b, blocker));
        return b.getLong(0);
    }

    @Test
    void oneShotExpiresOnceThenReadsEagain() {
        OpenFile f = manualTimer(TFD_NONBLOCK);
        TimerFd t = TimerFd.of(f);
        t.settime(0, 100 * MS, 0);
        assertEquals(0, f.poll());
        FsTestKit.assertErrno(Errno.EAGAIN, () -> read(f));
        manual.addAndGet(100 * MS);
        assertEquals(IN, f.poll());
        assertEquals(1, read(f));
        assertArrayEquals(new long[] {0, 0}, t.gettime());
        FsTestKit.assertErrno(Errno.EAGAIN, () -> read(f));
        f.put();
    }

    @Test
    void intervalTimerCountsEveryExpirationSinceTheLastRead() {
        OpenFile f = manualTimer(TFD_NONBLOCK);
        TimerFd t = TimerFd.of(f);
        t.settime(0, 100, 50);
        manual.addAndGet(300);
        assertEquals(5, read(f)); // at 100, 150, 200, 250, 300
        assertArrayEquals(new long[] {50, 50}, t.gettime());
        manual.addAndGet(49);
        FsTestKit.assertErrno(Errno.EAGAIN, () -> read(f));
        manual.addAndGet(1);
        assertEquals(1, read(f));
        f.put();
    }

    @Test
    void absoluteTimeInThePastExpiresAtOnce() {
        OpenFile f = manualTimer(TFD_NONBLOCK);
        TimerFd.of(f).settime(TFD_TIMER_ABSTIME, manual.get() - 10, 0);
        assertEquals(IN, f.poll());
        assertEquals(1, read(f));
        f.put();
    }

    @Test
    void absoluteTimeIsOnTheTimersClock() {
        OpenFile f = manualTimer(TFD_NONBLOCK);
        TimerFd t = TimerFd.of(f);
        t.settime(TFD_TIMER_ABSTIME, manual.get() + 70, 0);
        assertEquals(70, t.gettime()[0]);
        f.put();
    }

    @Test
    void settimeReturnsTheOldSettingAndDropsUnreadExpirations() {
        OpenFile f = manualTimer(TFD_NONBLOCK);
        TimerFd t = TimerFd.of(f);
        t.settime(0, 100, 30);
        manual.addAndGet(120);
        assertArrayEquals(new long[] {10, 30}, t.settime(0, 500, 0));
        assertEquals(0, f.poll());
        assertEquals(0, t.ticks());
        assertArrayEquals(new long[] {500, 0}, t.settime(0, 0, 0));
        manual.addAndGet(1000);
        assertEquals(0, f.poll(), "a zero value disarms");
        f.put();
    }

    @Test
    void badFlagsAndClocksAreRefused() {
        FsTestKit.assertErrno(Errno.EINVAL, () -> TimerFd.create(anon, FsTestKit.ROOT, 2, 0, c -> 0, timers));
        FsTestKit.assertErrno(Errno.EINVAL, () -> TimerFd.create(anon, FsTestKit.ROOT, CLOCK_REALTIME, 1, c -> 0, timers));
        FsTestKit.assertErrno(Errno.EPERM,
                () -> TimerFd.create(anon, FsTestKit.USER, CLOCK_BOOTTIME_ALARM, 0, c -> 0, timers));
        OpenFile f = manualTimer(0);
        FsTestKit.assertErrno(Errno.EINVAL, () -> TimerFd.of(f).settime(4, 1, 0));
        FsTestKit.assertErrno(Errno.EINVAL, () -> f.read(ByteBuffer.allocate(4), blocker));
        f.put();
    }

    @Test
    void blockingReadWakesAtExpiry() {
        OpenFile f = realTimer();
        long start = System.nanoTime();
        TimerFd.of(f).settime(0, 30 * MS, 0);
        assertEquals(1, read(f));
        assertTrue(System.nanoTime() - start >= 30 * MS);
        f.put();
    }

    @Test
    void expiryWakesTheWaitQueue() throws Exception {
        OpenFile f = realTimer();
        CountDownLatch woken = new CountDownLatch(1);
        f.waitQueue().add(ev -> woken.countDown(), IN);
        TimerFd.of(f).settime(0, 20 * MS, 0);
        assertTrue(woken.await(5, TimeUnit.SECONDS));
        assertEquals(IN, f.poll());
        f.put();
    }

    @Test
    void intervalTimerWakesAgainAfterARead() throws Exception {
        OpenFile f = realTimer();
        TimerFd.of(f).settime(0, 10 * MS, 10 * MS);
        assertTrue(read(f) >= 1);
        assertTrue(read(f) >= 1, "the second blocking read is woken by the re-armed timer");
        f.put();
    }

    @Test
    void releaseCancelsThePendingExpiry() {
        OpenFile f = realTimer();
        TimerFd.of(f).settime(0, 3600_000 * MS, 0);
        f.put();
        assertTrue(timers.getQueue().stream()
                .allMatch(r -> ((java.util.concurrent.Future<?>) r).isCancelled()));
    }
}
