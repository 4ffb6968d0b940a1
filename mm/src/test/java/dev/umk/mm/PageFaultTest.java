package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class PageFaultTest extends MmTestBase {

    @Test
    void firstTouchMapsTheWholeWindowInOneCall() {
        long a = anon(64 * PAGE, RW);
        cpu.store(a + 5 * PAGE + 3, (byte) 9);
        assertEquals(1, cpu.faults);
        assertEquals(1, mmu.calls("map").size());
        RecordingMmu.Call c = mmu.calls("map").get(0);
        assertEquals(a, c.va());
        assertEquals(16 * PAGE, c.len());
        assertEquals(RW, c.prot());
        assertEquals(16, as.residentPages());
        for (int i = 0; i < 16; i++) cpu.store(a + i * PAGE, (byte) 1);
        assertEquals(1, cpu.faults, "the window is mapped: no more faults");
    }

    @Test
    void windowIsAlignedAndClippedToTheVma() {
        long a = as.mmap(0x200003000L, 5 * PAGE, RW, ANON | MAP_FIXED, null, 0);
        cpu.load(a + PAGE);
        RecordingMmu.Call c = mmu.calls("map").get(0);
        assertEquals(a, c.va());
        assertEquals(5 * PAGE, c.len());
    }

    @Test
    void sequentialTouchGrowsTheWindow() {
        long a = anon(8 * M, RW);
        for (long o = 0; o < 8 * M; o += PAGE) cpu.store(a + o, (byte) 1);
        // 16, 16, 32, 64, 128, 256 pages, then 512-page windows.
        assertTrue(cpu.faults <= 9, "faults: " + cpu.faults);
        assertEquals(cpu.faults, mmu.calls("map").size(), "one map call per fault");
        assertEquals(2048, as.residentPages());
    }

    @Test
    void randomTouchKeepsSmallWindows() {
        long a = anon(8 * M, RW);
        cpu.store(a + 5 * M, (byte) 1);
        cpu.store(a + M, (byte) 1);
        cpu.store(a + 3 * M, (byte) 1);
        assertEquals(48, as.residentPages());
    }

    @Test
    void pagesPresentButUnmappedAreMappedTogether() {
        long a = anon(16 * PAGE, RW);
        byte[] data = new byte[(int) (16 * PAGE)];
        as.write(a, data, 0, data.length); // kernel access: present, not mapped
        assertEquals(0, mmu.calls("map").size());
        cpu.load(a + 7 * PAGE);
        assertEquals(1, mmu.calls("map").size());
        assertEquals(16 * PAGE, mmu.calls("map").get(0).len());
    }

    @Test
    void accessOutsideAnyVmaIsMaperr() {
        assertEquals(FaultResult.SEGV_MAPERR, as.handleFault(0x200000000L, SEGV_MAPERR));
        assertEquals(FaultResult.SEGV_MAPERR, as.handleFault(0, SEGV_MAPERR));
        assertEquals(FaultResult.SEGV_MAPERR, as.handleFault(MmLayout.TASK_SIZE, SEGV_MAPERR));
        assertEquals(FaultResult.SEGV_MAPERR, as.handleFault(-4096, SEGV_MAPERR));
        assertEquals(11, FaultResult.SEGV_MAPERR.signo());
        assertEquals(SEGV_MAPERR, FaultResult.SEGV_MAPERR.code());
    }

    @Test
    void protNoneIsAccerr() {
        long a = anon(PAGE, PROT_NONE);
        assertEquals(FaultResult.SEGV_ACCERR, cpu.trap(() -> cpu.load(a)));
        assertTrue(mmu.pages.isEmpty());
    }

    @Test
    void writeToReadOnlyIsAccerrAfterOneRetry() {
        long a = anon(PAGE, PROT_READ);
        assertEquals(0, cpu.load(a));
        assertEquals(FaultResult.SEGV_ACCERR, cpu.trap(() -> cpu.store(a, (byte) 1)));
        assertEquals(3, cpu.faults, "map, then the write is retried once, then SIGSEGV");
    }

    @Test
    void lostMmuMappingIsRemadeAndALoopEndsInSigsegv() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 3);
        mmu.drop(a);
        assertEquals(3, cpu.load(a), "the Mmu is a cache: the page comes back");
        // An Mmu that never keeps the mapping: the guest must not spin forever.
        assertEquals(FaultResult.HANDLED, as.handleFault(a, SEGV_MAPERR));
        assertEquals(FaultResult.SEGV_MAPERR, as.handleFault(a, SEGV_MAPERR));
        // Progress elsewhere resets the count.
        assertEquals(FaultResult.HANDLED, as.handleFault(a, SEGV_MAPERR));
        long b = anon(PAGE, RW);
        cpu.store(b, (byte) 1);
        assertEquals(FaultResult.HANDLED, as.handleFault(a, SEGV_MAPERR));
        assertEquals(FaultResult.HANDLED, as.handleFault(a, SEGV_MAPERR));
    }

    @Test
    void stackGrowsDownWithinRlimit() {
        long top = 0x7f0000000000L;
        long stack = as.mmap(top - 4 * PAGE, 4 * PAGE, RW, ANON | MAP_GROWSDOWN | MAP_FIXED, null, 0);
        cpu.store(stack - 10 * PAGE, (byte) 1);
        assertEquals(stack - 10 * PAGE, vmaAt(stack).start());
        as.setStackRlimit(64 * PAGE);
        assertEquals(FaultResult.SEGV_MAPERR, cpu.trap(() -> cpu.store(top - 65 * PAGE, (byte) 1)));
        cpu.store(top - 64 * PAGE, (byte) 1);
    }

    @Test
    void stackDoesNotGrowIntoTheGuardGap() {
        long top = 0x7f0000000000L;
        long stack = as.mmap(top - 4 * PAGE, 4 * PAGE, RW, ANON | MAP_GROWSDOWN | MAP_FIXED, null, 0);
        long prevEnd = stack - MmLayout.STACK_GUARD_GAP - 10 * PAGE;
        as.mmap(prevEnd - PAGE, PAGE, RW, ANON | MAP_FIXED, null, 0);
        assertEquals(FaultResult.SEGV_MAPERR, cpu.trap(() -> cpu.store(stack - 11 * PAGE, (byte) 1)));
        cpu.store(stack - 10 * PAGE, (byte) 1);
        assertEquals(stack - 10 * PAGE, vmaAt(stack).start());
    }

    @Test
    void privateFileMappingCopiesOnWrite() {
        byte[] content = new byte[3 * 4096];
        content[4096] = 11;
        TestFile f = new TestFile(frames, content);
        long a = as.mmap(0, 3 * PAGE, RW, MAP_PRIVATE, f, 0);
        assertEquals(11, cpu.load(a + PAGE));
        assertEquals(f.pagePa[1], Pte.pa(pte(a + PAGE)), "reads map the file's own frame");
        assertEquals(PROT_READ, mmu.pages.get((a + PAGE) >>> 12)[1], "read-only until written");
        cpu.store(a + PAGE, (byte) 22);
        assertEquals(22, cpu.load(a + PAGE));
        assertEquals(11, f.byteAt(4096), "the file is untouched");
        assertNotEquals(f.pagePa[1], Pte.pa(pte(a + PAGE)));
    }

    @Test
    void sharedFileMappingWritesTheFile() {
        TestFile f = new TestFile(frames, new byte[2 * 4096]);
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED, f, PAGE);
        cpu.store(a + 5, (byte) 33);
        assertEquals(33, f.byteAt(4096 + 5));
        assertEquals(1, cpu.faults);
    }

    @Test
    void pagesBeyondEndOfFileAreSigbus() {
        TestFile f = new TestFile(frames, new byte[4096 + 10]);
        long a = as.mmap(0, 4 * PAGE, PROT_READ, MAP_PRIVATE, f, 0);
        assertEquals(0, cpu.load(a + PAGE + 100), "the partial last page is mapped");
        assertEquals(FaultResult.SIGBUS, cpu.trap(() -> cpu.load(a + 2 * PAGE)));
        assertEquals(7, FaultResult.SIGBUS.signo());
    }

    @Test
    void fileFaultsMapNeighbouringPagesToo() {
        TestFile f = new TestFile(frames, new byte[32 * 4096]);
        long a = as.mmap(0, 32 * PAGE, PROT_READ, MAP_PRIVATE, f, 0);
        cpu.load(a);
        for (int i = 0; i < 16; i++) cpu.load(a + i * PAGE);
        assertEquals(1, cpu.faults);
    }

    @Test
    void outOfFramesIsOom() {
        FrameAllocator tiny = new FrameAllocator(new dev.umk.core.hw.HeapPhysicalMemory(4 * PAGE), 1);
        RecordingMmu m = new RecordingMmu();
        AddressSpace s = new AddressSpace(tiny, m);
        long a = s.mmap(0, 128 * PAGE, RW, ANON, null, 0);
        FakeCpu c = new FakeCpu(s, m);
        c.store(a, (byte) 1); // no room for a window: the faulting page alone
        assertEquals(1, s.residentPages());
        for (int i = 1; i < 4; i++) c.store(a + i * 16 * PAGE, (byte) 1);
        assertEquals(FaultResult.OOM, c.trap(() -> c.store(a + 4 * 16 * PAGE, (byte) 1)));
        assertEquals(9, FaultResult.OOM.signo());
        m.assertConsistentWith(s);
    }
}
