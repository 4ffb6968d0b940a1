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
