package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;

import org.junit.jupiter.api.Test;

class MadviseTest extends MmTestBase {

    @Test
    void dontNeedDropsPrivatePagesToZero() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 1);
        as.madvise(a, 4 * PAGE, MADV_DONTNEED);
        assertEquals(0, as.residentPages());
        assertTrue(mmu.pages.isEmpty());
        assertEquals(0, cpu.load(a));
    }

    @Test
    void dontNeedKeepsSharedData() {
        long a = as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        cpu.store(a, (byte) 8);
        as.madvise(a, PAGE, MADV_DONTNEED);
        assertEquals(8, cpu.load(a));
    }

    @Test
    void dontNeedOnPrivateFileMappingRevertsToTheFile() {
        byte[] content = new byte[4096];
        content[0] = 1;
        TestFile f = new TestFile(frames, content);
        long a = as.mmap(0, PAGE, RW, MAP_PRIVATE, f, 0);
        cpu.store(a, (byte) 2);
        as.madvise(a, PAGE, MADV_DONTNEED);
        assertEquals(1, cpu.load(a));
    }

    @Test
    void freeIsForPrivateAnonymousOnly() {
        long a = anon(PAGE, RW);
        cpu.store(a, (byte) 1);
        as.madvise(a, PAGE, MADV_FREE);
        assertEquals(0, cpu.load(a));
        long s = as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(s, PAGE, MADV_FREE)));
    }

    @Test
    void argumentErrors() {
        long a = anon(2 * PAGE, RW);
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(a, PAGE, 5)));
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(a, PAGE, 999)));
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(a + 1, PAGE, MADV_NORMAL)));
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(a, -1, MADV_NORMAL)));
        as.madvise(a, 0, MADV_DONTNEED);
        assertEquals(Errno.ENOMEM, errno(() -> as.madvise(a, 3 * PAGE, MADV_NORMAL)));
        assertEquals(Errno.ENOMEM, errno(() -> as.madvise(0x300000000L, PAGE, MADV_WILLNEED)));
        assertEquals(Errno.EPERM, errno(() -> as.madvise(a, PAGE, MADV_HWPOISON)));
        as.madvise(a, 2 * PAGE, MADV_HUGEPAGE);
        as.madvise(a, 2 * PAGE, MADV_SEQUENTIAL);
    }

    @Test
    void dontNeedStillAppliesAroundHoles() {
        long a = anon(3 * PAGE, RW);
        for (int i = 0; i < 3; i++) cpu.store(a + i * PAGE, (byte) 1);
        as.munmap(a + PAGE, PAGE);
        assertEquals(Errno.ENOMEM, errno(() -> as.madvise(a, 4 * PAGE, MADV_DONTNEED)));
        assertEquals(0, as.residentPages());
    }

    @Test
    void removeNeedsASharedMapping() {
        long a = anon(PAGE, RW);
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(a, PAGE, MADV_REMOVE)));
        TestFile f = new TestFile(frames, new byte[4096]);
        long p = as.mmap(0, PAGE, RW, MAP_PRIVATE, f, 0);
        assertEquals(Errno.EACCES, errno(() -> as.madvise(p, PAGE, MADV_REMOVE)));
    }

    @Test
    void wipeOnForkRejectsSharedMemory() {
        long s = as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(s, PAGE, MADV_WIPEONFORK)));
    }

    @Test
    void flagAdviceSplitsAndMergesAreas() {
        long a = anon(4 * PAGE, RW);
        as.madvise(a + PAGE, PAGE, MADV_DONTFORK);
        assertEquals(3, vmaCount());
        as.madvise(a + PAGE, PAGE, MADV_DOFORK);
        assertEquals(1, vmaCount());
    }

    @Test
    void populateWriteMakesPrivateWritablePages() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 1);
        as.fork(new RecordingMmu());
        as.madvise(a, 4 * PAGE, MADV_POPULATE_WRITE);
        assertFalse(Pte.cow(pte(a)));
        assertEquals(4, as.residentPages());
        long ro = anon(PAGE, PROT_READ);
        assertEquals(Errno.EINVAL, errno(() -> as.madvise(ro, PAGE, MADV_POPULATE_WRITE)));
        as.madvise(ro, PAGE, MADV_POPULATE_READ);
        assertEquals(Errno.ENOMEM, errno(() -> as.madvise(0x300000000L, PAGE, MADV_POPULATE_READ)));
    }

    @Test
    void mincoreReportsResidentPages() {
        long a = anon(32 * PAGE, RW);
        cpu.store(a + 20 * PAGE, (byte) 1);
        byte[] vec = new byte[32];
        as.mincore(a, 32 * PAGE, vec);
        for (int i = 0; i < 32; i++) assertEquals(i >= 16 ? 1 : 0, vec[i], "page " + i);
        byte[] one = new byte[1];
        as.mincore(a, 1, one);
        assertEquals(Errno.EINVAL, errno(() -> as.mincore(a + 1, PAGE, one)));
        assertEquals(Errno.ENOMEM, errno(() -> as.mincore(a + 32 * PAGE, PAGE, one)));
    }

    @Test
    void msyncRules() {
        TestFile f = new TestFile(frames, new byte[8192]);
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED, f, 0);
        as.msync(a, 2 * PAGE, MS_SYNC);
        assertEquals(2 * PAGE, f.writebacks);
        as.msync(a, PAGE, MS_ASYNC | MS_INVALIDATE);
        as.msync(a, 0, MS_SYNC);
        assertEquals(Errno.EINVAL, errno(() -> as.msync(a, PAGE, MS_ASYNC | MS_SYNC)));
        assertEquals(Errno.EINVAL, errno(() -> as.msync(a, PAGE, 8)));
        assertEquals(Errno.EINVAL, errno(() -> as.msync(a + 1, PAGE, MS_SYNC)));
        assertEquals(Errno.ENOMEM, errno(() -> as.msync(a, 3 * PAGE, MS_SYNC)));
        assertEquals(Errno.ENOMEM, errno(() -> as.msync(0x300000000L, PAGE, MS_ASYNC)));
    }

    @Test
    void namesAreKeptAndSplitAreas() {
        long a = anon(3 * PAGE, RW);
        as.setName(a + PAGE, PAGE, "[anon:x]");
        assertEquals("[anon:x]", vmaAt(a + PAGE).name());
        assertEquals(3, vmaCount());
        as.setName(a + PAGE, PAGE, null);
        assertEquals(1, vmaCount());
        assertEquals(Errno.ENOMEM, errno(() -> as.setName(a, 4 * PAGE, "y")));
    }

    @Test
    void stackIsNamedByItsStartPointer() {
        long s = as.mmap(0, 8 * PAGE, RW, ANON | MAP_GROWSDOWN, null, 0);
        as.setStackStart(s + 8 * PAGE - 64);
        assertEquals("[stack]", as.vmas().get(0).name());
    }
}
