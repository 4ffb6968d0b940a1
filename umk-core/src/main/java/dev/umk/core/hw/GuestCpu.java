package dev.umk.core.hw;

/**
 * A CPU context that runs one guest thread's code until it traps into the kernel. On the
 * ptrace platform it is a host thread in a stub process; every method must be called from
 * the one Java thread that owns the context.
 */
public interface GuestCpu {
    /** The register file: valid after {@link #run()} returns, written back by the next run. */
    Registers regs();

    /**
     * Resumes guest code and returns when it traps. The returned Trap is reused by the
     * next call.
     */
    Trap run();

    /** Reads the FPU/SSE/AVX state (the xsave area, or fxsave when no xsave) into {@code dst}. */
    int readFpu(byte[] dst);

    /**
     * Writes FPU state: a whole image as {@link #readFpu} gives it, or a 512-byte fxsave image
     * (which leaves the extended AVX state as it was).
     */
    void writeFpu(byte[] src, int len);

    /** The address space this CPU runs in. */
    Mmu mmu();

    /** Asks a running guest to trap with {@link Trap.Kind#INTERRUPT}; any thread may call it. */
    void interrupt();

    /**
     * Starts a new thread in this CPU's address space (clone with CLONE_VM|CLONE_THREAD on the
     * host), not yet running guest code. Returns a handle for {@link #attachThread}, which the
     * new thread's own driving Java thread must call.
     */
    long spawnThread();

    /** Takes over a thread made by {@link #spawnThread} as a CPU driven by the calling thread. */
    GuestCpu attachThread(long handle);

    /** Kills the whole host process of this CPU at once; any thread may call it. */
    void killProcess();

    /** Stops this guest thread for good and frees what it holds on the host. */
    void destroy();
}
