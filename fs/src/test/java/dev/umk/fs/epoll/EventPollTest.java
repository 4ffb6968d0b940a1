package dev.umk.fs.epoll;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;
import static dev.umk.fs.epoll.EventPoll.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FsClock;
import dev.umk.fs.OpenFile;
import dev.umk.fs.anon.AnonInodes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EventPollTest extends PollTestKit {
    private final AnonInodes anon = new AnonInodes(FsClock.SYSTEM);

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private int epoll() {
        return fds.install(EventPoll.create(anon, ROOT, 0), false, NOFILE);
    }

    private void ctl(int ep, int op, int fd, int events, long data) {
        EventPoll.ctl(fds.get(ep), op, fd, fds.get(fd), events, data, ROOT);
    }

    /** Events as "data:events" strings. */
    private List<String> wait(int ep, int max, long deadline) {
        List<String> got = new ArrayList<>();
        EventPoll.of(fds.get(ep)).wait(max, deadline, () -> false, (ev, data) -> got.add(data + ":" + ev));
        return got;
    }

    @Test
    void levelTriggeredReportsWhileReady() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 7);
        assertEquals(List.of(), wait(ep, 8, 0));
        write(p[1], "x");
        assertEquals(List.of("7:" + POLLIN), wait(ep, 8, 0));
        assertEquals(List.of("7:" + POLLIN), wait(ep, 8, 0), "still ready, reported again");
        drain(p[0]);
        assertEquals(List.of(), wait(ep, 8, 0));
    }

    @Test
    void alreadyReadyFileIsReportedRightAfterAdd() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[1], POLLOUT, 3);
        assertEquals(List.of("3:" + POLLOUT), wait(ep, 8, 0));
    }

    @Test
    void edgeTriggeredReportsOncePerChange() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN | EPOLLET, 1);
        write(p[1], "x");
        assertEquals(1, wait(ep, 8, 0).size());
        assertEquals(0, wait(ep, 8, 0).size(), "no new data, no new edge");
        write(p[1], "y");
        assertEquals(1, wait(ep, 8, 0).size());
    }

    @Test
    void oneshotDisablesTheItemUntilModified() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN | EPOLLONESHOT, 1);
        write(p[1], "x");
        assertEquals(1, wait(ep, 8, 0).size());
        write(p[1], "y");
        assertEquals(0, wait(ep, 8, 0).size());
        ctl(ep, EPOLL_CTL_MOD, p[0], POLLIN, 2);
        assertEquals(List.of("2:" + POLLIN), wait(ep, 8, 0));
    }

    @Test
    void hangupAndErrorAreAlwaysWatched() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], 0, 5);
        fds.close(p[1]);
        assertEquals(List.of("5:" + POLLHUP), wait(ep, 8, 0));
    }

    @Test
    void ctlErrorsFollowLinux() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 0);
        assertErrno(Errno.EEXIST, () -> ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 0));
        assertErrno(Errno.ENOENT, () -> ctl(ep, EPOLL_CTL_DEL, p[1], 0, 0));
        assertErrno(Errno.ENOENT, () -> ctl(ep, EPOLL_CTL_MOD, p[1], POLLOUT, 0));
        assertErrno(Errno.EINVAL, () -> ctl(ep, 9, p[0], POLLIN, 0));
        assertErrno(Errno.EINVAL, () -> ctl(ep, EPOLL_CTL_ADD, ep, POLLIN, 0), "an epoll cannot watch itself");
        assertErrno(Errno.EINVAL, () -> ctl(p[0], EPOLL_CTL_ADD, p[1], POLLIN, 0), "epfd must be an epoll");
        ctl(ep, EPOLL_CTL_DEL, p[0], 0, 0);
        assertEquals(0, EventPoll.of(fds.get(ep)).size());
    }

    @Test
    void regularFilesAreEperm() {
        int ep = epoll();
        writeFile("/f", "data");
        int fd = fds.install(open("/f", O_RDONLY, 0), false, NOFILE);
        assertErrno(Errno.EPERM, () -> ctl(ep, EPOLL_CTL_ADD, fd, POLLIN, 0));
        assertErrno(Errno.EPERM, () -> ctl(fd, EPOLL_CTL_ADD, fd, POLLIN, 0), "EPERM comes before EINVAL");
    }

    @Test
    void exclusiveIsOnlyForAddOfPlainEvents() {
        int ep = epoll();
        int inner = epoll();
        int[] p = pipe();
        assertErrno(Errno.EINVAL, () -> ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT, 0));
        assertErrno(Errno.EINVAL, () -> ctl(ep, EPOLL_CTL_ADD, inner, POLLIN | EPOLLEXCLUSIVE, 0));
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN | EPOLLEXCLUSIVE, 0);
        assertErrno(Errno.EINVAL, () -> ctl(ep, EPOLL_CTL_MOD, p[0], POLLIN | EPOLLEXCLUSIVE, 0));
        assertErrno(Errno.EINVAL, () -> ctl(ep, EPOLL_CTL_MOD, p[0], POLLIN, 0), "an exclusive item cannot be modified");
        write(p[1], "x");
        assertEquals(1, wait(ep, 8, 0).size());
    }

    @Test
    void loopsAreEloop() {
        int a = epoll();
        int b = epoll();
        ctl(a, EPOLL_CTL_ADD, b, POLLIN, 0);
        assertErrno(Errno.ELOOP, () -> ctl(b, EPOLL_CTL_ADD, a, POLLIN, 0));
    }

    @Test
    void nestingIsLimitedToFiveLevels() {
        int[] eps = new int[6];
        for (int i = 0; i < eps.length; i++) eps[i] = epoll();
        for (int i = 0; i < 4; i++) ctl(eps[i], EPOLL_CTL_ADD, eps[i + 1], POLLIN, 0);
        assertErrno(Errno.ELOOP, () -> ctl(eps[4], EPOLL_CTL_ADD, eps[5], POLLIN, 0));
        assertErrno(Errno.ELOOP, () -> ctl(eps[5], EPOLL_CTL_ADD, eps[0], POLLIN, 0));
    }

    @Test
    void epollOfEpollPassesReadinessUp() {
        int outer = epoll();
        int inner = epoll();
        int[] p = pipe();
        ctl(inner, EPOLL_CTL_ADD, p[0], POLLIN, 1);
        ctl(outer, EPOLL_CTL_ADD, inner, POLLIN, 2);
        assertEquals(0, fds.get(inner).poll());
        writeLater(p[1], 30);
        assertEquals(List.of("2:" + POLLIN), wait(outer, 8, deadlineIn(5000)));
        assertEquals(POLLIN | POLLRDNORM, fds.get(inner).poll());
        assertEquals(List.of("1:" + POLLIN), wait(inner, 8, 0));
    }

    @Test
    void theLastCloseOfAFileRemovesItsItems() {
        int ep = epoll();
        int[] p = pipe();
        write(p[1], "x");
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 1);
        int dup = fds.dup(p[0], NOFILE);
        fds.close(p[0]);
        assertEquals(1, wait(ep, 8, 0).size(), "another fd still holds the file");
        fds.close(dup);
        assertEquals(0, wait(ep, 8, 0).size());
        assertEquals(0, EventPoll.of(fds.get(ep)).size());
    }

    @Test
    void dupedFdsAreSeparateItems() {
        int ep = epoll();
        int[] p = pipe();
        int dup = fds.dup(p[0], NOFILE);
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 1);
        ctl(ep, EPOLL_CTL_ADD, dup, POLLIN, 2);
        write(p[1], "x");
        assertEquals(List.of("1:" + POLLIN, "2:" + POLLIN), wait(ep, 8, 0));
    }

    @Test
    void maxEventsLeavesTheRestReady() {
        int ep = epoll();
        for (int i = 0; i < 3; i++) ctl(ep, EPOLL_CTL_ADD, pipe()[1], POLLOUT, i);
        assertEquals(List.of("0:" + POLLOUT, "1:" + POLLOUT), wait(ep, 2, 0));
        assertEquals(List.of("2:" + POLLOUT, "0:" + POLLOUT), wait(ep, 2, 0), "round robin");
    }

    @Test
    void waitSleepsUntilAnEventOrTheDeadline() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 1);
        long start = System.nanoTime();
        assertEquals(0, wait(ep, 8, deadlineIn(30)).size());
        assertTrue(System.nanoTime() - start >= 30 * MS);
        writeLater(p[1], 20);
        assertEquals(1, wait(ep, 8, Long.MAX_VALUE).size());
    }

    @Test
    void interruptedWaitIsEintr() {
        int ep = epoll();
        interruptMeLater(30);
        assertErrno(Errno.EINTR, () -> wait(ep, 8, Long.MAX_VALUE));
    }

    @Test
    void badBufferForTheFirstEventIsEfaultAndTheEventStaysReady() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN | EPOLLET, 1);
        write(p[1], "x");
        assertErrno(Errno.EFAULT,
                () -> EventPoll.of(fds.get(ep)).wait(8, 0, () -> false, (ev, data) -> false));
        assertEquals(1, wait(ep, 8, 0).size());
    }

    @Test
    void closingTheEpollUnhooksItsItems() {
        int ep = epoll();
        int[] p = pipe();
        ctl(ep, EPOLL_CTL_ADD, p[0], POLLIN, 1);
        OpenFile r = fds.get(p[0]);
        assertFalse(r.waitQueue().isEmpty());
        fds.close(ep);
        assertTrue(r.waitQueue().isEmpty());
    }

    @Test
    void unknownCreateFlagsAreEinval() {
        assertErrno(Errno.EINVAL, () -> EventPoll.create(anon, ROOT, 1));
    }

    @Test
    void exclusiveItemsWakeOneSleepingInstance() throws Exception {
        int[] p = pipe();
        int n = 4;
        int[] eps = new int[n];
        for (int i = 0; i < n; i++) {
            eps[i] = epoll();
            ctl(eps[i], EPOLL_CTL_ADD, p[0], POLLIN | EPOLLEXCLUSIVE, i);
        }
        java.util.concurrent.atomic.AtomicInteger woken = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> sleepers = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int ep = eps[i];
            Thread t = new Thread(() -> {
                try {
                    if (!wait(ep, 1, System.nanoTime() + 2_000_000_000L).isEmpty()) woken.incrementAndGet();
                } catch (RuntimeException ignored) {
                    // timed out or interrupted: not woken
                }
            });
            t.start();
            sleepers.add(t);
        }
        sleep(300); // all four asleep in epoll_wait
        write(p[1], "x");
        sleep(300);
        assertEquals(1, woken.get(), "one exclusive waiter woken, as Linux");
        for (Thread t : sleepers) t.join();
    }
}
