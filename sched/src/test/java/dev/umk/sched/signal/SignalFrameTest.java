package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static dev.umk.sched.signal.SignalFrame.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.SigAction;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SignalFrameTest {
    private static final long HANDLER = 0x401000, RESTORER = 0x401800;
    private static final SigAction ACT = new SigAction(HANDLER,
            SaFlags.SA_SIGINFO | SaFlags.SA_RESTORER, RESTORER, 0);
    private static final SigAction ONSTACK = new SigAction(HANDLER,
            SaFlags.SA_SIGINFO | SaFlags.SA_RESTORER | SaFlags.SA_ONSTACK, RESTORER, 0);

    private static Registers regs(long rsp) {
        Registers r = new Registers();
        for (int i = 0; i < Registers.WORDS; i++) r.setWord(i, 0x1111L * (i + 1));
        r.rsp = rsp;
        r.rip = 0x401234;
        r.eflags = 0x246 | EFLAGS_DF | EFLAGS_TF;
        r.cs = USER_CS;
        r.ss = USER_DS;
        r.origRax = -1;
        return r;
    }

    private static byte[] fpu(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        b[24] = (byte) 0x80; b[25] = 0x1f; b[26] = 0; b[27] = 0; // a valid MXCSR
        return b;
    }

    private static long le64(byte[] b, int off) {
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (b[off + i] & 0xff);
        return v;
    }

    @Test
    void layoutMatchesLinuxStructs() {
        assertEquals(40, UC_MCONTEXT);
        assertEquals(256, SC_SIZE);
        assertEquals(UC_MCONTEXT + SC_SIZE, UC_SIGMASK);
        assertEquals(304, UC_SIZE);
        assertEquals(UC + UC_SIZE, INFO);
        assertEquals(INFO + SigInfo.SIZE, SIZE);
        assertEquals(184, SC_FPSTATE);
        assertEquals(0x50dd5, FIX_EFLAGS);
    }

    /**
     * A frame the host kernel (Linux 6.18, xsave of 2816 bytes) built for SIGUSR1 sent by
     * kill(2) to a process blocking SIGUSR2 and SIGRTMIN+3, with SA_SIGINFO|SA_ONSTACK and a
     * 16 KiB alternate stack; registers r8..r15 held marker values. Recorded by a C program
     * that copied the 440 bytes below the ucontext pointer.
     */
    private static final String LINUX_FRAME = "50f028e3387f00000700000000000000000000000000000000601d9e72550000000000000000000000400000"
            + "0000000008080808080808080909090909090909101010101010101006020000000000001212121212121212"
            + "1313131313131313141414141414141415151515151515157a220000000000000a0000000000000030eae45c"
            + "fc7f000000601d9e72550000dddd00000000000000000000000000007f131d9e7255000020eae45cfc7f0000"
            + "7f131d9e7255000006020000000000003300000000002b000000000000000000000000000000000000080000"
            + "100000000000000000000000c0941d9e72550000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000080000"
            + "100000000a0000000000000000000000000000007a2200000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000"
            + "0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
    private static final String LINUX_SW_BYTES = "53585046040b0000e702020000000000000b0000"
            + "00000000000000000000000000000000000000000000000000000000";

    @Test
    void matchesFrameRecordedFromLinux() {
        Registers r = new Registers();
        r.r8 = 0x0808080808080808L; r.r9 = 0x0909090909090909L; r.r10 = 0x1010101010101010L;
        r.r11 = 0x206; r.r12 = 0x1212121212121212L; r.r13 = 0x1313131313131313L;
        r.r14 = 0x1414141414141414L; r.r15 = 0x1515151515151515L;
        r.rdi = 0x227a; r.rsi = 10; r.rbp = 0x7ffc5ce4ea30L; r.rbx = 0x55729e1d6000L; r.rdx = 0xdddd;
        r.rax = 0; r.rcx = 0x55729e1d137fL; r.rsp = 0x7ffc5ce4ea20L; r.rip = 0x55729e1d137fL;
        r.eflags = 0x206; r.cs = USER_CS; r.ss = USER_DS; r.origRax = 62;
        SigAction act = new SigAction(0x55729e1d1200L,
                SaFlags.SA_SIGINFO | SaFlags.SA_ONSTACK | SaFlags.SA_RESTORER, 0x7f38e328f050L, 0);
        long mask = SigSet.bit(SIGUSR2) | SigSet.bit(37);
        SigAltStack alt = new SigAltStack(0x55729e1d6000L, 0x4000, 0);
        FpuLayout xsave = new FpuLayout(2816, 0x202e7);

        Setup s = SignalFrame.setup(r, fpu(2816, 1), xsave, SIGUSR1, act,
                SigInfo.user(SIGUSR1, 0x227a, 0), mask, alt, FaultContext.NONE);

        assertEquals(0x55729e1d92f8L, s.sp());
        assertEquals(0x55729e1d94c0L, s.fpstate());
        byte[] linux = HexFormat.of().parseHex(LINUX_FRAME);
        assertEquals(SIZE, linux.length);
        assertArrayEquals(linux, Arrays.copyOf(s.bytes(), SIZE));
        int fp = (int) (s.fpstate() - s.sp());
        assertArrayEquals(HexFormat.of().parseHex(LINUX_SW_BYTES),
                Arrays.copyOfRange(s.bytes(), fp + 464, fp + 512));
        assertEquals(FpuFrame.FP_XSTATE_MAGIC2, (int) (le64(s.bytes(), fp + 2816 - 4) >>> 32));
    }

    @Test
    void frameSkipsTheRedZoneAndLeavesRspPlus8SixteenAligned() {
        for (long rsp = 0x7ffffffde000L; rsp < 0x7ffffffde000L + 64; rsp += 3) {
            Setup s = SignalFrame.setup(regs(rsp), fpu(512, 2), FpuLayout.FXSAVE, SIGUSR1, ACT,
                    SigInfo.user(SIGUSR1, 1, 0), 0, SigAltStack.DISABLED, FaultContext.NONE);
            assertEquals(0, (s.sp() + 8) % 16);
            assertEquals(0, s.fpstate() % 64);
            assertTrue(s.sp() + SIZE <= s.fpstate());
            assertTrue(s.fpstate() + 512 <= rsp - RED_ZONE);
            assertTrue(rsp - RED_ZONE - (s.fpstate() + 512) < 64);
            assertEquals(s.fpstate() + 512 - s.sp(), s.bytes().length);
        }
    }

    @Test
    void sigcontextHoldsTheInterruptedRegistersAndFault() {
        Registers r = regs(0x7ffffffde000L);
        FaultContext fault = FaultContext.pageFault(0xdead000, false, true, false);
        Setup s = SignalFrame.setup(r, fpu(512, 3), FpuLayout.FXSAVE, SIGSEGV, ACT,
                SigInfo.fault(SIGSEGV, SigInfo.SEGV_MAPERR, 0xdead000), 0x5, SigAltStack.DISABLED, fault);
        byte[] b = s.bytes();
        int sc = UC + UC_MCONTEXT;
        assertEquals(r.r8, le64(b, sc + SC_R8));
        assertEquals(r.r15, le64(b, sc + SC_R15));
        assertEquals(r.rdi, le64(b, sc + SC_RDI));
        assertEquals(r.rax, le64(b, sc + SC_RAX));
        assertEquals(r.rsp, le64(b, sc + SC_RSP));
        assertEquals(r.rip, le64(b, sc + SC_RIP));
        assertEquals(r.eflags, le64(b, sc + SC_EFLAGS));
        assertEquals(0xdead000, le64(b, sc + SC_CR2));
        assertEquals(14, le64(b, sc + SC_TRAPNO));
        assertEquals(6, le64(b, sc + SC_ERR));
        assertEquals(5, le64(b, sc + SC_OLDMASK));
        assertEquals(5, le64(b, UC + UC_SIGMASK));
        assertEquals(s.fpstate(), le64(b, sc + SC_FPSTATE));
        assertEquals(UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS, le64(b, UC + UC_FLAGS));
        assertEquals(RESTORER, le64(b, PRETCODE));
        assertEquals(0xdead000, le64(b, INFO + 16));
    }

    @Test
    void enterHandlerPassesSigInfoUcontextAndClearsDirectionAndTrap() {
        Registers r = regs(0x7ffffffde000L);
        Setup s = SignalFrame.setup(r, fpu(512, 4), FpuLayout.FXSAVE, SIGUSR1, ACT,
                SigInfo.user(SIGUSR1, 1, 0), 0, SigAltStack.DISABLED, FaultContext.NONE);
        s.enterHandler(r);
        assertEquals(SIGUSR1, r.rdi);
        assertEquals(s.sp() + INFO, r.rsi);
        assertEquals(s.sp() + UC, r.rdx);
        assertEquals(0, r.rax);
        assertEquals(HANDLER, r.rip);
        assertEquals(s.sp(), r.rsp);
        assertEquals(0x246, r.eflags);
        assertEquals(USER_CS, r.cs);
    }

    @Test
    void withoutSaSiginfoNoSiginfoIsWritten() {
        SigAction plain = new SigAction(HANDLER, SaFlags.SA_RESTORER, RESTORER, 0);
        Setup s = SignalFrame.setup(regs(0x7ffffffde000L), fpu(512, 5), FpuLayout.FXSAVE, SIGUSR1,
                plain, SigInfo.user(SIGUSR1, 77, 5), 0, SigAltStack.DISABLED, FaultContext.NONE);
        for (int i = INFO; i < SIZE; i++) assertEquals(0, s.bytes()[i]);
    }

    @Test
    void saOnstackMovesToTheTopOfTheAltStackWithoutRedZone() {
        SigAltStack alt = new SigAltStack(0x600000, 0x4000, SigAltStack.SS_AUTODISARM);
        Setup s = SignalFrame.setup(regs(0x7ffffffde000L), fpu(512, 6), FpuLayout.FXSAVE, SIGUSR1,
                ONSTACK, SigInfo.user(SIGUSR1, 1, 0), 0, alt, FaultContext.NONE);
        assertEquals(0x604000 - 512, s.fpstate());
        assertTrue(alt.contains(s.sp()));
        assertEquals(0x600000, le64(s.bytes(), UC + UC_STACK + SS_SP));
        assertEquals(SigAltStack.SS_AUTODISARM, (int) le64(s.bytes(), UC + UC_STACK + SS_FLAGS));
        assertEquals(0x4000, le64(s.bytes(), UC + UC_STACK + SS_SIZE));
    }

    @Test
    void nestedSignalOnTheAltStackStaysOnItBelowTheRedZone() {
        SigAltStack alt = new SigAltStack(0x600000, 0x4000, 0);
        long rsp = 0x603000;
        Setup s = SignalFrame.setup(regs(rsp), fpu(512, 7), FpuLayout.FXSAVE, SIGUSR1, ONSTACK,
                SigInfo.user(SIGUSR1, 1, 0), 0, alt, FaultContext.NONE);
        assertTrue(s.fpstate() + 512 <= rsp - RED_ZONE);
        assertTrue(alt.contains(s.sp()));
    }

    @Test
    void withoutSaOnstackTheAltStackIsNotUsed() {
        SigAltStack alt = new SigAltStack(0x600000, 0x4000, 0);
        Setup s = SignalFrame.setup(regs(0x7ffffffde000L), fpu(512, 8), FpuLayout.FXSAVE, SIGUSR1, ACT,
                SigInfo.user(SIGUSR1, 1, 0), 0, alt, FaultContext.NONE);
        assertFalse(alt.contains(s.sp()));
    }

    @Test
    void overflowingTheAltStackIsEfault() {
        SigAltStack alt = new SigAltStack(0x600000, 0x300, 0);
        ErrnoException e = assertThrows(ErrnoException.class, () -> SignalFrame.setup(regs(0x7ffffffde000L),
                fpu(512, 9), FpuLayout.FXSAVE, SIGUSR1, ONSTACK, SigInfo.user(SIGUSR1, 1, 0), 0, alt,
                FaultContext.NONE));
        assertEquals(Errno.EFAULT, e.errno());
    }

    @Test
    void maxSizeAltStackFitsAFrameAtAnyAlignment() {
        for (FpuLayout l : new FpuLayout[] {FpuLayout.FXSAVE, new FpuLayout(2816, 0x202e7)}) {
            for (long base = 0x600000; base < 0x600000 + 64; base += 8) {
                SigAltStack alt = new SigAltStack(base, SignalFrame.maxSize(l), 0);
                Setup s = SignalFrame.setup(regs(0x7ffffffde000L), fpu(l.userSize(), 10), l, SIGUSR1,
                        ONSTACK, SigInfo.user(SIGUSR1, 1, 0), 0, alt, FaultContext.NONE);
                assertTrue(alt.contains(s.sp()));
            }
        }
    }

    @Test
    void handlerWithoutSaRestorerIsEfault() {
        SigAction noRestorer = new SigAction(HANDLER, SaFlags.SA_SIGINFO, 0, 0);
        assertThrows(ErrnoException.class, () -> SignalFrame.setup(regs(0x7ffffffde000L), fpu(512, 11),
                FpuLayout.FXSAVE, SIGUSR1, noRestorer, SigInfo.user(SIGUSR1, 1, 0), 0,
                SigAltStack.DISABLED, FaultContext.NONE));
    }

    /** Builds a frame into memory, enters the handler, then returns from it (ret pops pretcode). */
    private static Registers deliverAndReturn(ArrayMemory mem, Registers interrupted, byte[] fpu,
            FpuLayout layout, long mask, SigAltStack alt) {
        Setup s = SignalFrame.setup(interrupted, fpu, layout, SIGUSR1, ONSTACK,
                SigInfo.user(SIGUSR1, 1, 0), mask, alt, FaultContext.NONE);
        mem.write(s.sp(), s.bytes(), 0, s.bytes().length);
        Registers r = new Registers();
        r.copyFrom(interrupted);
        s.enterHandler(r);
        assertEquals(RESTORER, mem.readLong(r.rsp));
        r.rsp += 8;
        r.origRax = 15; // rt_sigreturn
        return r;
    }

    @Test
    void sigreturnRestoresWhatSetupSaved() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers orig = regs(0x7ffffffde000L);
        byte[] fpu = fpu(512, 12);
        SigAltStack alt = new SigAltStack(0x7ffffffd1000L, 0x4000, SigAltStack.SS_AUTODISARM);
        Registers atReturn = deliverAndReturn(mem, orig, fpu, FpuLayout.FXSAVE, 0x1234, SigAltStack.DISABLED);

        Restored back = SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE);
        for (int i = 0; i < Registers.WORDS; i++) {
            if (i == 15) continue; // orig_rax
            assertEquals(orig.word(i), back.regs().word(i), "word " + i);
        }
        assertEquals(-1, back.regs().origRax);
        assertEquals(0x1234, back.blocked());
        assertEquals(SigAltStack.DISABLED, back.savedAltStack());
        byte[] expect = fpu.clone();
        Arrays.fill(expect, 464, 512, (byte) 0);
        assertArrayEquals(expect, back.fpu());

        Registers onAlt = deliverAndReturn(mem, orig, fpu, FpuLayout.FXSAVE, 0, alt);
        assertEquals(alt, SignalFrame.sigreturn(mem, onAlt, FpuLayout.FXSAVE).savedAltStack());
    }

    @Test
    void sigreturnRoundTripsAnXsaveState() {
        FpuLayout l = new FpuLayout(1024, 0x7);
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        byte[] fpu = fpu(1024, 13);
        Arrays.fill(fpu, 512, 576, (byte) 0);
        fpu[512] = 0x5; // XSTATE_BV: x87 and AVX
        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu, l, 0, SigAltStack.DISABLED);
        byte[] back = SignalFrame.sigreturn(mem, atReturn, l).fpu();
        assertEquals(0x7, back[512]); // setup adds SSE to XSTATE_BV
        assertArrayEquals(Arrays.copyOfRange(fpu, 576, 1024), Arrays.copyOfRange(back, 576, 1024));
    }

    @Test
    void sigreturnTakesOnlyUserEflagsAndForcesUserSelectors() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu(512, 14), FpuLayout.FXSAVE,
                0, SigAltStack.DISABLED);
        long sc = atReturn.rsp - 8 + UC + UC_MCONTEXT;
        mem.writeLong(sc + SC_EFLAGS, 0xffffffffL); // try IOPL, IF, VM, ID...
        mem.writeLong(sc + SC_CS, 0x0030); // cs 0x30, ss 0x28 (RPL 0)
        mem.writeInt(sc + SC_SS - 2, 0x0028_0000);
        atReturn.eflags = 0x202;
        Restored back = SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE);
        assertEquals(0x202 | FIX_EFLAGS, back.regs().eflags);
        assertEquals(0x33, back.regs().cs);
        assertEquals(0x2b, back.regs().ss);
    }

    @Test
    void sigreturnDropsKillAndStopFromTheMask() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu(512, 15), FpuLayout.FXSAVE,
                -1L, SigAltStack.DISABLED);
        assertEquals(SigSet.sanitize(-1L), SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE).blocked());
    }

    @Test
    void sigreturnWithNullFpstateResetsTheFpu() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu(512, 16), FpuLayout.FXSAVE,
                0, SigAltStack.DISABLED);
        mem.writeLong(atReturn.rsp - 8 + UC + UC_MCONTEXT + SC_FPSTATE, 0);
        assertArrayEquals(FpuFrame.initState(FpuLayout.FXSAVE),
                SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE).fpu());
    }

    @Test
    void sigreturnOfABadFrameIsEfault() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers r = regs(0x7ffffffd0004L); // frame starts below the mapped window
        assertEquals(Errno.EFAULT, assertThrows(ErrnoException.class,
                () -> SignalFrame.sigreturn(mem, r, FpuLayout.FXSAVE)).errno());
        Registers high = regs(TASK_SIZE_MAX);
        assertThrows(ErrnoException.class, () -> SignalFrame.sigreturn(mem, high, FpuLayout.FXSAVE));

        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu(512, 17), FpuLayout.FXSAVE,
                0, SigAltStack.DISABLED);
        long fp = mem.readLong(atReturn.rsp - 8 + UC + UC_MCONTEXT + SC_FPSTATE);
        mem.writeInt(fp + 24, 0x10000); // MXCSR reserved bit: fxrstor would #GP
        assertThrows(ErrnoException.class, () -> SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE));
        mem.writeInt(fp + 24, 0x1f80);
        mem.writeLong(atReturn.rsp - 8 + UC + UC_MCONTEXT + SC_FPSTATE, fp + 8); // misaligned
        assertThrows(ErrnoException.class, () -> SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE));
    }

    @Test
    void sigreturnWithoutStrictRestoreSsUsesTheFlatStackSegment() {
        ArrayMemory mem = new ArrayMemory(0x7ffffffd0000L, 0x10000);
        Registers atReturn = deliverAndReturn(mem, regs(0x7ffffffde000L), fpu(512, 18), FpuLayout.FXSAVE,
                0, SigAltStack.DISABLED);
        long frame = atReturn.rsp - 8;
        mem.writeLong(frame + UC + UC_FLAGS, UC_SIGCONTEXT_SS);
        mem.writeInt(frame + UC + UC_MCONTEXT + SC_SS - 2, 0x0063_0000);
        assertEquals(USER_DS, SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE).regs().ss);
        mem.writeLong(frame + UC + UC_FLAGS, UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS);
        assertEquals(0x63, SignalFrame.sigreturn(mem, atReturn, FpuLayout.FXSAVE).regs().ss);
    }
}
