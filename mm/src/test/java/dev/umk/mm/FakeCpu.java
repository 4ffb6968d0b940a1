package dev.umk.mm;

import dev.umk.core.abi.Mman;
import dev.umk.core.hw.PhysicalMemory;

/**
 * A CPU for tests: guest loads and stores go through the {@link RecordingMmu}'s host view and
 * fault like hardware (SEGV_MAPERR when unmapped, SEGV_ACCERR when the prot forbids), calling
 * the kernel's fault handler until the access succeeds or a signal is due.
 */
final class FakeCpu {
    /** Result of a guest access that raised a signal instead of completing. */
    static final class Signal extends RuntimeException {
        final FaultResult result;

        Signal(FaultResult r) {
            super(r.toString(), null, false, false);
            result = r;
        }
    }

    final AddressSpace as;
    final RecordingMmu mmu;
    final PhysicalMemory mem;
    int faults;

    FakeCpu(AddressSpace as, RecordingMmu mmu) {
        this.as = as;
        this.mmu = mmu;
        this.mem = as.frames.memory();
    }

    byte load(long va) {
        return mem.getByte(access(va, Mman.PROT_READ));
    }

    void store(long va, byte b) {
        mem.putByte(access(va, Mman.PROT_WRITE), b);
    }

    /** Runs an access, returning the signal it raised, or null. */
    FaultResult trap(Runnable access) {
        try {
            access.run();
            return null;
        } catch (Signal s) {
            return s.result;
        }
    }

    private long access(long va, int need) {
        for (int tries = 0; tries < 10; tries++) {
            long[] p = mmu.pages.get(va >>> 12);
            int code;
            if (p == null) {
                code = Mman.SEGV_MAPERR;
            } else if ((p[1] & need) == need || (need == Mman.PROT_READ && p[1] != 0)) {
                return p[0] + (va & 4095);
            } else {
                code = Mman.SEGV_ACCERR;
            }
            faults++;
            FaultResult r = as.handleFault(va, code);
            if (r != FaultResult.HANDLED) throw new Signal(r);
        }
        throw new AssertionError("guest looped on a fault at 0x" + Long.toHexString(va));
    }
}
