package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * mmap, munmap and brk with Linux's checks, errors and their order (mm/mmap.c do_mmap,
 * __get_unmapped_area, do_vmi_munmap, brk), and the address search they share.
 *
 * <p>Preconditions for every method: the owning AddressSpace's lock is held.
 */
final class Mmap {
    private static final int RWX = PROT_READ | PROT_WRITE | PROT_EXEC;
    /** x86-64 MAP_32BIT window: the second GiB. */
    private static final long MAP_32BIT_LOW = 0x40000000L;
    private static final long MAP_32BIT_HIGH = 0x80000000L;

    private final AddressSpace as;

    Mmap(AddressSpace as) {
        this.as = as;
    }

    long mmap(long addr, long len, int prot, int flags, MappedFile file, long off) {
        if (!MmLayout.pageAligned(off)) throw new ErrnoException(Errno.EINVAL);
        if ((flags & MAP_HUGETLB) != 0) {
            // No huge pages are ever reserved here, as on a default Linux box.
            throw new ErrnoException(file != null ? Errno.EINVAL : Errno.ENOMEM);
        }
        if (len == 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & MAP_FIXED_NOREPLACE) != 0) flags |= MAP_FIXED;
        boolean fixed = (flags & MAP_FIXED) != 0;
        if (!fixed) addr = roundHintToMin(addr);
        long alen = MmLayout.pageUp(len);
        if (alen == 0 || alen < 0) throw new ErrnoException(Errno.ENOMEM);
        long pgoff = off >>> MmLayout.PAGE_SHIFT;
        if (Long.compareUnsigned(pgoff + (alen >>> MmLayout.PAGE_SHIFT), pgoff) < 0) {
            throw new ErrnoException(Errno.EOVERFLOW);
        }
        if (as.vmas.size() > MmLayout.MAX_MAP_COUNT) throw new ErrnoException(Errno.ENOMEM);

        addr = unmappedArea(addr, alen, flags);
        if ((flags & MAP_FIXED_NOREPLACE) != 0 && as.vmas.firstIntersecting(addr, addr + alen) != null) {
            throw new ErrnoException(Errno.EEXIST);
        }
        int vflags = validate(flags, prot, file, off, alen);
        if ((vflags & Vma.SHARED) != 0 && file == null) {
            file = new ShmemFile(as.frames, alen);
            off = 0;
        }
        if (file == null) off = 0;
        Vma v = region(addr, addr + alen, prot & RWX, vflags, file, off);
        if ((vflags & Vma.LOCKED) != 0 || (flags & (MAP_POPULATE | MAP_NONBLOCK)) == MAP_POPULATE) {
            populate(v, addr, addr + alen);
        }
        return addr;
    }

    void munmap(long addr, long len) {
        if (!MmLayout.pageAligned(addr) || addr < 0 || addr > MmLayout.TASK_SIZE
                || len < 0 || len > MmLayout.TASK_SIZE - addr) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long alen = MmLayout.pageUp(len);
        if (alen == 0) throw new ErrnoException(Errno.EINVAL);
        unmapRange(addr, addr + alen);
    }

    long brk(long newBrk) {
        if (as.startBrk == 0 || Long.compareUnsigned(newBrk, as.startBrk) < 0) return as.brk;
        if (newBrk > MmLayout.TASK_SIZE) return as.brk;
        long newEnd = MmLayout.pageUp(newBrk);
        long oldEnd = MmLayout.pageUp(as.brk);
        if (newEnd == oldEnd) {
            as.brk = newBrk;
            return newBrk;
        }
        if (newBrk <= as.brk) {
            // The heap area must still be there to shrink it.
            if (as.vmas.firstIntersecting(newEnd, oldEnd) == null) return as.brk;
            unmapRange(newEnd, oldEnd);
            as.brk = newBrk;
            return newBrk;
        }
        Vma next = as.vmas.findEndingAbove(oldEnd);
        if (next != null && newEnd + MmLayout.PAGE_SIZE > next.startGap()) return as.brk;
        if (as.vmas.size() > MmLayout.MAX_MAP_COUNT) return as.brk;
        region(oldEnd, newEnd, PROT_READ | PROT_WRITE, 0, null, 0);
        as.brk = newBrk;
        return newBrk;
    }

    /**
     * Picks the address of a new mapping as Linux's __get_unmapped_area: MAP_FIXED checks the
     * given one; otherwise a free hint is taken as is, else the highest gap below mmap_base,
     * else the lowest gap anywhere.
     */
    long unmappedArea(long addr, long len, int flags) {
        if (Long.compareUnsigned(len, MmLayout.TASK_SIZE - MmLayout.MMAP_MIN_ADDR) > 0) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        if ((flags & MAP_FIXED) != 0) {
            if (Long.compareUnsigned(addr, MmLayout.TASK_SIZE - len) > 0) throw new ErrnoException(Errno.ENOMEM);
            if (!MmLayout.pageAligned(addr)) throw new ErrnoException(Errno.EINVAL);
            if (addr < MmLayout.MMAP_MIN_ADDR) throw new ErrnoException(Errno.EPERM);
            return addr;
        }
        long a;
        if ((flags & MAP_32BIT) != 0) {
            if (addr != 0 && addr <= MAP_32BIT_HIGH - len && as.vmas.isFree(addr, len)) return addr;
            a = as.vmas.gapBottomUp(len, MAP_32BIT_LOW, MAP_32BIT_HIGH);
        } else {
            if (addr != 0 && addr >= MmLayout.MMAP_MIN_ADDR && addr <= MmLayout.TASK_SIZE - len
                    && as.vmas.isFree(addr, len)) {
                return addr;
            }
            a = as.vmas.gapTopDown(len, MmLayout.MMAP_MIN_ADDR, as.mmapBase);
            if (a < 0) a = as.vmas.gapBottomUp(len, MmLayout.MMAP_MIN_ADDR, MmLayout.TASK_SIZE);
        }
        if (a < 0) throw new ErrnoException(Errno.ENOMEM);
        return a;
    }

    /**
     * Removes every mapping in [start, end) (page-aligned): splits areas at the ends, drops
     * their pages, closes their files.
     */
    void unmapRange(long start, long end) {
        Vma v = as.vmas.firstIntersecting(start, end);
        if (v == null) return;
        // Split first: it is the only step that can fail (ENOMEM at max_map_count).
        if (v.start < start) v = as.vmas.split(v, start);
        Vma last = as.vmas.find(end - 1);
        if (last != null && last.end > end) as.vmas.split(last, end);
        FreeBatch batch = new FreeBatch(as.frames);
        as.ptes.zap(start, end, batch);
        while (v != null && v.start < end) {
            Vma next = as.vmas.next(v);
            as.vmas.remove(v);
            v = next;
        }
        batch.flush();
    }

    /** Creates the area [addr, addr+len), replacing whatever was there, merged with neighbours. */
    Vma region(long addr, long end, int prot, int vflags, MappedFile file, long off) {
        unmapRange(addr, end);
        Vma v = new Vma(addr, end, prot, vflags, file, off, null);
        as.vmas.insert(v);
        return as.vmas.mergeAround(v);
    }

    /**
     * Fills [start, end) of {@code v} with frames and maps them (MAP_POPULATE, MAP_LOCKED).
     * Stops quietly when memory runs out, as Linux ignores populate failures.
     */
    void populate(Vma v, long start, long end) {
        if (!v.accessible()) return;
        long s = start >>> MmLayout.PAGE_SHIFT;
        long e = end >>> MmLayout.PAGE_SHIFT;
        try {
            for (long vpn = s; vpn < e; vpn += 1L << PageFault.MAX_WINDOW_ORDER) {
                long chunkEnd = Math.min(e, (vpn | ((1L << PageFault.MAX_WINDOW_ORDER) - 1)) + 1);
                for (long p = vpn; p < chunkEnd; p++) {
                    if (as.pt.get(p) == 0) as.faults.populate(v, p, PageFault.MAX_WINDOW_ORDER);
                }
            }
        } catch (ErrnoException stop) {
            // ENOMEM or past the end of a file: keep what is there.
        }
        as.ptes.mapUnmapped(v, s, e);
    }

    private static long roundHintToMin(long hint) {
        hint = MmLayout.pageDown(hint);
        if (hint != 0 && Long.compareUnsigned(hint, MmLayout.MMAP_MIN_ADDR) < 0) return MmLayout.MMAP_MIN_ADDR;
        return hint;
    }

    /** The map-type and flag checks of do_mmap; returns the Vma flags. */
    private static int validate(int flags, int prot, MappedFile file, long off, long len) {
        int vflags = 0;
        if ((flags & MAP_GROWSDOWN) != 0) vflags |= Vma.GROWSDOWN;
        if ((flags & MAP_LOCKED) != 0) vflags |= Vma.LOCKED;
        int type = flags & MAP_TYPE;
        if (file != null) {
            if (off + len < 0) throw new ErrnoException(Errno.EOVERFLOW);
            switch (type) {
                case MAP_SHARED, MAP_SHARED_VALIDATE -> {
                    int checked = type == MAP_SHARED ? flags & LEGACY_MAP_MASK : flags;
                    if ((checked & ~LEGACY_MAP_MASK) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
                    if ((prot & PROT_WRITE) != 0 && !file.writableShared()) throw new ErrnoException(Errno.EACCES);
                    vflags |= Vma.SHARED;
                }
                case MAP_PRIVATE -> { }
                default -> throw new ErrnoException(Errno.EINVAL);
            }
            if ((vflags & Vma.GROWSDOWN) != 0) throw new ErrnoException(Errno.EINVAL);
        } else {
            switch (type) {
                case MAP_SHARED -> {
                    if ((vflags & Vma.GROWSDOWN) != 0) throw new ErrnoException(Errno.EINVAL);
                    vflags |= Vma.SHARED;
                }
                case MAP_PRIVATE -> { }
                default -> throw new ErrnoException(Errno.EINVAL);
            }
        }
        return vflags;
    }
}
