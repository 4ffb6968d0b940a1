package dev.umk.mm;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class FrameAllocatorTest {
    private static final int PAGE = 4096;

    private static FrameAllocator small(int frames) {
        return new FrameAllocator(new HeapPhysicalMemory((long) frames * PAGE), 1);
    }

    @Test
    void allFramesStartFree() {
        FrameAllocator fa = small(1000);
        assertEquals(1000, fa.totalFrames());
        assertEquals(1000, fa.freeFrames());
    }

    @Test
    void allocSplitsAndFreeRemergesToTheLargestBlock() {
        FrameAllocator fa = small(1024);
        long a = fa.alloc(0);
        assertEquals(1023, fa.freeFrames());
        assertThrows(ErrnoException.class, () -> fa.alloc(10), "a 1024-frame block is split");
        fa.free(a, 0);
        long big = fa.alloc(10);
        assertEquals(0, big);
        assertEquals(0, fa.freeFrames());
    }

    @Test
    void blocksAreNaturallyAligned() {
        FrameAllocator fa = small(4096);
        fa.alloc(0);
        for (int order = 0; order <= FrameAllocator.MAX_ORDER; order++) {
            long pa = fa.alloc(order);
            assertEquals(0, pa % ((long) PAGE << order), "order " + order);
        }
    }

    @Test
    void exhaustionIsEnomem() {
        FrameAllocator fa = small(16);
        for (int i = 0; i < 16; i++) fa.allocFrame();
        ErrnoException e = assertThrows(ErrnoException.class, fa::allocFrame);
        assertEquals(Errno.ENOMEM, e.errno());
        assertEquals(Errno.ENOMEM, assertThrows(ErrnoException.class, () -> fa.alloc(1)).errno());
    }

    @Test
    void everyFrameHandedOutReadsZero() {
        FrameAllocator fa = small(64);
        PhysicalMemory m = fa.memory();
        Set<Long> seen = new HashSet<>();
        for (int round = 0; round < 3; round++) {
            long[] got = new long[64];
            for (int i = 0; i < 64; i++) {
                got[i] = fa.allocFrame();
                for (int o = 0; o < PAGE; o += 512) assertEquals(0, m.getLong(got[i] + o));
                m.putLong(got[i] + 8, 0xdeadbeefL);
                seen.add(got[i]);
            }
            for (long pa : got) fa.put(pa);
        }
        assertEquals(64, seen.size());
    }

    @Test
    void refcountFreesOnLastPut() {
        FrameAllocator fa = small(8);
        long pa = fa.allocFrame();
        fa.get(pa);
        assertEquals(2, fa.ref(pa));
        fa.put(pa);
        assertEquals(1, fa.ref(pa));
        assertEquals(7, fa.freeFrames());
        fa.put(pa);
        assertEquals(0, fa.ref(pa));
        assertEquals(8, fa.freeFrames());
        assertThrows(IllegalStateException.class, () -> fa.put(pa));
        assertThrows(IllegalStateException.class, () -> fa.get(pa));
    }

    @Test
    void blockFreedFrameByFrameRemerges() {
        FrameAllocator fa = small(8);
        long pa = fa.alloc(3);
        for (int i = 0; i < 8; i++) assertEquals(1, fa.ref(pa + (long) i * PAGE));
        for (int i = 0; i < 8; i++) fa.put(pa + (long) i * PAGE);
        fa.drainCaches();
        assertEquals(pa, fa.alloc(3), "the eight frames merged back into one block");
    }

    @Test
    void allocExactReturnsTheUnusedTail() {
        FrameAllocator fa = small(32);
        long pa = fa.allocExact(20);
        assertEquals(12, fa.freeFrames());
        for (int i = 0; i < 20; i++) assertEquals(1, fa.ref(pa + (long) i * PAGE));
        assertEquals(0, fa.ref(pa + 20L * PAGE));
        fa.alloc(3);
        fa.alloc(2);
        assertEquals(0, fa.freeFrames());
    }

    @Test
    void freeBatchDiscardsContiguousRunsInOneCallEach() {
        CountingMemory m = new CountingMemory(256L * PAGE);
        FrameAllocator fa = new FrameAllocator(m, 1);
        long a = fa.alloc(6);            // 64 frames
        fa.alloc(4);                     // keeps the next block from touching a
        long b = fa.alloc(4);            // 16 more
        FreeBatch batch = new FreeBatch(fa);
        for (int i = 63; i >= 0; i--) batch.put(a + (long) i * PAGE);
        for (int i = 0; i < 16; i += 2) batch.put(b + (long) i * PAGE);
        batch.flush();
        // One run of 64 plus 8 single frames, whatever order they came in.
        assertEquals(9, m.discards.size());
        assertEquals(72L * PAGE, m.discardedBytes());
        assertEquals(256 - 16 - 8, fa.freeFrames());
    }

    @Test
    void freeingABlockDiscardsItOnce() {
        CountingMemory m = new CountingMemory(64L * PAGE);
        FrameAllocator fa = new FrameAllocator(m, 1);
        long pa = fa.alloc(5);
        fa.free(pa, 5);
        assertEquals(1, m.discards.size());
        assertEquals(32L * PAGE, m.discards.get(0)[1]);
    }

    @Test
    void cachedFramesAreReusedZeroedWithoutHostCalls() {
        CountingMemory m = new CountingMemory(64L * PAGE);
        FrameAllocator fa = new FrameAllocator(m, 1);
        long pa = fa.allocFrame(0);
        m.putLong(pa, -1);
        fa.put(pa);
        assertEquals(0, m.discards.size(), "a single free stays in the per-CPU cache");
        long again = fa.allocFrame(0);
        assertEquals(pa, again);
        assertEquals(0, m.getLong(again));
    }

    @Test
    void overflowingCacheSpillsInCoalescedRuns() {
        CountingMemory m = new CountingMemory(1024L * PAGE);
        FrameAllocator fa = new FrameAllocator(m, 1);
        long base = fa.alloc(7); // 128 contiguous frames
        for (int i = 0; i < 128; i++) fa.put(base + (long) i * PAGE);
        assertTrue(m.discards.size() <= 4, "spills were coalesced: " + m.discards.size());
        fa.drainCaches();
        assertEquals(1024, fa.freeFrames());
        assertEquals(0, fa.alloc(10));
    }

    @Test
    void enomemDrainsCachesFirst() {
        FrameAllocator fa = small(16);
        long[] all = new long[16];
        for (int i = 0; i < 16; i++) all[i] = fa.allocFrame();
        for (long pa : all) fa.put(pa); // all sit in the cache now
        assertEquals(16, fa.freeFrames());
        long big = fa.alloc(4);
        assertEquals(0, big);
    }

    @Test
    void scalesToEightGibWithArraysOnly() {
        PhysicalMemory eight = new SparseMemory(8L << 30);
        FrameAllocator fa = new FrameAllocator(eight, 4);
        assertEquals(2L << 20, fa.totalFrames());
        long[] blocks = new long[2048];
        for (int i = 0; i < blocks.length; i++) blocks[i] = fa.alloc(FrameAllocator.MAX_ORDER);
        assertEquals(0, fa.freeFrames());
        for (long b : blocks) fa.free(b, FrameAllocator.MAX_ORDER);
        assertEquals(2L << 20, fa.freeFrames());
    }

    @Test
    void concurrentAllocAndFreeKeepCounts() throws Exception {
        FrameAllocator fa = new FrameAllocator(new HeapPhysicalMemory(4096L * PAGE), 4);
        Thread[] ts = new Thread[4];
        for (int t = 0; t < ts.length; t++) {
            ts[t] = new Thread(() -> {
                long[] mine = new long[200];
                for (int round = 0; round < 50; round++) {
                    for (int i = 0; i < mine.length; i++) mine[i] = (i % 3 == 0) ? fa.allocExact(3) : fa.allocFrame();
                    for (int i = 0; i < mine.length; i++) {
                        int n = (i % 3 == 0) ? 3 : 1;
                        for (int k = 0; k < n; k++) fa.put(mine[i] + (long) k * PAGE);
                    }
                }
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        fa.drainCaches();
        assertEquals(4096, fa.freeFrames());
        for (int i = 0; i < 4; i++) fa.alloc(10); // everything merged back
    }

    /** An 8 GiB memory that stores nothing: for sizing tests. */
    private static final class SparseMemory implements PhysicalMemory {
        private final long size;

        SparseMemory(long size) { this.size = size; }

        @Override public long size() { return size; }
        @Override public byte getByte(long pa) { return 0; }
        @Override public void putByte(long pa, byte v) {}
        @Override public long getLong(long pa) { return 0; }
        @Override public void putLong(long pa, long v) {}
        @Override public int getInt(long pa) { return 0; }
        @Override public void putInt(long pa, int v) {}
        @Override public void read(long pa, byte[] d, int o, int l) {}
        @Override public void write(long pa, byte[] s, int o, int l) {}
        @Override public void copy(long s, long d, long l) {}
        @Override public void zero(long pa, long len) {}
        @Override public void discard(long pa, long len) {}
    }
}
