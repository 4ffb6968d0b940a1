package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;

import org.junit.jupiter.api.Test;

class MremapTest extends MmTestBase {

    @Test
    void shrinkUnmapsTheTail() {
        long a = anon(4 * PAGE, RW);
        assertEquals(a, as.mremap(a, 4 * PAGE, PAGE, 0, 0));
        assertEquals(a + PAGE, vmaAt(a).end());
    }

    @Test
    void growsInPlaceWhenTheSpaceAfterIsFree() {
        long a = as.mmap(0x200000000L, PAGE, RW, ANON | MAP_FIXED, null, 0);
        as.writeLong(a, 9);
        assertEquals(a, as.mremap(a, PAGE, 3 * PAGE, 0, 0));
        assertEquals(a + 3 * PAGE, vmaAt(a).end());
        assertEquals(9, as.readLong(a));
        as.writeLong(a + 2 * PAGE, 1);
    }

    @Test
    void movesPageTableEntriesWithoutCopying() {
        long a = as.mmap(0x200000000L, 2 * PAGE, RW, ANON | MAP_FIXED, null, 0);
        as.mmap(a + 2 * PAGE, PAGE, PROT_READ, ANON | MAP_FIXED, null, 0);
        cpu.store(a + PAGE, (byte) 42);
        long pa = Pte.pa(pte(a + PAGE));
        long free = frames.freeFrames();
        assertEquals(Errno.ENOMEM, errno(() -> as.mremap(a, 2 * PAGE, 4 * PAGE, 0, 0)));
        long b = as.mremap(a, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0);
        assertNotEquals(a, b);
        assertEquals(pa, Pte.pa(pte(b + PAGE)), "the same frame, moved");
        assertEquals(free, frames.freeFrames());
        assertEquals(42, cpu.load(b + PAGE));
        assertNull(vmaAt(a));
        assertEquals(FaultResult.SEGV_MAPERR, cpu.trap(() -> cpu.load(a + PAGE)));
        assertEquals(4 * PAGE, vmaAt(b).length());
    }

    @Test
    void fixedMovesToTheGivenAddress() {
        long a = anon(2 * PAGE, RW);
        as.writeLong(a, 7);
        long dst = 0x300000000L;
        as.mmap(dst, PAGE, PROT_READ, ANON | MAP_FIXED, null, 0);
        assertEquals(dst, as.mremap(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dst));
        assertEquals(7, as.readLong(dst));
        assertEquals(RW, vmaAt(dst).prot(), "replaced what was there");
        assertNull(vmaAt(a));
    }

    @Test
    void fixedShrinkingMoveUnmapsTheRest() {
        long a = anon(4 * PAGE, RW);
        long dst = 0x300000000L;
        assertEquals(dst, as.mremap(a, 4 * PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dst));
        assertEquals(PAGE, vmaAt(dst).length());
        assertNull(vmaAt(a + 3 * PAGE));
    }

    @Test
    void dontUnmapLeavesTheOldRangeEmpty() {
        long a = anon(2 * PAGE, RW);
        as.writeLong(a, 5);
        long b = as.mremap(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0);
        assertNotEquals(a, b);
        assertEquals(5, as.readLong(b));
        assertNotNull(vmaAt(a));
        assertEquals(0, as.readLong(a), "old private pages refault as zeros");
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(b, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_DONTUNMAP, 0)));
    }

    @Test
    void oldLenZeroDuplicatesASharedMapping() {
        long a = as.mmap(0, 2 * PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        as.writeLong(a + PAGE, 3);
        long b = as.mremap(a, 0, 2 * PAGE, MREMAP_MAYMOVE, 0);
        assertNotEquals(a, b);
        assertEquals(3, as.readLong(b + PAGE));
        as.writeLong(b, 4);
        assertEquals(4, as.readLong(a));
        long p = anon(PAGE, RW);
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(p, 0, PAGE, MREMAP_MAYMOVE, 0)));
    }

    @Test
    void errorsAreLinuxs() {
        long a = anon(2 * PAGE, RW);
        long c = as.mmap(a - PAGE, PAGE, PROT_READ, ANON | MAP_FIXED, null, 0);
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a + 1, PAGE, PAGE, 0, 0)));
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a, PAGE, 0, 0, 0)));
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a, PAGE, PAGE, 8, 0)));
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a, PAGE, PAGE, MREMAP_FIXED, 0x300000000L)));
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, 0x300000001L)));
        assertEquals(Errno.EINVAL, errno(() -> as.mremap(a, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, a + PAGE)), "overlap");
        assertEquals(Errno.EFAULT, errno(() -> as.mremap(0x300000000L, PAGE, 2 * PAGE, MREMAP_MAYMOVE, 0)));
        assertEquals(Errno.EFAULT, errno(() -> as.mremap(c, 2 * PAGE, 4 * PAGE, MREMAP_MAYMOVE, 0)), "spans two areas");
    }

    @Test
    void sameSizeIsANoOp() {
        long a = anon(PAGE, RW);
        assertEquals(a, as.mremap(a, PAGE, PAGE, MREMAP_MAYMOVE, 0));
    }

    @Test
    void growingSharedAnonymousMemoryPastItsObjectIsSigbus() {
        long a = as.mmap(0x200000000L, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS | MAP_FIXED, null, 0);
        cpu.store(a, (byte) 1);
        assertEquals(a, as.mremap(a, PAGE, 2 * PAGE, 0, 0));
        assertEquals(1, cpu.load(a));
        assertEquals(FaultResult.SIGBUS, cpu.trap(() -> cpu.load(a + PAGE)), "as Linux: beyond the shmem size");
    }

    @Test
    void movedSharedMemoryStillSharesWithAFork() {
        long a = as.mmap(0, PAGE, RW, MAP_SHARED | MAP_ANONYMOUS, null, 0);
        AddressSpace child = as.fork(new RecordingMmu());
        long b = as.mremap(a, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, 0x300000000L);
        as.writeLong(b, 12);
        assertEquals(12, child.readLong(a));
    }
}
