package dev.umk.sched.exec;

/**
 * What exec needs from the new process's address space. The loader is written against this
 * rather than mm's AddressSpace so it stays unit-testable and mm stays ignorant of ELF; the
 * kernel wires an adapter. All addresses and lengths passed in are page aligned except for
 * {@link #write} and {@link #zero}. Failures are thrown as ErrnoException.
 */
public interface ExecMemory {
    int PROT_NONE = 0;
    int PROT_READ = 1;
    int PROT_WRITE = 2;
    int PROT_EXEC = 4;

    /**
     * Maps anonymous private zero-filled memory. With {@code fixed} the mapping is placed at
     * {@code addr} replacing whatever was there (MAP_FIXED); otherwise the address space picks
     * the place as mmap(2) does for a hint of {@code addr} (top-down below the mmap base).
     *
     * @return the start of the mapping
     */
    long mmap(long addr, long len, int prot, boolean fixed);

    void munmap(long addr, long len);

    /**
     * Maps [offset, offset+len) of {@code file} privately (copy-on-write) at exactly
     * {@code addr}. Returns false when this memory cannot map files; the loader then copies.
     */
    default boolean mmapFile(long addr, long len, int prot, dev.umk.mm.MappedFile file, long offset) {
        return false;
    }

    void mprotect(long addr, long len, int prot);

    /**
     * Maps the initial stack at exactly [addr, addr+len): anonymous private, MAP_FIXED, and
     * growing down (VM_GROWSDOWN) so later faults below it extend it up to RLIMIT_STACK.
     */
    void mapStack(long addr, long len, int prot);

    /**
     * Copies bytes into mapped guest memory. The loader only writes pages it has mapped writable
     * (it maps segments read-write, fills them, then mprotects), so an implementation may
     * enforce protections or not.
     */
    void write(long va, byte[] src, int off, int len);

    /** Zeroes mapped guest memory; same writability guarantee as {@link #write}. */
    void zero(long va, long len);

    /** Sets the start (and current end) of the heap that brk(2) grows. */
    void setBrkBase(long va);

    /** TASK_SIZE: first address user mappings may not reach. */
    long taskSize();
}
