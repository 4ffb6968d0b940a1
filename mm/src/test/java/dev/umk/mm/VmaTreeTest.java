package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class VmaTreeTest {
    private static final long M = 1L << 20;

    private static Vma anon(long start, long end, int prot) {
        return new Vma(start, end, prot, 0, null, 0, null);
    }

    @Test
    void findReturnsContainingAreaOnly() {
        VmaTree t = new VmaTree();
        t.insert(anon(0x10000, 0x20000, PROT_READ));
        t.insert(anon(0x30000, 0x40000, PROT_READ));
        assertEquals(0x10000, t.find(0x1ffff).start());
        assertNull(t.find(0x20000));
        assertEquals(0x30000, t.findEndingAbove(0x20000).start());
        assertNull(t.findEndingAbove(0x40000));
        assertEquals(0x30000, t.firstIntersecting(0x20000, 0x31000).start());
        assertNull(t.firstIntersecting(0x20000, 0x30000));
    }

    @Test
    void insertRejectsOverlap() {
        VmaTree t = new VmaTree();
        t.insert(anon(0x10000, 0x20000, PROT_READ));
        assertThrows(IllegalStateException.class, () -> t.insert(anon(0x1f000, 0x21000, PROT_READ)));
    }

    @Test
    void splitKeepsFileOffsetsAndFileReferences() {
        VmaTree t = new VmaTree();
        TestFile f = new TestFile(new FrameAllocator(new dev.umk.core.hw.HeapPhysicalMemory(64 * 4096), 1), new byte[8192]);
        Vma v = new Vma(0x10000, 0x18000, PROT_READ, 0, f, 0x3000, null);
        t.insert(v);
        Vma hi = t.split(v, 0x12000);
        assertEquals(0x12000, v.end());
        assertEquals(0x12000, hi.start());
        assertEquals(0x5000, hi.fileOffset());
        assertEquals(2, f.opens);
        assertSame(hi, t.find(0x12000));
        t.remove(hi);
        assertEquals(1, f.opens);
    }

    @Test
    void mergeAroundJoinsCompatibleNeighbours() {
        VmaTree t = new VmaTree();
        Vma a = anon(0x10000, 0x20000, PROT_READ | PROT_WRITE);
        Vma b = anon(0x20000, 0x30000, PROT_READ | PROT_WRITE);
        Vma c = anon(0x30000, 0x40000, PROT_READ | PROT_WRITE);
        t.insert(a);
        t.insert(c);
        t.insert(b);
        Vma m = t.mergeAround(b);
        assertSame(a, m);
        assertEquals(0x40000, m.end());
        assertEquals(1, t.size());
    }

    @Test
    void differentProtOrFileOffsetsDoNotMerge() {
        VmaTree t = new VmaTree();
        t.insert(anon(0x10000, 0x20000, PROT_READ));
        Vma b = anon(0x20000, 0x30000, PROT_READ | PROT_WRITE);
        t.insert(b);
        t.mergeAround(b);
        assertEquals(2, t.size());

        VmaTree u = new VmaTree();
        TestFile f = new TestFile(new FrameAllocator(new dev.umk.core.hw.HeapPhysicalMemory(64 * 4096), 1), new byte[8192]);
        u.insert(new Vma(0x10000, 0x11000, PROT_READ, 0, f, 0, null));
        Vma g = new Vma(0x11000, 0x12000, PROT_READ, 0, f, 0x5000, null);
        u.insert(g);
        u.mergeAround(g);
        assertEquals(2, u.size());
    }

    @Test
    void topDownGapIsTheHighestBelowTheLimit() {
        VmaTree t = new VmaTree();
        t.insert(anon(100 * M, 101 * M, PROT_READ));
        t.insert(anon(98 * M, 99 * M, PROT_READ));
        assertEquals(101 * M, t.gapTopDown(M, 0x10000, 102 * M));
        assertEquals(99 * M, t.gapTopDown(M, 0x10000, 101 * M));
        assertEquals(97 * M - 1, t.gapTopDown(M + 1, 0x10000, 101 * M), "the 1 MiB hole is too small");
        assertEquals(-1, t.gapTopDown(200 * M, 0x10000, 101 * M));
    }

    @Test
    void topDownGapKeepsTheStackGuardGap() {
        VmaTree t = new VmaTree();
        Vma stack = new Vma(100 * M, 108 * M, PROT_READ | PROT_WRITE, Vma.GROWSDOWN, null, 0, null);
        t.insert(stack);
        assertEquals(100 * M - MmLayout.STACK_GUARD_GAP - M, t.gapTopDown(M, 0x10000, 100 * M));
        assertEquals(100 * M - MmLayout.STACK_GUARD_GAP - M, t.gapTopDown(M, 0x10000, 108 * M));
        assertFalse(t.isFree(100 * M - M, M), "right below a stack is its guard gap");
        assertTrue(t.isFree(100 * M - MmLayout.STACK_GUARD_GAP - M, M));
    }

    @Test
    void bottomUpGapIsTheLowestAboveTheLimit() {
        VmaTree t = new VmaTree();
        t.insert(anon(0x10000, 0x20000, PROT_READ));
        t.insert(anon(0x21000, 0x30000, PROT_READ));
        assertEquals(0x20000, t.gapBottomUp(0x1000, 0x10000, 1L << 40));
        assertEquals(0x30000, t.gapBottomUp(0x2000, 0x10000, 1L << 40));
        assertEquals(0x30000, t.gapBottomUp(0x2000, 0x18000, 1L << 40));
        assertEquals(-1, t.gapBottomUp(0x2000, 0x10000, 0x30000));
    }

    @Test
    void lastHitCacheIsInvalidatedByChanges() {
        VmaTree t = new VmaTree();
        Vma v = anon(0x10000, 0x20000, PROT_READ);
        t.insert(v);
        assertSame(v, t.find(0x15000));
        t.remove(v);
        assertNull(t.find(0x15000));
    }
}
