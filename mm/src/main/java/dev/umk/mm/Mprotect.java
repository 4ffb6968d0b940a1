package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * mprotect with Linux's checks and errors (mm/mprotect.c do_mprotect_pkey): areas are split
 * at the range ends and re-merged, and pages already mapped in the Mmu are re-protected (or
 * unmapped for PROT_NONE) so the Mmu never allows more than the new protection.
 *
 * <p>Preconditions: the owning AddressSpace's lock is held.
 */
final class Mprotect {
    private static final int RWX = PROT_READ | PROT_WRITE | PROT_EXEC;

    private final AddressSpace as;

    Mprotect(AddressSpace as) {
        this.as = as;
    }

    void mprotect(long start, long len, int prot) {
        int grows = prot & (PROT_GROWSDOWN | PROT_GROWSUP);
        prot &= ~grows;
        if (grows == (PROT_GROWSDOWN | PROT_GROWSUP)) throw new ErrnoException(Errno.EINVAL);
        if (!MmLayout.pageAligned(start)) throw new ErrnoException(Errno.EINVAL);
        if (len == 0) return;
        long alen = MmLayout.pageUp(len);
        long end = start + alen;
        if (alen == 0 || Long.compareUnsigned(end, start) <= 0) throw new ErrnoException(Errno.ENOMEM);
        if ((prot & ~(RWX | PROT_SEM)) != 0) throw new ErrnoException(Errno.EINVAL);
        int newProt = prot & RWX;

        Vma first = as.vmas.firstIntersecting(start, end);
        if (first == null) throw new ErrnoException(Errno.ENOMEM);
        if ((grows & PROT_GROWSDOWN) != 0) {
            start = first.start;
            if (!first.isGrowsDown()) throw new ErrnoException(Errno.EINVAL);
        } else if (first.start > start) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        if ((grows & PROT_GROWSUP) != 0) throw new ErrnoException(Errno.EINVAL); // x86 has none

        boolean whole = as.changeRange(start, end, v -> {
            if (v.prot == newProt) return false;
            if ((newProt & PROT_WRITE) != 0 && v.isShared() && v.file != null && !v.file.writableShared()) {
                throw new ErrnoException(Errno.EACCES);
            }
            return true;
        }, v -> {
            v.prot = newProt;
            as.ptes.reprotect(v);
        }, true);
        if (!whole) throw new ErrnoException(Errno.ENOMEM);
    }
}
