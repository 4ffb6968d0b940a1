package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Mman;
import dev.umk.core.kernel.ErrnoException;

/**
 * Demand paging (Linux mm/memory.c): resolves guest faults and kernel accesses to pages that
 * are not present, breaks copy-on-write, and grows stacks.
 *
 * <p>Fault-around: a miss in anonymous memory fills an aligned window of pages around the
 * fault with one physically contiguous block and maps it with one Mmu call. The window starts
 * at 16 pages and doubles (up to 512, 2 MiB) while faults walk forward window after window,
 * so a sequential first touch of a large area costs one fault per 2 MiB. File mappings fill
 * 16-page windows from the file's cached frames.
 *
 * <p>The hardware does not say whether an access was a read or a write; SEGV_ACCERR on a COW
 * page of a writable VMA is taken as a write. A fault with nothing to fix (another thread fixed
 * it, or the access is really forbidden) is retried: the same thread hitting the same
 * unfixable fault again gets SIGSEGV (a mapping the Mmu keeps losing gets one more retry), so
 * a guest never loops forever.
 *
 * <p>Preconditions for every method: the owning AddressSpace's lock is held.
 */
final class PageFault {
    static final int BASE_WINDOW_ORDER = 4;
    static final int MAX_WINDOW_ORDER = 9;
    static final int FILE_WINDOW_ORDER = 4;
    private static final long PAGE = MmLayout.PAGE_SIZE;

    /**
     * Per tracer thread (one per guest thread): {address-space id, vpn, si_code, repeats} of
     * its last fault with nothing to fix.
     */
    private static final ThreadLocal<long[]> STUCK = ThreadLocal.withInitial(() -> new long[] {-1, -1, -1, 0});

    private final AddressSpace as;
    /** The vpn just past the last window; a fault there means a forward walk. */
    private long seqNext = -1;
    private int windowOrder = BASE_WINDOW_ORDER;

    PageFault(AddressSpace as) {
        this.as = as;
    }

    FaultResult handle(long addr, int siCode) {
        if (addr < MmLayout.MMAP_MIN_ADDR || addr >= MmLayout.TASK_SIZE) return FaultResult.SEGV_MAPERR;
        Vma v = as.vmas.find(addr);
        if (v == null && (v = growStack(addr)) == null) return FaultResult.SEGV_MAPERR;
        if (!v.accessible()) return FaultResult.SEGV_ACCERR;
        long vpn = addr >>> MmLayout.PAGE_SHIFT;
        long pte = as.pt.get(vpn);
        try {
            if (pte == 0) {
                int order = nextWindowOrder(vpn);
                populate(v, vpn, order);
                mapAround(v, vpn, order);
            } else if (!Pte.mapped(pte)) {
                mapAround(v, vpn, nextWindowOrder(vpn));
            } else if (siCode == Mman.SEGV_ACCERR && Pte.cow(pte) && v.writable()) {
                breakCow(v, vpn, pte);
            } else if (Pte.mappedProt(pte) != PteRange.allowedProt(v, pte)) {
                remapPage(v, vpn, pte);
            } else {
                return nothingToFix(v, vpn, pte, siCode);
            }
        } catch (ErrnoException e) {
            return e.errno() == Errno.ENOMEM ? FaultResult.OOM : FaultResult.SIGBUS;
        }
        STUCK.get()[0] = -1;
        return FaultResult.HANDLED;
    }

    /**
     * Makes the page at {@code vpn} present in {@code v} (filling its window), without mapping
     * it in the Mmu.
     *
     * @throws ErrnoException ENOMEM when out of frames; another errno when the file has no
     *     such page
     */
    void populate(Vma v, long vpn, int order) {
        if (v.file == null) {
            populateAnon(v, vpn, order);
        } else {
            populateFile(v, vpn);
        }
    }

    /** The window order for a miss at {@code vpn}, growing while misses walk forward. */
    int nextWindowOrder(long vpn) {
        windowOrder = vpn == seqNext ? Math.min(windowOrder + 1, MAX_WINDOW_ORDER) : BASE_WINDOW_ORDER;
        return windowOrder;
    }

    /**
     * Gives the page a private writable frame: copies a shared one, or keeps it when this PTE
     * holds its only reference. Fixes the Mmu mapping if the page was mapped. Returns the new PTE.
     */
    long breakCow(Vma v, long vpn, long pte) {
        long pa = Pte.pa(pte);
        long npte;
        boolean sameFrame = as.frames.ref(pa) == 1;
        if (sameFrame) {
            npte = pte & ~Pte.COW;
        } else {
            long copy = as.frames.allocFrame();
            as.mem.copy(pa, copy, PAGE);
            as.frames.put(pa);
            npte = Pte.make(copy, 0);
        }
        if (Pte.mapped(pte)) {
            int prot = PteRange.allowedProt(v, npte);
            long va = vpn << MmLayout.PAGE_SHIFT;
            // map, not protect: it also holds if the Mmu dropped the page meanwhile.
            as.mmu.map(va, PAGE, Pte.pa(npte), prot);
            npte = Pte.withMapped(npte, prot);
        }
        as.pt.set(vpn, npte);
        return npte;
    }

    /**
     * Grows the MAP_GROWSDOWN area above {@code addr} down to it, as Linux expand_downwards:
     * within RLIMIT_STACK and not into the guard gap above the previous area. Returns the
     * grown area, or null.
     */
    Vma growStack(long addr) {
        Vma v = as.vmas.findEndingAbove(addr);
        if (v == null || !v.isGrowsDown() || v.start <= addr) return null;
        long start = MmLayout.pageDown(addr);
        if (start < MmLayout.MMAP_MIN_ADDR || v.end - start > as.stackRlimit) return null;
        Vma p = as.vmas.prev(v);
        if (p != null && (p.end > start
                || (!p.isGrowsDown() && p.accessible() && start - p.end < MmLayout.STACK_GUARD_GAP))) {
            return null;
        }
        if (v.file != null && v.offsetOf(start) < 0) return null;
        as.vmas.setStart(v, start);
        return v;
    }

    private FaultResult nothingToFix(Vma v, long vpn, long pte, int siCode) {
        long[] s = STUCK.get();
        if (s[0] == as.id && s[1] == vpn && s[2] == siCode) {
            s[3]++;
        } else {
            s[0] = as.id;
            s[1] = vpn;
            s[2] = siCode;
            s[3] = 1;
        }
        // A forbidden access shows itself on the retry; a mapping the Mmu keeps losing gets
        // one more chance, since an Mmu may legitimately drop a page more than once.
        if (s[3] >= (siCode == Mman.SEGV_ACCERR ? 2 : 3)) {
            s[0] = -1;
            return siCode == Mman.SEGV_ACCERR ? FaultResult.SEGV_ACCERR : FaultResult.SEGV_MAPERR;
        }
        if (siCode != Mman.SEGV_ACCERR) remapPage(v, vpn, pte);
        return FaultResult.HANDLED;
    }

    private void remapPage(Vma v, long vpn, long pte) {
        int prot = PteRange.allowedProt(v, pte);
        as.mmu.map(vpn << MmLayout.PAGE_SHIFT, PAGE, Pte.pa(pte), prot);
        as.pt.set(vpn, Pte.withMapped(pte, prot));
    }

    private void mapAround(Vma v, long vpn, int order) {
        long[] w = window(v, vpn, order);
        as.ptes.mapUnmapped(v, w[0], w[1]);
        seqNext = w[1];
    }

    /** The aligned window of 2^order pages around vpn, clipped to the VMA: {start, end}. */
    private static long[] window(Vma v, long vpn, int order) {
        long mask = (1L << order) - 1;
        long start = Math.max(v.start >>> MmLayout.PAGE_SHIFT, vpn & ~mask);
        long end = Math.min(v.end >>> MmLayout.PAGE_SHIFT, (vpn | mask) + 1);
        return new long[] {start, end};
    }

    /** Fills every empty run of the window, each with one contiguous block when possible. */
    private void populateAnon(Vma v, long vpn, int order) {
        long[] w = window(v, vpn, order);
        seqNext = w[1];
        PageTable pt = as.pt;
        long s = w[0];
        while (s < w[1]) {
            if (pt.get(s) != 0) {
                s++;
                continue;
            }
            long e = s + 1;
            while (e < w[1] && pt.get(e) == 0) e++;
            fillRun(s, e, vpn);
            s = e;
        }
    }

    private void fillRun(long s, long e, long faultVpn) {
        int n = (int) (e - s);
        long pa;
        try {
            pa = as.frames.allocExact(n);
        } catch (ErrnoException oom) {
            // Fragmented or short of memory: settle for the faulting page alone.
            if (faultVpn < s || faultVpn >= e) return;
            as.pt.set(faultVpn, Pte.make(as.frames.allocFrame(), 0));
            return;
        }
        for (int i = 0; i < n; i++) as.pt.set(s + i, Pte.make(pa + i * PAGE, 0));
    }

    /** Takes the file's frames for the empty pages of a window; private mappings get them COW. */
    private void populateFile(Vma v, long vpn) {
        long[] w = window(v, vpn, FILE_WINDOW_ORDER);
        long flags = v.isShared() ? 0 : Pte.COW;
        long size = v.file.size();
        for (long p = w[0]; p < w[1]; p++) {
            if (as.pt.get(p) != 0) continue;
            long off = v.offsetOf(p << MmLayout.PAGE_SHIFT);
            try {
                if (off >= size) throw new ErrnoException(Errno.EFAULT, "beyond end of file");
                as.pt.set(p, Pte.make(v.file.pageFrame(off), flags));
            } catch (ErrnoException e) {
                if (p == vpn) throw e;
                if (p > vpn) break;
            }
        }
    }
}
