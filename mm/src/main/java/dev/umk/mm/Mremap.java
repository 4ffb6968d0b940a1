package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * mremap with Linux's rules (mm/mremap.c): shrink in place, grow in place when the space after
 * is free, otherwise move (MREMAP_MAYMOVE) by moving page-table entries, never data;
 * MREMAP_FIXED and MREMAP_DONTUNMAP; old_len 0 duplicates a shared mapping.
 *
 * <p>Preconditions: the owning AddressSpace's lock is held.
 */
final class Mremap {
    private final AddressSpace as;
    private final Mmap mmap;

    Mremap(AddressSpace as, Mmap mmap) {
        this.as = as;
        this.mmap = mmap;
    }

    long mremap(long addr, long oldLen, long newLen, int flags, long newAddr) {
        if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (!MmLayout.pageAligned(addr)) throw new ErrnoException(Errno.EINVAL);
        long nl = MmLayout.pageUp(newLen);
        if (nl == 0) throw new ErrnoException(Errno.EINVAL);
        boolean toNewAddr = (flags & (MREMAP_FIXED | MREMAP_DONTUNMAP)) != 0;
        if (toNewAddr) {
            if (!MmLayout.pageAligned(newAddr)) throw new ErrnoException(Errno.EINVAL);
            if ((flags & MREMAP_MAYMOVE) == 0) throw new ErrnoException(Errno.EINVAL);
            if ((flags & MREMAP_DONTUNMAP) != 0 && oldLen != newLen) throw new ErrnoException(Errno.EINVAL);
            if (as.vmas.size() + 2 >= MmLayout.MAX_MAP_COUNT - 3) throw new ErrnoException(Errno.ENOMEM);
        }
        long ol = MmLayout.pageUp(oldLen);
        if (oldLen != 0 && ol == 0) throw new ErrnoException(Errno.EFAULT); // spans past 2^64
        Vma vma = as.vmas.find(addr);
        if (vma == null) throw new ErrnoException(Errno.EFAULT);
        if (toNewAddr) return mremapTo(addr, ol, nl, flags, newAddr);

        if (ol == nl) return addr;
        if (Long.compareUnsigned(ol, nl) > 0) {
            mmap.munmap(addr + nl, ol - nl);
            return addr;
        }
        checkResize(vma, addr, ol);
        long delta = nl - ol;
        if (vma.end - addr == ol && expandable(vma, delta)) {
            as.vmas.setEnd(vma, vma.end + delta);
            as.vmas.mergeAround(vma);
            return addr;
        }
        if ((flags & MREMAP_MAYMOVE) == 0) throw new ErrnoException(Errno.ENOMEM);
        long dst = mmap.unmappedArea(0, nl, 0);
        return move(vma, addr, ol, dst, nl, false);
    }

    private long mremapTo(long addr, long ol, long nl, int flags, long newAddr) {
        if (Long.compareUnsigned(nl, MmLayout.TASK_SIZE) > 0
                || Long.compareUnsigned(newAddr, MmLayout.TASK_SIZE - nl) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (addr < newAddr + nl && newAddr < addr + ol) throw new ErrnoException(Errno.EINVAL);
        boolean fixed = (flags & MREMAP_FIXED) != 0;
        if (fixed) mmap.unmapRange(newAddr, newAddr + nl);
        if (Long.compareUnsigned(ol, nl) > 0) {
            mmap.munmap(addr + nl, ol - nl);
            ol = nl;
        }
        Vma vma = as.vmas.find(addr);
        if (vma == null) throw new ErrnoException(Errno.EFAULT);
        checkResize(vma, addr, ol);
        long dst = mmap.unmappedArea(newAddr, nl, fixed ? MAP_FIXED : 0);
        return move(vma, addr, ol, dst, nl, (flags & MREMAP_DONTUNMAP) != 0);
    }

    /** Linux resize_is_valid: the old range must lie in one area; old_len 0 only for shared. */
    private static void checkResize(Vma vma, long addr, long ol) {
        if (ol == 0 && !vma.isShared()) throw new ErrnoException(Errno.EINVAL);
        if (Long.compareUnsigned(ol, vma.end - addr) > 0) throw new ErrnoException(Errno.EFAULT);
    }

    private boolean expandable(Vma vma, long delta) {
        long end = vma.end + delta;
        if (end < vma.end || end > MmLayout.TASK_SIZE) return false;
        return as.vmas.firstIntersecting(vma.end, end) == null;
    }

    /**
     * Moves [addr, addr+ol) of {@code vma} to a new area [dst, dst+nl): the new area is
     * inserted first (so a shared object keeps a reference throughout), the page-table
     * entries move, then the old range goes unless DONTUNMAP keeps it (empty).
     */
    private long move(Vma vma, long addr, long ol, long dst, long nl, boolean dontUnmap) {
        Vma nv = new Vma(dst, dst + nl, vma.prot, vma.flags, vma.file,
                vma.file != null ? vma.offsetOf(addr) : 0, vma.name);
        as.vmas.insert(nv);
        as.ptes.move(addr, dst, ol, nv);
        if (dontUnmap) {
            vma.flags &= ~Vma.LOCKED;
        } else if (ol > 0) {
            mmap.unmapRange(addr, addr + ol);
        }
        as.vmas.mergeAround(nv);
        return dst;
    }
}
