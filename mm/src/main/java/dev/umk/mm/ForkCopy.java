package dev.umk.mm;

import dev.umk.core.abi.Mman;
import dev.umk.core.hw.Mmu;

/**
 * fork's copy of an address space (Linux dup_mmap): the child gets every area (except
 * MADV_DONTFORK ones; MADV_WIPEONFORK ones empty) and, for every present page, the same frame
 * with one more reference. Private pages become COW on both sides and lose write permission
 * in the parent's Mmu, in one protect call per run; shared pages stay shared.
 *
 * <p>Two things make the usual fork-then-exec cheap on a platform where every fault is a
 * round trip to a traced process:
 * <ul>
 *   <li>The child's Mmu starts with what the parent's has (one map call per run, up to
 *       {@link #PREMAP_MAX_RUNS}), COW pages read-only, so the child does not fault on each
 *       page of code and data it reads before it execs.</li>
 *   <li>A small dirty set is copied at once: private pages the parent has mapped writable
 *       were written since its last fork (fork takes write away; a write fault gives it back),
 *       and a parent that forks in a loop writes them again after every fork, as does the
 *       child. When there are at most {@link #EAGER_COPY_MAX} of them and no other thread of
 *       the parent can write meanwhile, the child gets private copies and the parent keeps
 *       its pages writable: no COW fault on either side.</li>
 * </ul>
 *
 * <p>Preconditions: the parent's lock is held; the child is not yet visible to anyone.
 */
final class ForkCopy {
    /** Most private dirty pages copied at fork (128 KiB); a larger set is all COW. */
    static final int EAGER_COPY_MAX = 32;
    /** Most map calls queued for the child's Mmu; pages beyond fault in as usual. */
    static final int PREMAP_MAX_RUNS = 256;

    private ForkCopy() {}

    static AddressSpace fork(AddressSpace parent, Mmu childMmu) {
        AddressSpace child = new AddressSpace(parent.frames, childMmu, parent.mmapBase);
        child.startBrk = parent.startBrk;
        child.brk = parent.brk;
        child.startStack = parent.startStack;
        child.stackRlimit = parent.stackRlimit;
        boolean eager = !parent.mmu.othersMayRun() && dirtyPrivatePages(parent) <= EAGER_COPY_MAX;
        MmuRun protect = new MmuRun(parent.mmu, MmuRun.Kind.PROTECT);
        MmuRun premap = new MmuRun(childMmu, MmuRun.Kind.MAP);
        for (Vma v : parent.vmas.all()) {
            if ((v.flags & Vma.DONTCOPY) != 0) continue;
            Vma c = v.copy();
            c.flags &= ~Vma.LOCKED; // memory locks are not inherited
            child.vmas.insert(c);
            if ((v.flags & Vma.WIPEONFORK) != 0) continue;
            copyPages(parent, child, v, eager, protect, premap);
        }
        protect.flush();
        premap.flush();
        return child;
    }

    /** Private pages the parent's Mmu has writable: written since its last fork. */
    private static long dirtyPrivatePages(AddressSpace parent) {
        long[] n = {0};
        for (Vma v : parent.vmas.all()) {
            if (v.isShared() || (v.flags & (Vma.DONTCOPY | Vma.WIPEONFORK)) != 0) continue;
            parent.pt.update(v.start >>> MmLayout.PAGE_SHIFT, v.end >>> MmLayout.PAGE_SHIFT, (vpn, pte) -> {
                if (writableInMmu(pte)) n[0]++;
                return pte;
            });
            if (n[0] > EAGER_COPY_MAX) break;
        }
        return n[0];
    }

    private static boolean writableInMmu(long pte) {
        return Pte.mapped(pte) && (Pte.mappedProt(pte) & Mman.PROT_WRITE) != 0;
    }

    private static void copyPages(AddressSpace parent, AddressSpace child, Vma v, boolean eager,
                                  MmuRun protect, MmuRun premap) {
        FrameAllocator frames = parent.frames;
        boolean shared = v.isShared();
        parent.pt.update(v.start >>> MmLayout.PAGE_SHIFT, v.end >>> MmLayout.PAGE_SHIFT, (vpn, pte) -> {
            if (shared) {
                frames.get(Pte.pa(pte));
                child.pt.set(vpn, premapped(child, v, vpn, Pte.withoutMapped(pte), Pte.mapped(pte), premap));
                return pte;
            }
            if (eager && writableInMmu(pte)) {
                long copy = frames.allocFrame();
                parent.mem.copy(Pte.pa(pte), copy, MmLayout.PAGE_SIZE);
                child.pt.set(vpn, premapped(child, v, vpn, Pte.make(copy, 0), true, premap));
                return pte;
            }
            frames.get(Pte.pa(pte));
            long cow = pte | Pte.COW;
            child.pt.set(vpn, premapped(child, v, vpn, Pte.withoutMapped(cow), Pte.mapped(pte), premap));
            if (writableInMmu(pte)) {
                int prot = Pte.mappedProt(pte) & ~Mman.PROT_WRITE;
                protect.add(vpn, 0, prot);
                return Pte.withMapped(cow, prot);
            }
            return cow;
        });
    }

    /** The child's PTE, mapped in its Mmu when the parent had the page mapped and room is left. */
    private static long premapped(AddressSpace child, Vma v, long vpn, long pte, boolean parentMapped,
                                  MmuRun premap) {
        if (!parentMapped || !v.accessible() || premap.calls() >= PREMAP_MAX_RUNS) return pte;
        int prot = PteRange.allowedProt(v, pte);
        premap.add(vpn, Pte.pa(pte), prot);
        return Pte.withMapped(pte, prot);
    }
}
