package dev.umk.mm;

import dev.umk.core.abi.Mman;

import java.util.Objects;

/**
 * A virtual memory area: a page-aligned range [start, end) of one address space with one
 * protection and one backing (private anonymous memory, or a {@link MappedFile} at an
 * offset), as Linux's vm_area_struct. Shared anonymous memory is backed by a
 * {@link ShmemFile}, so it survives fork and mremap like Linux's shmem.
 *
 * <p>Mutable only inside mm, under the owning {@link AddressSpace}'s lock;
 * {@link AddressSpace#vmas()} hands out copies.
 */
public final class Vma {
    /** MAP_SHARED: writes reach the backing and every other mapping of it. */
    public static final int SHARED = 1;
    /** MAP_GROWSDOWN: faults just below it grow it (stacks). */
    public static final int GROWSDOWN = 1 << 1;
    /** MADV_DONTFORK: a fork's child does not get this area. */
    public static final int DONTCOPY = 1 << 2;
    /** MADV_WIPEONFORK: a fork's child gets this area empty (zero-filled). */
    public static final int WIPEONFORK = 1 << 3;
    /** MAP_LOCKED / mlock: populated when created. */
    public static final int LOCKED = 1 << 4;

    long start;
    long end;
    int prot;
    int flags;
    final MappedFile file;
    /** Offset in {@link #file} of {@link #start}; 0 for anonymous memory. */
    long fileOffset;
    /** An explicit name ([stack], [vdso], anon names); null for none. */
    String name;

    Vma(long start, long end, int prot, int flags, MappedFile file, long fileOffset, String name) {
        this.start = start;
        this.end = end;
        this.prot = prot;
        this.flags = flags;
        this.file = file;
        this.fileOffset = fileOffset;
        this.name = name;
    }

    public long start() { return start; }
    public long end() { return end; }
    public long length() { return end - start; }
    public int prot() { return prot; }
    public int flags() { return flags; }
    public MappedFile file() { return file; }
    public long fileOffset() { return fileOffset; }
    public String name() { return name; }

    public boolean isShared() { return (flags & SHARED) != 0; }
    public boolean isGrowsDown() { return (flags & GROWSDOWN) != 0; }
    /** Private anonymous memory: no backing object at all. */
    public boolean isAnonymous() { return file == null; }

    /** On x86 every protection but PROT_NONE lets the page be read. */
    boolean accessible() {
        return (prot & (Mman.PROT_READ | Mman.PROT_WRITE | Mman.PROT_EXEC)) != 0;
    }

    boolean writable() {
        return (prot & Mman.PROT_WRITE) != 0;
    }

    boolean contains(long addr) {
        return addr >= start && addr < end;
    }

    /** File offset of the page at {@code va}. */
    long offsetOf(long va) {
        return fileOffset + (va - start);
    }

    /** Lowest address a new mapping below this one may end at (Linux vm_start_gap). */
    long startGap() {
        if (!isGrowsDown()) return start;
        long g = start - MmLayout.STACK_GUARD_GAP;
        return g > start ? 0 : g;
    }

    /** Whether {@code next}, which starts where this ends, could be one VMA with this. */
    boolean canMerge(Vma next) {
        return end == next.start && prot == next.prot && flags == next.flags && file == next.file
                && (file == null || fileOffset + length() == next.fileOffset)
                && Objects.equals(name, next.name);
    }

    Vma copy() {
        return new Vma(start, end, prot, flags, file, fileOffset, name);
    }

    /** The permission column of /proc/PID/maps, e.g. {@code r-xp}. */
    public String permString() {
        return new String(new char[] {
            (prot & Mman.PROT_READ) != 0 ? 'r' : '-',
            (prot & Mman.PROT_WRITE) != 0 ? 'w' : '-',
            (prot & Mman.PROT_EXEC) != 0 ? 'x' : '-',
            isShared() ? 's' : 'p'});
    }

    @Override
    public String toString() {
        return String.format("%x-%x %s %08x%s", start, end, permString(), fileOffset,
                name != null ? " " + name : file != null ? " " + file : "");
    }
}
