package dev.umk.core.hw;

/**
 * The memory-management unit of one guest address space: where umk's own page table is made
 * real so guest code can touch it. On the ptrace platform this is the stub process's host
 * mappings of memfd ranges. umk's page table is the truth; what an Mmu holds is a cache of
 * it that may be dropped at any time (a dropped page simply faults again).
 *
 * <p>Implementations may queue operations; {@link #flush()} makes all queued ones take
 * effect and is called before the guest runs again. Operations on ranges with nothing mapped
 * are allowed and do nothing.
 */
public interface Mmu {
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int PROT_EXEC = 4;

    /** Maps {@code len} bytes at guest {@code va} to physical memory at {@code pa}. */
    void map(long va, long len, long pa, int prot);

    /** Removes whatever is mapped in a range. */
    void unmap(long va, long len);

    /** Changes the protection of a fully mapped range. */
    void protect(long va, long len, int prot);

    /** Applies queued operations. */
    void flush();

    /**
     * Whether guest threads other than the caller's may be running in this address space
     * (so memory copied without write-protecting it first could be torn). A single-threaded
     * process stopped in the kernel answers false.
     */
    default boolean othersMayRun() {
        return false;
    }

    /** An Mmu that maps nothing: for address spaces no guest code runs in (unit tests). */
    Mmu NONE = new Mmu() {
        @Override public void map(long va, long len, long pa, int prot) {}
        @Override public void unmap(long va, long len) {}
        @Override public void protect(long va, long len, int prot) {}
        @Override public void flush() {}
    };
}
