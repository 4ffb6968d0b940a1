package dev.umk.mm;

/**
 * The bits of a page-table entry (a long, like an x86 PTE). A non-zero entry always holds a
 * frame and owns one reference on it.
 *
 * <pre>
 *   bit 0      PRESENT  holds a frame
 *   bit 1      COW      the frame may be shared: a write must copy it first (private VMAs only)
 *   bit 2      MAPPED   the page is mapped in the Mmu
 *   bits 3-5   the protection the Mmu mapping has (PROT_READ|WRITE|EXEC), when MAPPED
 *   bits 12-51 the frame's physical address
 * </pre>
 *
 * Write permission is not stored: it is the VMA's, minus COW.
 */
final class Pte {
    private Pte() {}

    static final long PRESENT = 1L;
    static final long COW = 1L << 1;
    static final long MAPPED = 1L << 2;
    private static final int MPROT_SHIFT = 3;
    private static final long MPROT_MASK = 7L << MPROT_SHIFT;
    private static final long PA_MASK = 0x000f_ffff_ffff_f000L;

    static long make(long pa, long flags) {
        return (pa & PA_MASK) | PRESENT | flags;
    }

    static long pa(long pte) {
        return pte & PA_MASK;
    }

    static boolean present(long pte) {
        return (pte & PRESENT) != 0;
    }

    static boolean cow(long pte) {
        return (pte & COW) != 0;
    }

    static boolean mapped(long pte) {
        return (pte & MAPPED) != 0;
    }

    /** The protection the Mmu mapping has; meaningful only when {@link #mapped}. */
    static int mappedProt(long pte) {
        return (int) ((pte & MPROT_MASK) >>> MPROT_SHIFT);
    }

    static long withMapped(long pte, int prot) {
        return (pte & ~MPROT_MASK) | MAPPED | (((long) prot & 7) << MPROT_SHIFT);
    }

    static long withoutMapped(long pte) {
        return pte & ~(MAPPED | MPROT_MASK);
    }
}
