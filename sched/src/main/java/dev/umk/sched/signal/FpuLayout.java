package dev.umk.sched.signal;

/**
 * The format of a thread's FPU state as the platform reads and writes it: the 512-byte
 * fxsave image (PTRACE_GETFPREGS), or the standard-format xsave image of {@code userSize}
 * bytes holding the components in {@code xfeatures} (XCR0, PTRACE_GETREGSET NT_X86_XSTATE).
 * It decides the signal frame's FPU area and uc_flags, as the CPU's XSAVE support does in
 * Linux.
 */
public record FpuLayout(int userSize, long xfeatures) {
    /** x87 and SSE: what fxsave covers. */
    public static final long XFEATURE_MASK_FPSSE = 3;
    /** The fxsave-only layout (no UC_FP_XSTATE, no MAGIC2). */
    public static final FpuLayout FXSAVE = new FpuLayout(FpuFrame.FXSAVE_SIZE, XFEATURE_MASK_FPSSE);

    public FpuLayout {
        if (userSize < FpuFrame.FXSAVE_SIZE || (userSize > FpuFrame.FXSAVE_SIZE
                && userSize < FpuFrame.FXSAVE_SIZE + FpuFrame.XSTATE_HEADER_SIZE)) {
            throw new IllegalArgumentException("FPU area of " + userSize + " bytes");
        }
    }

    /** XFEATURE_XTILE_DATA: AMX tile data, a dynamic feature (Linux's XFEATURE_MASK_USER_DYNAMIC). */
    public static final long XFEATURE_MASK_XTILE_DATA = 1L << 18;
    /** Its size in the standard format, where it is the last component. */
    private static final int XTILE_DATA_SIZE = 8192;

    /**
     * The layout of signal frames for a host whose whole XSAVE area is {@code hostSize} bytes
     * with features {@code xcr0}: without the dynamic features a process must ask for
     * (arch_prctl ARCH_REQ_XCOMP_PERM, which umk's stubs never do), as Linux sizes a task's
     * frame by its fpstate's default size. Otherwise an 8 KiB AMX area would overflow
     * SIGSTKSZ-sized alternate stacks that fit natively.
     */
    public static FpuLayout forSignals(int hostSize, long xcr0) {
        if (hostSize <= FpuFrame.FXSAVE_SIZE) return FXSAVE;
        if ((xcr0 & XFEATURE_MASK_XTILE_DATA) != 0 && hostSize - XTILE_DATA_SIZE >= FpuFrame.FXSAVE_SIZE
                + FpuFrame.XSTATE_HEADER_SIZE) {
            return new FpuLayout(hostSize - XTILE_DATA_SIZE, xcr0 & ~XFEATURE_MASK_XTILE_DATA);
        }
        return new FpuLayout(hostSize, xcr0);
    }

    /** True for the xsave format. */
    public boolean xsave() {
        return userSize > FpuFrame.FXSAVE_SIZE;
    }

    /** Bytes the FPU state takes in a signal frame (xstate_sigframe_size): + MAGIC2 for xsave. */
    public int frameSize() {
        return xsave() ? userSize + FpuFrame.MAGIC2_SIZE : userSize;
    }

    /** The alignment (f)xrstor needs from the frame's FPU area: 64 for xsave, 16 for fxsave. */
    public int restoreAlignment(boolean fxOnly) {
        return xsave() && !fxOnly ? 64 : 16;
    }
}
