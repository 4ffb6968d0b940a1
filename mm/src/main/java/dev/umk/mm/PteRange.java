package dev.umk.mm;

import dev.umk.core.abi.Mman;

/**
 * Page-table walks that keep the Mmu in step with the page table: map present pages, re-protect
 * after a VMA's protection changed, zap (clear and free), and move entries (mremap). Every walk
 * coalesces pages into one Mmu call per run.
 *
 * <p>The invariant they keep: a page mapped in the Mmu has a PTE marked MAPPED whose frame is
 * the one mapped, with exactly {@link #allowedProt} as protection.
 *
 * <p>Preconditions for every method: the owning AddressSpace's lock is held.
 */
final class PteRange {
    private static final int RWX = Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC;

    private final AddressSpace as;

    PteRange(AddressSpace as) {
        this.as = as;
    }

    /** The protection a page may be mapped with: the VMA's, without write while COW. */
    static int allowedProt(Vma v, long pte) {
        int p = v.prot & RWX;
        return Pte.cow(pte) ? p & ~Mman.PROT_WRITE : p;
    }

    /**
     * Maps every present, not yet mapped page of [startVpn, endVpn), which lies inside
     * {@code v}. Returns the number of Mmu.map calls made.
     */
    int mapUnmapped(Vma v, long startVpn, long endVpn) {
        if (!v.accessible()) return 0;
        PageTable pt = as.pt;
        MmuRun run = new MmuRun(as.mmu, MmuRun.Kind.MAP);
        for (long vpn = pt.nextUsed(startVpn, endVpn); vpn < endVpn; vpn = pt.nextUsed(vpn + 1, endVpn)) {
            long pte = pt.get(vpn);
            if (Pte.mapped(pte)) continue;
            int prot = allowedProt(v, pte);
            pt.set(vpn, Pte.withMapped(pte, prot));
            run.add(vpn, Pte.pa(pte), prot);
        }
        run.flush();
        return run.calls();
    }

    /** Brings mapped pages of {@code v} to its (new) protection: protect, or unmap for none. */
    void reprotect(Vma v) {
        long s = v.start >>> MmLayout.PAGE_SHIFT;
        long e = v.end >>> MmLayout.PAGE_SHIFT;
        if (!v.accessible()) {
            boolean[] any = {false};
            as.pt.update(s, e, (vpn, pte) -> {
                if (!Pte.mapped(pte)) return pte;
                any[0] = true;
                return Pte.withoutMapped(pte);
            });
            if (any[0]) as.mmu.unmap(v.start, v.length());
            return;
        }
        MmuRun run = new MmuRun(as.mmu, MmuRun.Kind.PROTECT);
        as.pt.update(s, e, (vpn, pte) -> {
            if (!Pte.mapped(pte)) return pte;
            int prot = allowedProt(v, pte);
            if (Pte.mappedProt(pte) == prot) return pte;
            run.add(vpn, 0, prot);
            return Pte.withMapped(pte, prot);
        });
        run.flush();
    }

    /**
     * Clears [start, end), dropping each frame's reference into {@code batch}, and unmaps the
     * range from the Mmu if any of it was mapped.
     */
    void zap(long start, long end, FreeBatch batch) {
        boolean[] any = {false};
        as.pt.clear(start >>> MmLayout.PAGE_SHIFT, end >>> MmLayout.PAGE_SHIFT, (vpn, pte) -> {
            if (Pte.mapped(pte)) any[0] = true;
            batch.put(Pte.pa(pte));
            return 0;
        });
        if (any[0]) as.mmu.unmap(start, end - start);
    }

    /**
     * Moves the entries of [oldStart, oldStart+len) to newStart without copying data (mremap),
     * unmapping the old range and mapping the pages at the new place in {@code newVma}.
     */
    void move(long oldStart, long newStart, long len, Vma newVma) {
        PageTable pt = as.pt;
        long from = oldStart >>> MmLayout.PAGE_SHIFT;
        long to = (oldStart + len) >>> MmLayout.PAGE_SHIFT;
        long delta = (newStart - oldStart) >> MmLayout.PAGE_SHIFT;
        boolean anyMapped = false;
        for (long vpn = pt.nextUsed(from, to); vpn < to; vpn = pt.nextUsed(vpn + 1, to)) {
            long pte = pt.get(vpn);
            anyMapped |= Pte.mapped(pte);
            pt.set(vpn, 0);
            pt.set(vpn + delta, Pte.withoutMapped(pte));
        }
        pt.trim(from, to);
        if (anyMapped) as.mmu.unmap(oldStart, len);
        mapUnmapped(newVma, from + delta, to + delta);
    }
}
