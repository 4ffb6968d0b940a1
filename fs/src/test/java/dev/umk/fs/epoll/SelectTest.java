package dev.umk.fs.epoll;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SelectTest extends PollTestKit {
    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static long[] set(int... fds) {
        long[] s = new long[Select.words(1024)];
        for (int fd : fds) s[fd >>> 6] |= 1L << (fd & 63);
        return s;
    }

    private static boolean isSet(long[] s, int fd) {
        return (s[fd >>> 6] & (1L << (fd & 63))) != 0;
    }

    @Test
    void eachReadyBitCountsOnce() {
        int[] p = pipe();
        write(p[1], "x");
        long[] in = set(p[0], p[1]);
        long[] out = set(p[0], p[1]);
        int n = Select.select(fds, p[1] + 1, in, out, null, 0, () -> false);
        assertEquals(2, n);
        assertTrue(isSet(in, p[0]));
        assertFalse(isSet(in, p[1]));
        assertTrue(isSet(out, p[1]));
        assertFalse(isSet(out, p[0]));
    }

    @Test
    void aClosedFdInASetIsEbadf() {
        int[] p = pipe();
        assertErrno(Errno.EBADF, () -> Select.select(fds, 10, set(p[0], 7), null, null, 0, () -> false));
    }

    @Test
    void bitsAtOrAboveNAreIgnoredAndComeBackClear() {
        int[] p = pipe();
        write(p[1], "x");
        long[] in = set(p[0], 9);
        assertEquals(1, Select.select(fds, p[1] + 1, in, null, null, 0, () -> false));
        assertTrue(isSet(in, p[0]));
        assertFalse(isSet(in, 9), "fd 9 is past n: not checked (no EBADF) and cleared");
    }

    @Test
    void maxFdsIsTheTableCapacity() {
        pipe();
        assertEquals(64, Select.maxFds(fds));
        fds.installAt(100, pipes.create(ROOT, 0)[0], false, NOFILE);
        assertEquals(128, Select.maxFds(fds));
    }

    @Test
    void timeoutLeavesEmptySets() {
        int[] p = pipe();
        long[] in = set(p[0]);
        assertEquals(0, Select.select(fds, p[0] + 1, in, null, null, deadlineIn(20), () -> false));
        assertFalse(isSet(in, p[0]));
    }

    @Test
    void exceptionalSetWantsPollpri() {
        int[] p = pipe();
        fds.close(p[1]);
        long[] in = set(p[0]);
        long[] ex = set(p[0]);
        assertEquals(1, Select.select(fds, p[0] + 1, in, null, ex, 0, () -> false));
        assertTrue(isSet(in, p[0]), "hang-up reads as readable");
        assertFalse(isSet(ex, p[0]));
    }

    @Test
    void sleepingSelectWakesOnWrite() {
        int[] p = pipe();
        writeLater(p[1], 30);
        long[] in = set(p[0]);
        assertEquals(1, Select.select(fds, p[0] + 1, in, null, null, Long.MAX_VALUE, () -> false));
    }

    @Test
    void interruptedSelectLeavesTheSetsAlone() {
        int[] p = pipe();
        long[] in = set(p[0]);
        interruptMeLater(30);
        assertErrno(Errno.ERESTARTNOHAND, () -> Select.select(fds, p[0] + 1, in, null, null, Long.MAX_VALUE, () -> false));
        assertTrue(isSet(in, p[0]));
    }
}
