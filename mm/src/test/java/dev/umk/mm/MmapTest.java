package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;

import org.junit.jupiter.api.Test;

class MmapTest extends MmTestBase {

    @Test
    void anonymousMappingsGoTopDownBelowMmapBase() {
        long a = anon(3 * PAGE, RW);
        long b = anon(PAGE, RW);
        assertEquals(MmLayout.DEFAULT_MMAP_BASE - 3 * PAGE, a);
        assertEquals(a - PAGE, b);
        assertEquals(1, vmaCount(), "adjacent compatible anonymous areas merge");
    }

    @Test
    void lengthIsRoundedUpToPages() {
        long a = anon(1, RW);
        assertEquals(PAGE, vmaAt(a).length());
    }

    @Test
    void freeHintIsTakenAsIs() {
        long a = as.mmap(0x200000000L + 123, PAGE, RW, ANON, null, 0);
        assertEquals(0x200000000L, a);
    }

    @Test
    void takenHintFallsBackToTopDown() {
        long a = as.mmap(0x200000000L, PAGE, RW, ANON, null, 0);
        long b = as.mmap(0x200000000L, PAGE, PROT_READ, ANON, null, 0);
        assertNotEquals(a, b);
        assertEquals(MmLayout.DEFAULT_MMAP_BASE - PAGE, b);
    }

    @Test
    void hintBelowMinAddrIsRaised() {
        assertEquals(MmLayout.MMAP_MIN_ADDR, as.mmap(0x1000, PAGE, RW, ANON, null, 0));
    }

    @Test
    void mapFixedReplacesAndZeroes() {
        long a = anon(4 * PAGE, RW);
        as.writeLong(a + PAGE, 42);
        long free = frames.freeFrames();
        assertEquals(a + PAGE, as.mmap(a + PAGE, PAGE, PROT_READ, ANON | MAP_FIXED, null, 0));
        assertEquals(free + 1, frames.freeFrames(), "the replaced page's frame was freed");
        assertEquals(0, as.readLong(a + PAGE));
        assertEquals(3, vmaCount());
    }

    @Test
    void fixedNoReplaceFailsOnOverlapWithEexist() {
        long a = anon(2 * PAGE, RW);
        assertEquals(Errno.EEXIST, errno(() -> as.mmap(a + PAGE, 2 * PAGE, RW, ANON | MAP_FIXED_NOREPLACE, null, 0)));
        long b = a - 2 * PAGE;
        assertEquals(b, as.mmap(b, PAGE, RW, ANON | MAP_FIXED_NOREPLACE, null, 0));
    }

    @Test
    void argumentErrorsAreLinuxs() {
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0, 0, RW, ANON, null, 0)), "len 0");
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0x200001000L + 1, PAGE, RW, ANON | MAP_FIXED, null, 0)), "unaligned fixed");
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0, PAGE, RW, MAP_ANONYMOUS, null, 0)), "no map type");
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0, PAGE, RW, ANON, null, 123)), "unaligned offset");
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, null, 0)));
        assertEquals(Errno.EINVAL, errno(() -> as.mmap(0, PAGE, RW, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, null, 0)),
                "anonymous memory has no MAP_SHARED_VALIDATE");
        assertEquals(Errno.EPERM, errno(() -> as.mmap(0, PAGE, RW, ANON | MAP_FIXED, null, 0)), "below mmap_min_addr");
        assertEquals(Errno.ENOMEM, errno(() -> as.mmap(0, -1L, RW, ANON, null, 0)), "len wraps");
        assertEquals(Errno.ENOMEM, errno(() -> as.mmap(0, MmLayout.TASK_SIZE, RW, ANON, null, 0)), "too big");
        assertEquals(Errno.ENOMEM, errno(() -> as.mmap(MmLayout.TASK_SIZE - PAGE, 2 * PAGE, RW, ANON | MAP_FIXED, null, 0)));
        assertEquals(Errno.ENOMEM, errno(() -> as.mmap(0, PAGE, RW, ANON | MAP_HUGETLB, null, 0)));
        assertEquals(0, vmaCount(), "failed calls map nothing");
    }

    @Test
    void sharedValidateRejectsUnknownFlagsOfFiles() {
        TestFile f = new TestFile(frames, new byte[8192]);
        assertEquals(Errno.EOPNOTSUPP, errno(() -> as.mmap(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | 0x200000, f, 0)));
        assertEquals(Errno.EOPNOTSUPP, errno(() -> as.mmap(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_SYNC, f, 0)));
        long ok = as.mmap(0, PAGE, PROT_READ, MAP_SHARED | 0x200000, f, 0);
        assertTrue(ok > 0, "plain MAP_SHARED ignores unknown flags");
        assertTrue(as.mmap(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_POPULATE, f, 0) > 0);
    }

    @Test
    void writableSharedMappingOfReadOnlyFileIsEacces() {
        TestFile f = new TestFile(frames, new byte[8192]);
        f.writable = false;
        assertEquals(Errno.EACCES, errno(() -> as.mmap(0, PAGE, RW, MAP_SHARED, f, 0)));
        long a = as.mmap(0, PAGE, RW, MAP_PRIVATE, f, 0);
        assertTrue(a > 0, "private copies may be written");
        long b = as.mmap(0, PAGE, PROT_READ, MAP_SHARED, f, 0);
        assertEquals(Errno.EACCES, errno(() -> as.mprotect(b, PAGE, RW)));
    }

    @Test
    void noRoomIsEnomem() {
        AddressSpace low = new AddressSpace(frames, mmu, MmLayout.MMAP_MIN_ADDR + 16 * PAGE);
        // Top-down space below the base is too small; the bottom-up fallback finds room.
        assertEquals(MmLayout.MMAP_MIN_ADDR, low.mmap(0, 64 * PAGE, RW, ANON, null, 0));
        assertEquals(Errno.ENOMEM, errno(() -> low.mmap(0, MmLayout.TASK_SIZE - MmLayout.MMAP_MIN_ADDR, RW, ANON, null, 0)));
    }

    @Test
    void map32BitLandsInTheSecondGigabyte() {
        long a = as.mmap(0, PAGE, RW, ANON | MAP_32BIT, null, 0);
        assertTrue(a >= 0x40000000L && a + PAGE <= 0x80000000L);
    }

    @Test
    void populateMapsEagerlyInLargeRuns() {
        long a = as.mmap(0, 4 * M, RW, ANON | MAP_POPULATE, null, 0);
        assertEquals(1024, as.residentPages());
        assertTrue(mmu.calls("map").size() <= 3, "big contiguous runs: " + mmu.calls("map").size());
        cpu.store(a + 3 * M, (byte) 1);
        assertEquals(0, cpu.faults);
    }

    @Test
    void populateWithNonblockDoesNothing() {
        as.mmap(0, 4 * PAGE, RW, ANON | MAP_POPULATE | MAP_NONBLOCK, null, 0);
        assertEquals(0, as.residentPages());
    }

    @Test
    void munmapSplitsVma() {
        long a = anon(3 * PAGE, RW);
        as.munmap(a + PAGE, PAGE);
        assertEquals(2, vmaCount());
        assertEquals(a + PAGE, vmaAt(a).end());
        assertNull(vmaAt(a + PAGE));
        assertEquals(a + 2 * PAGE, vmaAt(a + 2 * PAGE).start());
    }

    @Test
    void munmapFreesFramesAndUnmapsTheMmu() {
        long free = frames.freeFrames();
        long a = anon(64 * PAGE, RW);
        for (long o = 0; o < 64 * PAGE; o += PAGE) cpu.store(a + o, (byte) 7);
        assertTrue(frames.freeFrames() < free);
        as.munmap(a, 64 * PAGE);
        assertEquals(0, as.residentPages());
        assertTrue(mmu.pages.isEmpty());
        frames.drainCaches();
        assertEquals(free, frames.freeFrames());
        assertEquals(FaultResult.SEGV_MAPERR, cpu.trap(() -> cpu.load(a)));
    }

    @Test
    void munmapAcrossSeveralAreasAndHoles() {
        long a = anon(8 * PAGE, RW);
        as.mprotect(a + 2 * PAGE, PAGE, PROT_READ);
        as.munmap(a + 4 * PAGE, PAGE);
        as.munmap(a + PAGE, 6 * PAGE);
        assertEquals(2, vmaCount());
        assertEquals(a + PAGE, vmaAt(a).end());
        assertEquals(a + 7 * PAGE, vmaAt(a + 7 * PAGE).start());
    }

    @Test
    void munmapErrors() {
        assertEquals(Errno.EINVAL, errno(() -> as.munmap(0x200000001L, PAGE)));
        assertEquals(Errno.EINVAL, errno(() -> as.munmap(0x200000000L, 0)));
        assertEquals(Errno.EINVAL, errno(() -> as.munmap(MmLayout.TASK_SIZE - PAGE, 2 * PAGE)));
        as.munmap(0x200000000L, PAGE); // nothing there: fine
    }

    @Test
    void mmapAnonymousSharedIsBackedByShmem() {
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        Vma v = vmaAt(a);
        assertTrue(v.isShared());
        assertInstanceOf(ShmemFile.class, v.file());
        as.writeLong(a, 5);
        assertEquals(5, as.readLong(a));
    }

    @Test
    void shmemFramesAreFreedWithTheLastMapping() {
        long free = frames.freeFrames();
        long a = as.mmap(0, 8 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        for (long o = 0; o < 8 * PAGE; o += PAGE) cpu.store(a + o, (byte) 1);
        as.munmap(a, 4 * PAGE);
        ShmemFile f = (ShmemFile) vmaAt(a + 4 * PAGE).file();
        assertEquals(8, f.residentPages(), "still mapped");
        as.munmap(a + 4 * PAGE, 4 * PAGE);
        assertEquals(0, f.residentPages());
        frames.drainCaches();
        assertEquals(free, frames.freeFrames());
    }

    @Test
    void growsDownAreaIsMarked() {
        long a = as.mmap(0, 4 * PAGE, RW, ANON | MAP_GROWSDOWN, null, 0);
        assertTrue(vmaAt(a).isGrowsDown());
    }

    @Test
    void splittingPastMaxMapCountIsEnomemAndChangesNothing() {
        long big = as.mmap(0x100000000L, 4 * PAGE, RW, ANON | MAP_FIXED, null, 0);
        as.writeLong(big + PAGE, 6);
        long base = 0x200000000L;
        for (int i = 1; i < MmLayout.MAX_MAP_COUNT; i++) {
            as.mmap(base + i * 2 * PAGE, PAGE, RW, ANON | MAP_FIXED, null, 0);
        }
        assertEquals(MmLayout.MAX_MAP_COUNT, vmaCount());
        assertEquals(Errno.ENOMEM, errno(() -> as.munmap(big + PAGE, PAGE)));
        assertEquals(Errno.ENOMEM, errno(() -> as.mprotect(big + PAGE, PAGE, PROT_READ)));
        assertEquals(6, as.readLong(big + PAGE));
        assertEquals(RW, vmaAt(big + PAGE).prot());
        as.munmap(big, 4 * PAGE); // no split needed
    }
}
