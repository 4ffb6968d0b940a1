package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.sched.SigAction;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SignalDeliveryTest {
    private static final long STACK_TOP = 0x7ffffffde000L, HANDLER = 0x401000, RESTORER = 0x401800;
    private static final long NR_READ = 0, NR_RT_SIGRETURN = 15;

    /** An FPU whose state is a byte array. */
    static final class FakeFpu implements FpuAccess {
        byte[] state = new byte[512];

        @Override
        public int readFpu(byte[] dst) {
            System.arraycopy(state, 0, dst, 0, state.length);
            return state.length;
        }

        @Override
        public void writeFpu(byte[] src, int len) {
            state = Arrays.copyOf(src, len);
        }
    }

    private final ProcessSignals ps = new ProcessSignals(SigqueueAccount.UNLIMITED);
    private final TaskSignals t = ps.addThread(100, f -> { }, 0, SigAltStack.DISABLED);
    private final SignalDelivery delivery = new SignalDelivery(FpuLayout.FXSAVE);
    private final ArrayMemory stack = new ArrayMemory(STACK_TOP - 0x10000, 0x10000);
    private final FakeFpu fpu = new FakeFpu();

    SignalDeliveryTest() {
        for (int i = 0; i < 512; i++) fpu.state[i] = (byte) i;
        fpu.state[24] = (byte) 0x80; fpu.state[25] = 0x1f; fpu.state[26] = 0; fpu.state[27] = 0;
        Arrays.fill(fpu.state, 464, 512, (byte) 0);
    }

    private static Registers inRead(Errno result) {
        Registers r = new Registers();
        r.origRax = NR_READ;
        r.rax = -result.code();
        r.rip = 0x400102;
        r.rsp = STACK_TOP - 0x100;
        r.rbx = 0xb0b;
        r.eflags = 0x246;
        r.cs = SignalFrame.USER_CS;
        r.ss = SignalFrame.USER_DS;
        return r;
    }

    private Delivery deliver(Registers r) {
        return delivery.deliver(ps, t, r, fpu, stack, () -> false);
    }

    @Test
    void handlerInterruptingARestartableSyscallRestartsItAfterSigreturn() {
        ps.sigaction(SIGUSR1, new SigAction(HANDLER, SaFlags.SA_RESTORER | SaFlags.SA_SIGINFO | SaFlags.SA_RESTART,
                RESTORER, SigSet.bit(SIGHUP)));
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 9, 0), false);
        Registers r = inRead(Errno.ERESTARTSYS);
        byte[] fpuBefore = fpu.state.clone();

        assertEquals(Delivery.Kind.HANDLER, deliver(r).kind());
        assertEquals(HANDLER, r.rip);
        assertEquals(SIGUSR1, r.rdi);
        assertEquals(9, stack.readInt(r.rsi + 16)); // si_pid
        assertEquals(SigSet.bit(SIGUSR1) | SigSet.bit(SIGHUP), t.blocked());
        assertArrayEquals(FpuFrame.initState(FpuLayout.FXSAVE), fpu.state);
        long sc = r.rdx + SignalFrame.UC_MCONTEXT;
        assertEquals(0x400100, stack.readLong(sc + SignalFrame.SC_RIP));
        assertEquals(NR_READ, stack.readLong(sc + SignalFrame.SC_RAX));

        r.rsp += 8; // the handler's ret into the restorer
        r.origRax = NR_RT_SIGRETURN;
        r.rax = 0x1234; // clobbered by the handler
        long rax = delivery.sigreturn(ps, t, r, fpu, stack);
        assertEquals(NR_READ, rax);
        assertEquals(0x400100, r.rip); // back on the syscall instruction
        assertEquals(0xb0b, r.rbx);
        assertEquals(0, t.blocked());
        assertArrayEquals(fpuBefore, fpu.state);
    }

    @Test
    void handlerWithoutSaRestartMakesTheSyscallFailWithEintr() {
        ps.sigaction(SIGUSR1, new SigAction(HANDLER, SaFlags.SA_RESTORER, RESTORER, 0));
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 9, 0), false);
        Registers r = inRead(Errno.ERESTARTSYS);
        deliver(r);
        long sc = r.rdx + SignalFrame.UC_MCONTEXT;
        assertEquals(-Errno.EINTR.code(), stack.readLong(sc + SignalFrame.SC_RAX));
        assertEquals(0x400102, stack.readLong(sc + SignalFrame.SC_RIP));
    }

    @Test
    void withoutAHandlerTheSyscallRestartsAndTheTemporaryMaskComesBack() {
        ps.sigaction(SIGUSR1, new SigAction(SigAction.SIG_IGN, 0, 0, 0));
        t.setBlocked(SigSet.bit(SIGINT));
        t.setTemporaryMask(0);
        Registers r = inRead(Errno.ERESTARTNOHAND);
        assertEquals(Delivery.Kind.NONE, deliver(r).kind());
        assertEquals(0x400100, r.rip);
        assertEquals(NR_READ, r.rax);
        assertEquals(SigSet.bit(SIGINT), t.blocked());
    }

    @Test
    void frameThatCannotBeWrittenForcesSigsegv() {
        ps.sigaction(SIGUSR1, new SigAction(HANDLER, SaFlags.SA_RESTORER, RESTORER, 0));
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 9, 0), false);
        Registers r = inRead(Errno.EINTR);
        r.rsp = 0x1000; // nothing mapped there
        Delivery d = deliver(r);
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertEquals(SIGSEGV, d.sig());
        assertTrue(d.coreDump());
    }

    @Test
    void handlerWithoutSaRestorerForcesSigsegv() {
        ps.sigaction(SIGUSR1, new SigAction(HANDLER, 0, 0, 0));
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 9, 0), false);
        assertEquals(SIGSEGV, deliver(inRead(Errno.EINTR)).sig());
    }

    @Test
    void badSigreturnFrameForcesSigsegv() {
        Registers r = inRead(Errno.EINTR);
        r.rsp = 0x2000;
        assertEquals(0, delivery.sigreturn(ps, t, r, fpu, stack));
        Delivery d = deliver(r);
        assertEquals(Delivery.Kind.EXIT, d.kind());
        assertEquals(SIGSEGV, d.sig());
        assertEquals(SigInfo.SI_KERNEL, d.info().code());
    }

    @Test
    void autodisarmedAltStackIsUsedThenRestoredBySigreturn() {
        long altBase = STACK_TOP - 0x8000;
        SigAltStack alt = new SigAltStack(altBase, 0x4000, SigAltStack.SS_AUTODISARM);
        t.sigaltstack(alt, STACK_TOP - 0x100);
        ps.sigaction(SIGUSR1, new SigAction(HANDLER,
                SaFlags.SA_RESTORER | SaFlags.SA_ONSTACK | SaFlags.SA_SIGINFO, RESTORER, 0));
        ps.sendToThread(t, SigInfo.tkill(SIGUSR1, 9, 0), false);
        Registers r = inRead(Errno.EINTR);
        deliver(r);
        assertTrue(alt.contains(r.rsp));
        assertEquals(SigAltStack.DISABLED, t.altStack());
        r.rsp += 8;
        delivery.sigreturn(ps, t, r, fpu, stack);
        assertEquals(alt, t.altStack());
    }

    @Test
    void ignoredSignalsAreSkippedOnTheWayToAHandledOne() {
        ps.sigaction(SIGUSR2, new SigAction(HANDLER, SaFlags.SA_RESTORER, RESTORER, 0));
        t.setBlocked(SigSet.bit(SIGWINCH));
        ps.sendToThread(t, SigInfo.tkill(SIGWINCH, 1, 0), false);
        ps.sendToThread(t, SigInfo.tkill(SIGUSR2, 1, 0), false);
        t.setBlocked(0);
        Registers r = inRead(Errno.EINTR);
        Delivery d = deliver(r);
        assertEquals(SIGUSR2, d.sig());
        assertEquals(0, t.sigpending());
    }
}
