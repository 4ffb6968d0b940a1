package dev.umk.fs.page;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PageCacheTest {
    /** A trivial frame source over heap "physical memory", counting live frames. */
    static final class TestFrames implements FrameSource {
        final HeapPhysicalMemory mem = new HeapPhysicalMemory(64 * 4096);
        final ArrayDeque<Long> free = new ArrayDeque<>();
        final Set<Long> live = new HashSet<>();

        TestFrames() {
            for (long pa = 0; pa < mem.size(); pa += 4096) free.add(pa);
        }

        @Override public PhysicalMemory memory() { return mem; }

        @Override public long alloc() {
            Long pa = free.poll();
            if (pa == null) throw new ErrnoException(Errno.ENOMEM);
            mem.zero(pa, 4096);
            live.add(pa);
            return pa;
        }

        @Override public void put(long pa) {
            assertTrue(live.remove(pa));
            free.add(pa);
        }
    }

    @Test
    void holesReadAsZerosAndWritesLandInPages() {
        PageCache c = new PageCache(HeapPageAllocator.INSTANCE);
        c.write(5000, ByteBuffer.wrap(new byte[] {1, 2, 3}));
        assertEquals(1, c.pageCount());
        ByteBuffer b = ByteBuffer.allocate(10);
        assertEquals(10, c.read(4995, b, 6000));
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 2, 3, 0, 0}, b.array());
        assertEquals(0, c.read(6000, ByteBuffer.allocate(4), 6000));
        assertEquals(2, c.read(5998, ByteBuffer.allocate(4), 6000));
    }

    @Test
    void writesSpanningPagesAllocateEach() {
        PageCache c = new PageCache(HeapPageAllocator.INSTANCE);
        c.write(4000, ByteBuffer.wrap(new byte[10000]));
        assertEquals(4, c.pageCount());
    }

    @Test
    void truncateFreesPagesAndZeroesTheTail() {
        TestFrames frames = new TestFrames();
        PageCache c = new PageCache(new FramePageAllocator(frames));
        byte[] ones = new byte[3 * 4096];
        java.util.Arrays.fill(ones, (byte) 1);
        c.write(0, ByteBuffer.wrap(ones));
        assertEquals(3, frames.live.size());
        c.truncate(4100);
        assertEquals(2, frames.live.size());
        ByteBuffer b = ByteBuffer.allocate(8);
        c.read(4096, b, 8192);
        assertArrayEquals(new byte[] {1, 1, 1, 1, 0, 0, 0, 0}, b.array(), "bytes past the new end read as zero after regrowth");
        c.clear();
        assertEquals(0, frames.live.size());
    }

    @Test
    void framePagesExposeTheirFrame() {
        TestFrames frames = new TestFrames();
        PageCache c = new PageCache(new FramePageAllocator(frames));
        c.write(0, ByteBuffer.wrap(new byte[] {42}));
        Page p = c.peek(0);
        assertTrue(p.hasFrame());
        assertEquals(42, frames.mem.getByte(p.frame()));
        assertNull(c.peek(1));
        assertFalse(HeapPageAllocator.INSTANCE.allocate().hasFrame());
    }

    @Test
    void directBuffersWork() {
        PageCache c = new PageCache(new FramePageAllocator(new TestFrames()));
        ByteBuffer src = ByteBuffer.allocateDirect(3).put(new byte[] {7, 8, 9}).flip();
        c.write(10, src);
        ByteBuffer dst = ByteBuffer.allocateDirect(3);
        c.read(10, dst, 13);
        dst.flip();
        assertEquals(8, dst.get(1));
    }

    @Test
    void punchHoleFreesWholePagesOnly() {
        PageCache c = new PageCache(HeapPageAllocator.INSTANCE);
        byte[] ones = new byte[4 * 4096];
        java.util.Arrays.fill(ones, (byte) 1);
        c.write(0, ByteBuffer.wrap(ones));
        c.punchHole(100, 2 * 4096);
        assertEquals(3, c.pageCount());
        ByteBuffer b = ByteBuffer.allocate(4 * 4096);
        c.read(0, b, 4 * 4096);
        assertEquals(1, b.get(99));
        assertEquals(0, b.get(100));
        assertEquals(0, b.get(2 * 4096 + 99));
        assertEquals(1, b.get(2 * 4096 + 100));
    }

    @Test
    void seekDataAndHole() {
        PageCache c = new PageCache(HeapPageAllocator.INSTANCE);
        c.write(2 * 4096, ByteBuffer.wrap(new byte[4096]));
        assertEquals(2 * 4096, c.seekData(0, 5 * 4096));
        assertEquals(0, c.seekHole(0, 5 * 4096));
        assertEquals(3 * 4096, c.seekHole(2 * 4096 + 1, 5 * 4096));
        assertThrows(ErrnoException.class, () -> c.seekData(3 * 4096, 5 * 4096));
    }

    @Test
    void limitedAllocatorSaysEnospcAndShortWrites() {
        LimitedPageAllocator lim = new LimitedPageAllocator(HeapPageAllocator.INSTANCE, 2);
        PageCache c = new PageCache(lim);
        assertEquals(8192, c.write(0, ByteBuffer.wrap(new byte[10000])));
        ErrnoException e = assertThrows(ErrnoException.class, () -> c.write(8192, ByteBuffer.wrap(new byte[1])));
        assertEquals(Errno.ENOSPC, e.errno());
        c.truncate(0);
        assertEquals(0, lim.used());
    }
}
