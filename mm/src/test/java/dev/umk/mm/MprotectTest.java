package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;

import org.junit.jupiter.api.Test;

class MprotectTest extends MmTestBase {

    @Test
    void mprotectSplitsAndMergesBack() {
        long a = anon(4 * PAGE, RW);
        as.mprotect(a + PAGE, 2 * PAGE, PROT_READ);
        assertEquals(3, vmaCount());
        assertEquals(PROT_READ, vmaAt(a + PAGE).prot());
        assertEquals(a + 3 * PAGE, vmaAt(a + PAGE).end());
        as.mprotect(a + PAGE, 2 * PAGE, RW);
        assertEquals(1, vmaCount());
    }

    @Test
    void mappedPagesAreReprotectedInOneCall() {
        long a = anon(16 * PAGE, RW);
        cpu.store(a, (byte) 1);
        mmu.clearCalls();
        as.mprotect(a, 16 * PAGE, PROT_READ);
        assertEquals(1, mmu.calls("protect").size());
        assertEquals(FaultResult.SEGV_ACCERR, cpu.trap(() -> cpu.store(a + PAGE, (byte) 2)));
        assertEquals(1, cpu.load(a));
    }

    @Test
    void protNoneUnmapsAndKeepsTheData() {
        long a = anon(4 * PAGE, RW);
        cpu.store(a, (byte) 5);
        as.mprotect(a, 4 * PAGE, PROT_NONE);
        assertTrue(mmu.pages.isEmpty());
        assertEquals(FaultResult.SEGV_ACCERR, cpu.trap(() -> cpu.load(a)));
        as.mprotect(a, 4 * PAGE, PROT_READ);
        assertEquals(5, cpu.load(a));
    }

    @Test
    void cowPagesStayReadOnlyWhenMadeWritable() {
        long a = anon(PAGE, PROT_READ);
        cpu.load(a);
        AddressSpace child = as.fork(new RecordingMmu());
        as.mprotect(a, PAGE, RW);
        assertEquals(PROT_READ, mmu.pages.get(a >>> 12)[1]);
        cpu.store(a, (byte) 3);
        assertEquals(0, child.readLong(a));
    }

    @Test
    void holeIsEnomemAfterChangingWhatCameBefore() {
        long a = anon(4 * PAGE, RW);
        as.munmap(a + 2 * PAGE, PAGE);
        assertEquals(Errno.ENOMEM, errno(() -> as.mprotect(a, 4 * PAGE, PROT_READ)));
        assertEquals(PROT_READ, vmaAt(a).prot());
        assertEquals(RW, vmaAt(a + 3 * PAGE).prot());
        assertEquals(Errno.ENOMEM, errno(() -> as.mprotect(a + 2 * PAGE, PAGE, PROT_READ)));
    }

    @Test
    void argumentErrors() {
        long a = anon(PAGE, RW);
        assertEquals(Errno.EINVAL, errno(() -> as.mprotect(a + 1, PAGE, PROT_READ)));
        assertEquals(Errno.EINVAL, errno(() -> as.mprotect(a, PAGE, 0x10)));
        assertEquals(Errno.EINVAL, errno(() -> as.mprotect(a, PAGE, PROT_READ | PROT_GROWSDOWN | PROT_GROWSUP)));
        assertEquals(Errno.ENOMEM, errno(() -> as.mprotect(a, -PAGE * 2, PROT_READ)));
        as.mprotect(a, 0, PROT_READ); // len 0: nothing, no error
        as.mprotect(a, PAGE, PROT_READ | PROT_SEM);
        assertEquals(PROT_READ, vmaAt(a).prot());
    }

    @Test
    void growsDownExtendsToTheAreaStart() {
        long a = as.mmap(0, 8 * PAGE, RW, ANON | MAP_GROWSDOWN, null, 0);
        as.mprotect(a + 4 * PAGE, PAGE, PROT_READ | PROT_GROWSDOWN);
        assertEquals(PROT_READ, vmaAt(a).prot());
        assertEquals(a + 5 * PAGE, vmaAt(a).end());
        long b = anon(PAGE, RW);
        assertEquals(Errno.EINVAL, errno(() -> as.mprotect(b, PAGE, PROT_READ | PROT_GROWSDOWN)));
    }
}
