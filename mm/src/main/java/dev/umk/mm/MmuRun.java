package dev.umk.mm;

import dev.umk.core.hw.Mmu;

/**
 * Coalesces per-page Mmu operations into one call per run of consecutive pages with the same
 * protection (and, for maps, physically contiguous frames), since each Mmu call may cost a
 * host system call in the stub.
 */
final class MmuRun {
    enum Kind { MAP, PROTECT, UNMAP }

    private final Mmu mmu;
    private final Kind kind;
    private long startVpn;
    private long pa;
    private int prot;
    private long n;
    private int calls;

    MmuRun(Mmu mmu, Kind kind) {
        this.mmu = mmu;
        this.kind = kind;
    }

    /** Adds one page; {@code pa} matters for MAP only, {@code prot} not for UNMAP. */
    void add(long vpn, long pa, int prot) {
        if (n > 0 && vpn == startVpn + n && (kind == Kind.UNMAP || prot == this.prot)
                && (kind != Kind.MAP || pa == this.pa + (n << MmLayout.PAGE_SHIFT))) {
            n++;
            return;
        }
        flush();
        startVpn = vpn;
        this.pa = pa;
        this.prot = prot;
        n = 1;
    }

    /** Issues the pending run, if any. */
    void flush() {
        if (n == 0) return;
        long va = startVpn << MmLayout.PAGE_SHIFT;
        long len = n << MmLayout.PAGE_SHIFT;
        switch (kind) {
            case MAP -> mmu.map(va, len, pa, prot);
            case PROTECT -> mmu.protect(va, len, prot);
            case UNMAP -> mmu.unmap(va, len);
        }
        calls++;
        n = 0;
    }

    /** Mmu calls issued so far. */
    int calls() {
        return calls;
    }
}
