package dev.umk.fs.eventfd;

import static dev.umk.fs.PollEvents.*;
import static dev.umk.fs.eventfd.EventFd.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsTestKit;
import dev.umk.fs.OpenFile;
import dev.umk.fs.ParkingBlocker;
import dev.umk.fs.anon.AnonInodes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventFdTest {
    private final AnonInodes anon = new AnonInodes(FsClock.SYSTEM);
    private final ParkingBlocker blocker = new ParkingBlocker();

    private OpenFile eventfd(long init, int flags) {
        return EventFd.create(anon, FsTestKit.ROOT, init, flags);
    }

    private long read(OpenFile f) {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(8, f.read(b, blocker));
        return b.getLong(0);
    }

    private int write(OpenFile f, long v) {
        return f.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, v), blocker);
    }

    @Test
    void readTakesTheWholeCountAndResetsIt() {
        OpenFile f = eventfd(3, EFD_NONBLOCK);
        assertEquals(8, write(f, 4));
        assertEquals(7, read(f));
        FsTestKit.assertErrno(Errno.EAGAIN, () -> read(f));
        f.put();
    }

    @Test
    void semaphoreModeReadsOneAtATime() {
        OpenFile f = eventfd(2, EFD_SEMAPHORE | EFD_NONBLOCK);
        assertEquals(1, read(f));
        assertEquals(1, read(f));
        FsTestKit.assertErrno(Errno.EAGAIN, () -> read(f));
        f.put();
    }

    @Test
    void readsNeedEightBytesOrMoreAndWritesExactlyEight() {
        OpenFile f = eventfd(1, 0);
        FsTestKit.assertErrno(Errno.EINVAL, () -> f.read(ByteBuffer.allocate(7), blocker));
        FsTestKit.assertErrno(Errno.EINVAL, () -> f.write(ByteBuffer.allocate(4), blocker));
        FsTestKit.assertErrno(Errno.EINVAL, () -> f.write(ByteBuffer.allocate(16), blocker));
        assertEquals(8, f.read(ByteBuffer.allocate(16), blocker));
        assertEquals(8, f.write(ByteBuffer.allocate(8).put(0, (byte) 5), blocker));
        assertEquals(5, EventFd.of(f).count());
        f.put();
    }

    @Test
    void writingAllOnesIsEinval() {
        OpenFile f = eventfd(0, 0);
        FsTestKit.assertErrno(Errno.EINVAL, () -> write(f, -1L));
        f.put();
    }

    @Test
    void writeThatWouldReachTheMaximumBlocksOrIsEagain() {
        OpenFile f = eventfd(0, EFD_NONBLOCK);
        write(f, -2L); // 2^64 - 2: the largest count there can be
        assertEquals(IN, f.poll() & (IN | OUT));
        FsTestKit.assertErrno(Errno.EAGAIN, () -> write(f, 1));
        assertEquals(8, write(f, 0));
        f.put();
    }

    @Test
    void blockedWriterResumesWhenAReaderDrains() throws Exception {
        OpenFile f = eventfd(0, 0);
        write(f, -2L);
        CompletableFuture<Integer> w = CompletableFuture.supplyAsync(() -> write(f, 5));
        Thread.sleep(50);
        assertFalse(w.isDone());
        assertEquals(-2L, read(f));
        assertEquals(8, w.get(5, TimeUnit.SECONDS));
        assertEquals(5, read(f));
        f.put();
    }

    @Test
    void blockedReaderWakesOnWrite() throws Exception {
        OpenFile f = eventfd(0, 0);
        CompletableFuture<Long> r = CompletableFuture.supplyAsync(() -> read(f));
        Thread.sleep(50);
        assertFalse(r.isDone());
        write(f, 9);
        assertEquals(9, r.get(5, TimeUnit.SECONDS));
        f.put();
    }

    @Test
    void interruptedReadIsErestartsys() throws Exception {
        OpenFile f = eventfd(0, 0);
        Thread t = Thread.currentThread();
        CompletableFuture.runAsync(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            t.interrupt();
        });
        FsTestKit.assertErrno(Errno.ERESTARTSYS, () -> read(f));
        f.put();
    }

    @Test
    void pollReportsCountStateAndSaturationIsPollerr() {
        OpenFile f = eventfd(0, 0);
        assertEquals(OUT, f.poll());
        write(f, 1);
        assertEquals(IN | OUT, f.poll());
        EventFd.of(f).signal(-1L);
        assertEquals(IN | POLLERR, f.poll());
        f.put();
    }

    @Test
    void initialValueIsAnUnsignedInt() {
        OpenFile f = eventfd(0x1_0000_0005L, 0);
        assertEquals(5, read(f));
        f.put();
    }

    @Test
    void unknownFlagsAreEinval() {
        FsTestKit.assertErrno(Errno.EINVAL, () -> eventfd(0, 2));
    }

    @Test
    void fileIsAnAnonymousInodeOpenReadWrite() {
        OpenFile f = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        assertEquals("anon_inode:[eventfd]", f.path().dentry().name());
        assertEquals(dev.umk.core.abi.FileFlags.O_RDWR | dev.umk.core.abi.FileFlags.O_NONBLOCK,
                f.flags() & ~dev.umk.core.abi.FileFlags.O_LARGEFILE);
        assertSame(anon.inode(), f.inode());
        assertEquals(0600, f.stat().mode);
        f.put();
    }
}
