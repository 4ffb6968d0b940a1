package dev.umk.mm;

import dev.umk.core.abi.Mman;
import dev.umk.core.hw.Mmu;

/**
 * fork's copy of an address space (Linux dup_mmap): the child gets every area (except
 * MADV_DONTFORK ones; MADV_WIPEONFORK ones empty) and, for every present page, the same frame
 * with one more reference. Private pages become COW on both sides and lose write permission
 * in the parent's Mmu, in one protect call per run; shared pages stay shared. No data is
 * copied and the child's Mmu is left empty.
 *
 * <p>Preconditions: the parent's lock is held; the child is not yet visible to anyone.
 */
final class ForkCopy {
    private ForkCopy() {}

    static AddressSpace fork(AddressSpace parent, Mmu childMmu) {
        AddressSpace child = new AddressSpace(parent.frames, childMmu, parent.mmapBase);
        child.startBrk = parent.startBrk;
        child.brk = parent.brk;
        child.startStack = parent.startStack;
        child.stackRlimit = parent.stackRlimit;
        MmuRun protect = new MmuRun(parent.mmu, MmuRun.Kind.PROTECT);
        for (Vma v : parent.vmas.all()) {
            if ((v.flags & Vma.DONTCOPY) != 0) continue;
            Vma c = v.copy();
            c.flags &= ~Vma.LOCKED; // memory locks are not inherited
            child.vmas.insert(c);
            if ((v.flags & Vma.WIPEONFORK) != 0) continue;
            copyPages(parent, child, v, protect);
        }
        protect.flush();
        return child;
    }

    private static void copyPages(AddressSpace parent, AddressSpace child, Vma v, MmuRun protect) {
        FrameAllocator frames = parent.frames;
        boolean shared = v.isShared();
        parent.pt.update(v.start >>> MmLayout.PAGE_SHIFT, v.end >>> MmLayout.PAGE_SHIFT, (vpn, pte) -> {
            frames.get(Pte.pa(pte));
            if (shared) {
                child.pt.set(vpn, Pte.withoutMapped(pte));
                return pte;
            }
            long cow = pte | Pte.COW;
            child.pt.set(vpn, Pte.withoutMapped(cow));
            if (Pte.mapped(pte) && (Pte.mappedProt(pte) & Mman.PROT_WRITE) != 0) {
                int prot = Pte.mappedProt(pte) & ~Mman.PROT_WRITE;
                protect.add(vpn, 0, prot);
                return Pte.withMapped(cow, prot);
            }
            return cow;
        });
    }
}
