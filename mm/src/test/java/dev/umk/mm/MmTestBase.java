package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.kernel.ErrnoException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.function.Executable;

/** One address space over 32 MiB of heap memory, a recording Mmu and a fake CPU. */
abstract class MmTestBase {
    static final long M = 1L << 20;
    static final long PAGE = 4096;
    static final int RW = PROT_READ | PROT_WRITE;
    static final int ANON = MAP_PRIVATE | MAP_ANONYMOUS;

    final FrameAllocator frames = new FrameAllocator(new HeapPhysicalMemory(32 * M), 1);
    final RecordingMmu mmu = new RecordingMmu();
    final AddressSpace as = new AddressSpace(frames, mmu);
    final FakeCpu cpu = new FakeCpu(as, mmu);

    @AfterEach
    void mmuMatchesPageTable() {
        mmu.assertConsistentWith(as);
    }

    long anon(long len, int prot) {
        return as.mmap(0, len, prot, ANON, null, 0);
    }

    static Errno errno(Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    Vma vmaAt(long addr) {
        synchronized (as.mu) {
            Vma v = as.vmas.find(addr);
            return v == null ? null : v.copy();
        }
    }

    long pte(long va) {
        synchronized (as.mu) {
            return as.pt.get(va >>> 12);
        }
    }

    int vmaCount() {
        return as.vmas().size();
    }
}
