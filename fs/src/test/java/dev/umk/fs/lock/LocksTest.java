package dev.umk.fs.lock;

import static dev.umk.core.abi.FileFlags.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocksTest extends FsTestKit {
    private static final long NOFILE = 1024;
    private final FdTable a = new FdTable();
    private final FdTable b = new FdTable();

    @BeforeEach
    void file() {
        writeFile("/f", "0123456789");
    }

    private OpenFile rw() {
        return open("/f", O_RDWR, 0);
    }

    private static Flock wr(long start, long len) {
        return new Flock(F_WRLCK, SEEK_SET, start, len, 0);
    }

    private static Flock rd(long start, long len) {
        return new Flock(F_RDLCK, SEEK_SET, start, len, 0);
    }

    @Test
    void flockSharedAndExclusive() {
        OpenFile x = rw(), y = rw();
        Locks.flock(x, Locks.LOCK_SH, blocker);
        Locks.flock(y, Locks.LOCK_SH | Locks.LOCK_NB, blocker);
        assertErrno(Errno.EWOULDBLOCK, () -> Locks.flock(y, Locks.LOCK_EX | Locks.LOCK_NB, blocker));
        Locks.flock(x, Locks.LOCK_UN, blocker);
        Locks.flock(y, Locks.LOCK_EX | Locks.LOCK_NB, blocker);
        assertErrno(Errno.EWOULDBLOCK, () -> Locks.flock(x, Locks.LOCK_SH | Locks.LOCK_NB, blocker));
        y.put();
        Locks.flock(x, Locks.LOCK_EX | Locks.LOCK_NB, blocker);
        assertErrno(Errno.EINVAL, () -> Locks.flock(x, 3, blocker));
        x.put();
    }

    @Test
    void flockWaiterWakesOnRelease() throws Exception {
        OpenFile x = rw(), y = rw();
        Locks.flock(x, Locks.LOCK_EX, blocker);
        CompletableFuture<Void> w = CompletableFuture.runAsync(() -> Locks.flock(y, Locks.LOCK_EX, new ParkingBlocker()));
        Thread.sleep(50);
        assertFalse(w.isDone());
        x.put();
        w.get(5, TimeUnit.SECONDS);
        y.put();
    }

    @Test
    void posixLocksConflictAcrossOwnersOnly() {
        OpenFile fa = rw(), fb = rw();
        Locks.setPosix(fa, a, 100, wr(0, 5), false, blocker);
        Locks.setPosix(fa, a, 100, rd(2, 2), false, blocker);
        assertEquals(F_UNLCK, Locks.getPosix(fb, b, rd(3, 1)).type(), "the re-locked middle is now shared");
        Flock seen = Locks.getPosix(fb, b, rd(4, 1));
        assertEquals(F_WRLCK, seen.type());
        assertEquals(4, seen.start());
        assertEquals(100, seen.pid());
        assertErrno(Errno.EAGAIN, () -> Locks.setPosix(fb, b, 200, rd(4, 1), false, blocker));
        Locks.setPosix(fb, b, 200, wr(5, 0), false, blocker);
        assertEquals(F_UNLCK, Locks.getPosix(fa, a, wr(0, 5)).type(), "own locks never conflict");
        fa.put();
        fb.put();
    }

    @Test
    void unlockingTheMiddleSplitsALock() {
        OpenFile fa = rw(), fb = rw();
        Locks.setPosix(fa, a, 1, wr(0, 10), false, blocker);
        Locks.setPosix(fa, a, 1, new Flock(F_UNLCK, SEEK_SET, 3, 4, 0), false, blocker);
        Locks.setPosix(fb, b, 2, wr(3, 4), false, blocker);
        Flock left = Locks.getPosix(fb, b, wr(0, 3));
        assertEquals(0, left.start());
        assertEquals(3, left.len());
        Flock right = Locks.getPosix(fb, b, wr(7, 0));
        assertEquals(7, right.start());
        assertEquals(3, right.len());
    }

    @Test
    void adjacentLocksOfOneTypeMerge() {
        OpenFile fa = rw(), fb = rw();
        Locks.setPosix(fa, a, 1, wr(0, 2), false, blocker);
        Locks.setPosix(fa, a, 1, wr(2, 2), false, blocker);
        Flock got = Locks.getPosix(fb, b, wr(0, 0));
        assertEquals(0, got.start());
        assertEquals(4, got.len());
    }

    @Test
    void closingAnyFdOfTheFileDropsTheTablesPosixLocks() {
        int fd1 = a.install(rw(), false, NOFILE);
        int fd2 = a.install(rw(), false, NOFILE);
        Locks.setPosix(a.get(fd1), a, 1, wr(0, 0), false, blocker);
        OpenFile other = rw();
        assertEquals(F_WRLCK, Locks.getPosix(other, b, wr(0, 1)).type());
        a.close(fd2);
        assertEquals(F_UNLCK, Locks.getPosix(other, b, wr(0, 1)).type());
        other.put();
    }

    @Test
    void ofdLocksBelongToTheDescription() {
        int fd1 = a.install(rw(), false, NOFILE);
        int fd2 = a.install(rw(), false, NOFILE);
        Locks.setOfd(a.get(fd1), wr(0, 1), false, blocker);
        a.close(fd2);
        OpenFile other = rw();
        Flock seen = Locks.getOfd(other, wr(0, 1));
        assertEquals(F_WRLCK, seen.type());
        assertEquals(-1, seen.pid());
        assertErrno(Errno.EAGAIN, () -> Locks.setPosix(other, b, 5, rd(0, 1), false, blocker), "OFD and POSIX locks conflict");
        assertErrno(Errno.EINVAL, () -> Locks.getOfd(other, new Flock(F_RDLCK, SEEK_SET, 0, 1, 7)));
        a.close(fd1);
        Locks.setPosix(other, b, 5, rd(0, 1), false, blocker);
        other.put();
    }

    @Test
    void lockTypeMustMatchTheAccessMode() {
        OpenFile r = open("/f", O_RDONLY, 0), w = open("/f", O_WRONLY, 0);
        assertErrno(Errno.EBADF, () -> Locks.setPosix(r, a, 1, wr(0, 1), false, blocker));
        assertErrno(Errno.EBADF, () -> Locks.setPosix(w, a, 1, rd(0, 1), false, blocker));
        assertErrno(Errno.EINVAL, () -> Locks.getPosix(r, a, new Flock(F_UNLCK, SEEK_SET, 0, 1, 0)));
        r.put();
        w.put();
    }

    @Test
    void rangesFollowWhenceAndNegativeLengths() {
        OpenFile f = rw();
        f.lseek(4, SEEK_SET);
        assertArrayEquals(new long[] {6, 7}, Locks.range(f, new Flock(F_RDLCK, SEEK_CUR, 2, 2, 0)));
        assertArrayEquals(new long[] {8, 9}, Locks.range(f, new Flock(F_RDLCK, SEEK_END, -2, 2, 0)));
        assertArrayEquals(new long[] {2, 3}, Locks.range(f, new Flock(F_RDLCK, SEEK_SET, 4, -2, 0)));
        assertArrayEquals(new long[] {0, Long.MAX_VALUE}, Locks.range(f, new Flock(F_RDLCK, SEEK_SET, 0, 0, 0)));
        assertErrno(Errno.EINVAL, () -> Locks.range(f, new Flock(F_RDLCK, SEEK_SET, -1, 1, 0)));
        assertErrno(Errno.EINVAL, () -> Locks.range(f, new Flock(F_RDLCK, SEEK_SET, 1, -2, 0)));
        assertErrno(Errno.EINVAL, () -> Locks.range(f, new Flock(F_RDLCK, 9, 0, 0, 0)));
        f.put();
    }

    @Test
    void waitingInACycleIsEdeadlk() throws Exception {
        OpenFile fa = rw(), fb = rw();
        Locks.setPosix(fa, a, 1, wr(0, 1), false, blocker);
        Locks.setPosix(fb, b, 2, wr(1, 1), false, blocker);
        CompletableFuture<Void> bWaits = CompletableFuture.runAsync(
                () -> Locks.setPosix(fb, b, 2, wr(0, 1), true, new ParkingBlocker()));
        Thread.sleep(100);
        assertFalse(bWaits.isDone());
        assertErrno(Errno.EDEADLK, () -> Locks.setPosix(fa, a, 1, wr(1, 1), true, blocker));
        Locks.setPosix(fa, a, 1, new Flock(F_UNLCK, SEEK_SET, 0, 1, 0), false, blocker);
        bWaits.get(5, TimeUnit.SECONDS);
    }
}
