package dev.umk.sched.exec;

import java.util.Objects;
import java.util.Random;

/**
 * exec's address-space layout randomization, with the x86-64 ranges Linux uses: PIE load bias
 * (arch_mmap_rnd, 28 bits of pages), brk start (arch_randomize_brk, 32 MiB), stack top
 * (randomize_stack_top, 22 bits of pages = 16 GiB) and the sub-page stack shuffle
 * (arch_align_stack, 8 KiB). Disabled when the task has ADDR_NO_RANDOMIZE (setarch -R). The
 * AT_RANDOM bytes come from the same generator but are random even when ASLR is off, as in
 * Linux. Production passes a SecureRandom; tests pass a seeded Random.
 */
public final class Aslr {
    private static final int MMAP_RND_BITS = 28;
    private static final long STACK_RND_MASK = 0x3fffff;
    private static final long BRK_RANGE = 0x02000000;
    private static final int STACK_SHUFFLE = 8192;

    private final boolean enabled;
    private final Random random;

    private Aslr(boolean enabled, Random random) {
        this.enabled = enabled;
        this.random = Objects.requireNonNull(random);
    }

    public static Aslr enabled(Random random) {
        return new Aslr(true, random);
    }

    /** No layout randomization; {@code random} still feeds AT_RANDOM. */
    public static Aslr disabled(Random random) {
        return new Aslr(false, random);
    }

    public boolean isEnabled() {
        return enabled;
    }

    /** Page-aligned random offset added to ELF_ET_DYN_BASE for a PIE (arch_mmap_rnd). */
    public long mmapRnd() {
        if (!enabled) return 0;
        return (random.nextLong() & ((1L << MMAP_RND_BITS) - 1)) * Elf.PAGE_SIZE;
    }

    /** brk start moved up by a random number of pages below 32 MiB (randomize_page). */
    public long randomizeBrk(long brk) {
        if (!enabled) return brk;
        long start = Elf.pageAlign(brk);
        long range = BRK_RANGE - (start - brk);
        long pages = range / Elf.PAGE_SIZE;
        if (pages <= 0) return start;
        return start + Math.floorMod(random.nextLong(), pages) * Elf.PAGE_SIZE;
    }

    /**
     * The top of the initial stack for a layout whose highest stack address is {@code max}:
     * randomize_stack_top, then setup_arg_pages' arch_align_stack and PAGE_ALIGN.
     */
    public long stackTop(long max) {
        long top = Elf.pageAlign(max);
        if (!enabled) return top;
        top -= (random.nextLong() & STACK_RND_MASK) * Elf.PAGE_SIZE;
        return Elf.pageAlign(alignStack(top));
    }

    /** arch_align_stack: a random shuffle below 8 KiB when enabled, then 16-byte alignment. */
    public long alignStack(long sp) {
        if (enabled) sp -= random.nextInt(STACK_SHUFFLE);
        return sp & ~0xfL;
    }

    /** Fresh random bytes (AT_RANDOM). */
    public byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }
}
