package dev.umk.sched.signal;

import static dev.umk.sched.signal.FpuFrame.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class FpuFrameTest {
    private static final FpuLayout XSAVE = new FpuLayout(1024, 0x7);
    private static final long BUF = 0x7000_0000_0040L;

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static byte[] image(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) b[i] = (byte) (i * 7 + 1);
        le(b).putInt(MXCSR, 0x1f80);
        if (size > 512) {
            Arrays.fill(b, 512, 576, (byte) 0);
            le(b).putLong(XSTATE_BV, 0x4);
        }
        return b;
    }

    private static ArrayMemory at(byte[] frameBytes) {
        ArrayMemory m = new ArrayMemory(BUF, 4096);
        m.write(BUF, frameBytes, 0, frameBytes.length);
        return m;
    }

    @Test
    void fxsaveFrameDescribesItselfInSwReservedButHasNoMagic2() {
        byte[] f = FpuFrame.toSigframe(image(512), FpuLayout.FXSAVE);
        assertEquals(512, f.length);
        assertEquals(FP_XSTATE_MAGIC1, le(f).getInt(464));
        assertEquals(516, le(f).getInt(468));
        assertEquals(3, le(f).getLong(472));
        assertEquals(512, le(f).getInt(480));
        assertArrayEquals(Arrays.copyOf(image(512), 464), Arrays.copyOf(f, 464));
    }

    @Test
    void xsaveFrameEndsWithMagic2AndMarksFpAndSseInUse() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        assertEquals(1028, f.length);
        assertEquals(1028, le(f).getInt(468));
        assertEquals(7, le(f).getLong(472));
        assertEquals(1024, le(f).getInt(480));
        assertEquals(FP_XSTATE_MAGIC2, le(f).getInt(1024));
        assertEquals(0x7, le(f).getLong(XSTATE_BV));
    }

    @Test
    void initStateHasResetControlWords() {
        byte[] s = FpuFrame.initState(XSAVE);
        assertEquals(1024, s.length);
        assertEquals(0x37f, le(s).getShort(FCW));
        assertEquals(0x1f80, le(s).getInt(MXCSR));
        assertEquals(0, le(s).getLong(XSTATE_BV));
    }

    @Test
    void xsaveFrameWithoutMagicIsRestoredAsFxsaveOnly() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        le(f).putInt(464, 0); // no MAGIC1: an fxsave-only frame
        byte[] back = FpuFrame.fromSigframe(at(f), BUF, XSAVE);
        assertEquals(3, le(back).getLong(XSTATE_BV));
        assertArrayEquals(Arrays.copyOf(f, 464), Arrays.copyOf(back, 464));
        for (int i = 520; i < 1024; i++) assertEquals(0, back[i], "byte " + i);
    }

    @Test
    void missingMagic2FallsBackToFxsave() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        le(f).putInt(1024, 0);
        assertEquals(3, le(FpuFrame.fromSigframe(at(f), BUF, XSAVE)).getLong(XSTATE_BV));
    }

    @Test
    void componentsOutsideTheFramesFeaturesAreReset() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        le(f).putLong(472, 0x3); // the frame claims only x87 and SSE
        byte[] back = FpuFrame.fromSigframe(at(f), BUF, XSAVE);
        assertEquals(0x3, le(back).getLong(XSTATE_BV));
    }

    @Test
    void xstateTheCpuWouldRejectIsABadFrame() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        le(f).putLong(XSTATE_BV, 0x8 | 0x3); // a feature not in XCR0
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                () -> FpuFrame.fromSigframe(at(f), BUF, XSAVE)).errno());
        byte[] g = FpuFrame.toSigframe(image(1024), XSAVE);
        le(g).putLong(XCOMP_BV, 1L << 63); // compacted format
        assertThrows(ErrnoException.class, () -> FpuFrame.fromSigframe(at(g), BUF, XSAVE));
    }

    @Test
    void xsaveNeedsSixtyFourByteAlignmentFxsaveSixteen() {
        byte[] f = FpuFrame.toSigframe(image(1024), XSAVE);
        ArrayMemory m = new ArrayMemory(BUF, 4096);
        m.write(BUF + 16, f, 0, f.length);
        assertThrows(ErrnoException.class, () -> FpuFrame.fromSigframe(m, BUF + 16, XSAVE));
        byte[] fx = FpuFrame.toSigframe(image(512), FpuLayout.FXSAVE);
        m.write(BUF + 16, fx, 0, fx.length);
        FpuFrame.fromSigframe(m, BUF + 16, FpuLayout.FXSAVE);
        m.write(BUF + 8, fx, 0, fx.length);
        assertThrows(ErrnoException.class, () -> FpuFrame.fromSigframe(m, BUF + 8, FpuLayout.FXSAVE));
    }

    @Test
    void unreadableAreaIsABadFrame() {
        assertThrows(ErrnoException.class,
                () -> FpuFrame.fromSigframe(new ArrayMemory(BUF, 256), BUF, FpuLayout.FXSAVE));
    }

    @Test
    void signalFramesLeaveOutAmxTileDataAsLinuxDefaultFpstate() {
        long xcr0 = 0x602e7; // x87 SSE AVX MPX-less AVX-512 PKRU XTILECFG XTILEDATA
        FpuLayout l = FpuLayout.forSignals(11008, xcr0);
        assertEquals(2816, l.userSize());
        assertEquals(xcr0 & ~FpuLayout.XFEATURE_MASK_XTILE_DATA, l.xfeatures());
        FpuLayout noAmx = FpuLayout.forSignals(2696, 0x2e7);
        assertEquals(2696, noAmx.userSize());
        assertEquals(0x2e7, noAmx.xfeatures());
        assertSame(FpuLayout.FXSAVE, FpuLayout.forSignals(512, 3));
    }

    @Test
    void sigframeNamesOnlyTheComponentsItHolds() {
        FpuLayout l = new FpuLayout(2816, 0x202e7);
        byte[] host = new byte[11008];
        java.nio.ByteBuffer.wrap(host).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(512, 0x602e7);
        byte[] frame = FpuFrame.toSigframe(host, l);
        long bv = java.nio.ByteBuffer.wrap(frame).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(512);
        assertEquals(0x202e7, bv);
        assertEquals(2816 + 4, frame.length);
    }
}
