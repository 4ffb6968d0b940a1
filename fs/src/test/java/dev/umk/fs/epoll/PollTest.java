package dev.umk.fs.epoll;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.PollEvents.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PollTest extends PollTestKit {
    private final short[] revents = new short[4];

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private int poll(int[] fd, short[] events, long deadline) {
        return Poll.poll(fds, fd, events, revents, deadline, () -> false);
    }

    @Test
    void readyPipeEndsReportAtOnce() {
        int[] p = pipe();
        write(p[1], "hi");
        int n = poll(new int[] {p[0], p[1]}, new short[] {POLLIN, POLLOUT}, Long.MAX_VALUE);
        assertEquals(2, n);
        assertEquals(POLLIN, revents[0]);
        assertEquals(POLLOUT, revents[1]);
    }

    @Test
    void negativeFdsAreSkippedAndClosedOnesArePollnval() {
        int n = poll(new int[] {-1, 77}, new short[] {POLLIN, POLLIN}, 0);
        assertEquals(1, n);
        assertEquals(0, revents[0]);
        assertEquals(POLLNVAL, revents[1]);
    }

    @Test
    void hangupIsReportedEvenWhenNotAsked() {
        int[] p = pipe();
        fds.close(p[1]);
        assertEquals(1, poll(new int[] {p[0]}, new short[] {0}, 0));
        assertEquals(POLLHUP, revents[0]);
    }

    @Test
    void onlyAskedEventsAreReported() {
        int[] p = pipe();
        assertEquals(0, poll(new int[] {p[1]}, new short[] {POLLIN}, 0));
        assertEquals(0, revents[0]);
    }

    @Test
    void timeoutExpiresWithNothingReady() {
        int[] p = pipe();
        long start = System.nanoTime();
        assertEquals(0, poll(new int[] {p[0]}, new short[] {POLLIN}, deadlineIn(30)));
        assertTrue(System.nanoTime() - start >= 30 * MS);
    }

    @Test
    void sleepingPollWakesWhenAPipeGetsData() {
        int[] p = pipe();
        writeLater(p[1], 30);
        assertEquals(1, poll(new int[] {p[0]}, new short[] {POLLIN}, Long.MAX_VALUE));
        assertEquals(POLLIN, revents[0]);
    }

    @Test
    void interruptionWithNothingReadyIsErestartnohand() {
        int[] p = pipe();
        interruptMeLater(30);
        assertErrno(Errno.ERESTARTNOHAND, () -> poll(new int[] {p[0]}, new short[] {POLLIN}, Long.MAX_VALUE));
    }

    @Test
    void pendingSignalDoesNotHideReadyFiles() {
        int[] p = pipe();
        write(p[1], "x");
        assertEquals(1, Poll.poll(fds, new int[] {p[0]}, new short[] {POLLIN}, revents, Long.MAX_VALUE, () -> true));
    }

    @Test
    void zeroTimeoutNeverSleepsEvenWithASignalPending() {
        int[] p = pipe();
        assertEquals(0, Poll.poll(fds, new int[] {p[0]}, new short[] {POLLIN}, revents, 0, () -> true));
    }

    @Test
    void pathFilesArePollnval() {
        writeFile("/f", "data");
        int fd = fds.install(open("/f", O_PATH, 0), false, NOFILE);
        assertEquals(1, poll(new int[] {fd}, new short[] {POLLIN}, 0));
        assertEquals(POLLNVAL, revents[0]);
    }

    @Test
    void watchedFilesAreReleasedWhenThePollEnds() {
        int[] p = pipe();
        poll(new int[] {p[0], p[0]}, new short[] {POLLIN, POLLIN}, 0);
        assertEquals(1, fds.get(p[0]).refCount());
        assertTrue(fds.get(p[0]).waitQueue().isEmpty());
    }
}
