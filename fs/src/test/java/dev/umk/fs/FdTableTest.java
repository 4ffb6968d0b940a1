package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FdTableTest extends FsTestKit {
    private static final long LIMIT = 1024;
    private final FdTable t = new FdTable();

    @BeforeEach
    void file() {
        writeFile("/f", "x");
    }

    private OpenFile f() {
        return open("/f", O_RDONLY, 0);
    }

    @Test
    void installTakesTheLowestFreeFd() {
        assertEquals(0, t.install(f(), false, LIMIT));
        assertEquals(1, t.install(f(), false, LIMIT));
        assertEquals(2, t.install(f(), false, LIMIT));
        t.close(1);
        assertEquals(1, t.install(f(), false, LIMIT));
        assertEquals(3, t.install(f(), false, LIMIT));
    }

    @Test
    void limitGivesEmfile() {
        assertEquals(0, t.install(f(), false, 2));
        assertEquals(1, t.install(f(), false, 2));
        OpenFile extra = f();
        assertErrno(Errno.EMFILE, () -> t.install(extra, false, 2));
        extra.put();
    }

    @Test
    void closeReleasesTheLastReference() {
        OpenFile file = f();
        int fd = t.install(file, false, LIMIT);
        int dup = t.dup(fd, LIMIT);
        assertEquals(2, file.refCount());
        t.close(fd);
        assertEquals(1, file.refCount());
        t.close(dup);
        assertEquals(0, file.refCount());
        assertErrno(Errno.EBADF, () -> t.close(dup));
    }

    @Test
    void dup2Semantics() {
        int a = t.install(f(), false, LIMIT);
        int b = t.install(f(), true, LIMIT);
        OpenFile old = t.getRaw(b);
        assertEquals(b, t.dup2(a, b, LIMIT));
        assertSame(t.get(a), t.get(b));
        assertEquals(0, t.getFdFlags(b), "dup2 clears close-on-exec");
        assertEquals(0, old.refCount());
        assertEquals(a, t.dup2(a, a, LIMIT));
        assertErrno(Errno.EBADF, () -> t.dup2(7, 7, LIMIT));
        assertErrno(Errno.EBADF, () -> t.dup2(a, (int) LIMIT, LIMIT));
        assertErrno(Errno.EBADF, () -> t.dup2(a, -1, LIMIT));
        assertEquals(100, t.dup2(a, 100, LIMIT));
    }

    @Test
    void dup3Semantics() {
        int a = t.install(f(), false, LIMIT);
        assertErrno(Errno.EINVAL, () -> t.dup3(a, a, 0, LIMIT));
        assertErrno(Errno.EINVAL, () -> t.dup3(a, 5, O_NONBLOCK, LIMIT));
        assertEquals(5, t.dup3(a, 5, O_CLOEXEC, LIMIT));
        assertEquals(FD_CLOEXEC, t.getFdFlags(5));
    }

    @Test
    void dupFromHonoursTheMinimum() {
        int a = t.install(f(), false, LIMIT);
        assertEquals(10, t.dupFrom(a, 10, true, LIMIT));
        assertEquals(FD_CLOEXEC, t.getFdFlags(10));
        assertEquals(11, t.dupFrom(a, 10, false, LIMIT));
        assertEquals(1, t.dup(a, LIMIT));
        assertErrno(Errno.EINVAL, () -> t.dupFrom(a, (int) LIMIT, false, LIMIT));
        assertErrno(Errno.EINVAL, () -> t.dupFrom(a, -1, false, LIMIT));
    }

    @Test
    void closeOnExecClosesMarkedFds() {
        int a = t.install(f(), true, LIMIT);
        int b = t.install(f(), false, LIMIT);
        t.setFdFlags(b, FD_CLOEXEC);
        int c = t.install(f(), false, LIMIT);
        t.closeOnExec();
        assertErrno(Errno.EBADF, () -> t.get(a));
        assertErrno(Errno.EBADF, () -> t.get(b));
        t.get(c);
        assertEquals(0, t.install(f(), false, LIMIT));
    }

    @Test
    void closeRangeClosesOrMarks() {
        for (int i = 0; i < 6; i++) t.install(f(), false, LIMIT);
        t.closeRange(1, 2, 0);
        t.closeRange(4, Integer.MAX_VALUE, CLOSE_RANGE_CLOEXEC);
        assertArrayEquals(new int[] {0, 3, 4, 5}, t.openFds());
        assertEquals(FD_CLOEXEC, t.getFdFlags(5));
        assertErrno(Errno.EINVAL, () -> t.closeRange(3, 2, 0));
        assertErrno(Errno.EINVAL, () -> t.closeRange(0, 1, 1 << 5));
        t.closeRange(3, -1, 0);
        assertArrayEquals(new int[] {0}, t.openFds());
    }

    @Test
    void forkSharesDescriptionsAndFlags() {
        OpenFile file = f();
        int a = t.install(file, true, LIMIT);
        FdTable child = t.fork();
        assertSame(file, child.get(a));
        assertEquals(2, file.refCount());
        assertEquals(FD_CLOEXEC, child.getFdFlags(a));
        child.getRaw(a).lseek(1, SEEK_SET);
        assertEquals(1, t.get(a).position(), "the offset is shared");
        child.closeAll();
        assertEquals(1, file.refCount());
    }

    @Test
    void pathFilesAreOnlyReachableRaw() {
        int p = t.install(open("/f", O_PATH, 0), false, LIMIT);
        assertErrno(Errno.EBADF, () -> t.get(p));
        assertTrue(t.getRaw(p).isPath());
    }

    @Test
    void sharedTableClosesItsFilesWithItsLastUser() {
        OpenFile file = f();
        int fd = t.install(file, false, LIMIT);
        FdTable same = t.share(); // clone(CLONE_FILES) of a process
        assertSame(t, same);
        assertTrue(t.shared());
        t.release(); // one process exits
        assertFalse(t.shared());
        assertSame(file, t.get(fd), "the other process still has its fd");
        assertEquals(1, file.refCount());
        t.release();
        assertEquals(0, file.refCount());
        assertThrows(IllegalStateException.class, t::release);
    }
}
