package dev.umk.mm;

/**
 * The shape of a guest address space: page size, the usable user range and the default
 * top-down allocation start. The stub process's own code lives above {@link #TASK_SIZE}, so
 * the guest may never map there.
 */
public final class MmLayout {
    private MmLayout() {}

    public static final int PAGE_SHIFT = 12;
    public static final long PAGE_SIZE = 1L << PAGE_SHIFT;
    public static final long PAGE_MASK = ~(PAGE_SIZE - 1);

    /** Lowest address a guest may map (Linux vm.mmap_min_addr). */
    public static final long MMAP_MIN_ADDR = 0x10000L;
    /** One past the highest guest user address. */
    public static final long TASK_SIZE = 0x7ff000000000L;
    /** Default mmap_base: top-down allocation starts below it. */
    public static final long DEFAULT_MMAP_BASE = 0x7fe000000000L;
    /** Gap kept free below a MAP_GROWSDOWN area (Linux stack_guard_gap: 256 pages). */
    public static final long STACK_GUARD_GAP = 256L << PAGE_SHIFT;
    /** Linux vm.max_map_count. */
    public static final int MAX_MAP_COUNT = 65530;
    /** Default RLIMIT_STACK (8 MiB). */
    public static final long DEFAULT_STACK_RLIMIT = 8L << 20;

    public static boolean pageAligned(long a) {
        return (a & (PAGE_SIZE - 1)) == 0;
    }

    public static long pageDown(long a) {
        return a & PAGE_MASK;
    }

    /** Rounds up; wraps to 0 (like Linux PAGE_ALIGN) when {@code a} is within a page of 2^64. */
    public static long pageUp(long a) {
        return (a + PAGE_SIZE - 1) & PAGE_MASK;
    }
}
