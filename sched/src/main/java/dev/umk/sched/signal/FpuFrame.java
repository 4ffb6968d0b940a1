package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The FPU part of a signal frame, as arch/x86/kernel/fpu/signal.c writes and checks it: the
 * fxsave/xsave image, its software-reserved bytes (struct _fpx_sw_bytes at offset 464 of
 * the fxsave area, starting with FP_XSTATE_MAGIC1) and, for xsave, FP_XSTATE_MAGIC2 right
 * after the image. Restoring validates what (f)xrstor would fault on, so a corrupted frame is
 * a bad frame (SIGSEGV) instead of a ptrace error.
 */
public final class FpuFrame {
    private FpuFrame() {}

    public static final int FXSAVE_SIZE = 512;
    public static final int XSTATE_HEADER_SIZE = 64;
    public static final int MAGIC2_SIZE = 4;
    public static final int FP_XSTATE_MAGIC1 = 0x46505853;
    public static final int FP_XSTATE_MAGIC2 = 0x46505845;
    /** The reset value of MXCSR: all exceptions masked, round to nearest. */
    public static final int MXCSR_DEFAULT = 0x1f80;
    /** The reset value of the x87 control word. */
    public static final int FCW_DEFAULT = 0x037f;
    /** MXCSR bits every x86-64 CPU implements (including DAZ); others fault in (f)xrstor. */
    public static final int MXCSR_FEATURE_MASK = 0xffff;

    // Offsets in the fxsave area.
    static final int FCW = 0, MXCSR = 24, SW_RESERVED = 464;
    // struct _fpx_sw_bytes, relative to SW_RESERVED.
    static final int SW_MAGIC1 = 0, SW_EXTENDED_SIZE = 4, SW_XFEATURES = 8, SW_XSTATE_SIZE = 16,
            SW_SIZE = 48;
    // struct xstate_header, after the fxsave area.
    static final int XSTATE_BV = FXSAVE_SIZE, XCOMP_BV = FXSAVE_SIZE + 8;

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * The bytes to place at the frame's fpstate address (copy_fpstate_to_sigframe plus
     * save_xstate_epilog): the image, the software-reserved bytes describing it and, for
     * xsave, MAGIC2 and the x87/SSE bits forced on in XSTATE_BV.
     *
     * @param fpu the thread's state as the platform read it, at least {@code userSize} bytes
     */
    public static byte[] toSigframe(byte[] fpu, FpuLayout layout) {
        if (fpu.length < layout.userSize()) {
            throw new IllegalArgumentException("FPU image of " + fpu.length + " bytes, need " + layout.userSize());
        }
        byte[] out = Arrays.copyOf(fpu, layout.frameSize());
        ByteBuffer bb = le(out);
        Arrays.fill(out, SW_RESERVED, SW_RESERVED + SW_SIZE, (byte) 0);
        bb.putInt(SW_RESERVED + SW_MAGIC1, FP_XSTATE_MAGIC1)
                .putInt(SW_RESERVED + SW_EXTENDED_SIZE, layout.userSize() + MAGIC2_SIZE)
                .putLong(SW_RESERVED + SW_XFEATURES, layout.xfeatures())
                .putInt(SW_RESERVED + SW_XSTATE_SIZE, layout.userSize());
        if (layout.xsave()) {
            bb.putInt(layout.userSize(), FP_XSTATE_MAGIC2);
            // Only the components the frame holds: the rest are not in it.
            bb.putLong(XSTATE_BV, (bb.getLong(XSTATE_BV) & layout.xfeatures()) | FpuLayout.XFEATURE_MASK_FPSSE);
        }
        return out;
    }

    /** The state a handler starts with (fpu__clear_user_states): every component at reset. */
    public static byte[] initState(FpuLayout layout) {
        byte[] out = new byte[layout.userSize()];
        le(out).putShort(FCW, (short) FCW_DEFAULT).putInt(MXCSR, MXCSR_DEFAULT);
        return out;
    }

    /**
     * The FPU state rt_sigreturn restores from the frame's fpstate pointer {@code buf}
     * (fpu__restore_sig): the reset state for a NULL pointer; an xsave image when the
     * software-reserved bytes and MAGIC2 say it is one, else the fxsave part alone with the
     * other components reset.
     *
     * @return {@code layout.userSize()} bytes for the platform to load
     * @throws ErrnoException EFAULT for an unreadable or misaligned area or a state (f)xrstor
     *     would reject: the caller treats it as a bad frame
     */
    public static byte[] fromSigframe(UserMemory mem, long buf, FpuLayout layout) {
        if (buf == 0) return initState(layout);
        byte[] fx = new byte[FXSAVE_SIZE];
        mem.read(buf, fx, 0, FXSAVE_SIZE);
        int xsize = layout.xsave() ? xstateSizeIfValid(mem, buf, fx, layout) : 0;
        boolean fxOnly = xsize == 0;
        long xrestore = fxOnly ? FpuLayout.XFEATURE_MASK_FPSSE : le(fx).getLong(SW_RESERVED + SW_XFEATURES);
        if (buf % layout.restoreAlignment(fxOnly) != 0) throw new ErrnoException(Errno.EFAULT);
        checkMxcsr(fx);
        byte[] out = new byte[layout.userSize()];
        System.arraycopy(fx, 0, out, 0, FXSAVE_SIZE);
        Arrays.fill(out, SW_RESERVED, SW_RESERVED + SW_SIZE, (byte) 0);
        if (!layout.xsave()) return out;
        ByteBuffer bb = le(out);
        if (fxOnly) {
            bb.putLong(XSTATE_BV, FpuLayout.XFEATURE_MASK_FPSSE);
            return out;
        }
        // Only the image the frame declares is read; a shorter one leaves later components zero.
        mem.read(buf + FXSAVE_SIZE, out, FXSAVE_SIZE, xsize - FXSAVE_SIZE);
        long bv = bb.getLong(XSTATE_BV);
        if ((bv & ~layout.xfeatures()) != 0 || bb.getLong(XCOMP_BV) != 0 || bb.getLong(XCOMP_BV + 8) != 0) {
            throw new ErrnoException(Errno.EFAULT);
        }
        // Components the frame does not cover come back at their reset values.
        long rfbm = xrestore & layout.xfeatures();
        bb.putLong(XSTATE_BV, bv & rfbm);
        if ((rfbm & 6) == 0) bb.putInt(MXCSR, MXCSR_DEFAULT);
        return out;
    }

    /**
     * check_xstate_in_sigframe: the xsave size the frame claims when MAGIC1 is there, the
     * size is plausible for this CPU and MAGIC2 follows the image; 0 when the frame must be
     * taken as plain fxsave.
     */
    private static int xstateSizeIfValid(UserMemory mem, long buf, byte[] fx, FpuLayout layout) {
        ByteBuffer sw = le(fx);
        int magic1 = sw.getInt(SW_RESERVED + SW_MAGIC1);
        long xstateSize = sw.getInt(SW_RESERVED + SW_XSTATE_SIZE) & 0xffffffffL;
        long extendedSize = sw.getInt(SW_RESERVED + SW_EXTENDED_SIZE) & 0xffffffffL;
        if (magic1 != FP_XSTATE_MAGIC1 || xstateSize < FXSAVE_SIZE + XSTATE_HEADER_SIZE
                || xstateSize > layout.userSize() || xstateSize > extendedSize) {
            return 0;
        }
        byte[] m2 = new byte[MAGIC2_SIZE];
        mem.read(buf + xstateSize, m2, 0, MAGIC2_SIZE);
        return le(m2).getInt(0) == FP_XSTATE_MAGIC2 ? (int) xstateSize : 0;
    }

    /** (f)xrstor raise #GP for MXCSR bits the CPU does not implement. */
    private static void checkMxcsr(byte[] fx) {
        if ((le(fx).getInt(MXCSR) & ~MXCSR_FEATURE_MASK) != 0) throw new ErrnoException(Errno.EFAULT);
    }
}
