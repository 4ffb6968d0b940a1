package dev.umk.sched.signal;

import static dev.umk.sched.Signals.*;
import static dev.umk.sched.signal.SigInfo.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

class SigInfoTest {
    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Test
    void killInfoPutsSignoErrnoCodeAndSenderAtLinuxOffsets() {
        byte[] b = SigInfo.user(SIGTERM, 1234, 1000).encode();
        assertEquals(128, b.length);
        assertEquals(SIGTERM, le(b).getInt(0));
        assertEquals(0, le(b).getInt(4));
        assertEquals(SI_USER, le(b).getInt(8));
        assertEquals(1234, le(b).getInt(16));
        assertEquals(1000, le(b).getInt(20));
        for (int i = 24; i < 128; i++) assertEquals(0, b[i], "byte " + i);
    }

    @Test
    void sigqueueValueSitsAt24AfterPidAndUid() {
        SigInfo si = SigInfo.queue(SIGRTMIN + 1, SI_QUEUE, 7, 8, 0x1122334455667788L);
        byte[] b = si.encode();
        assertEquals(-1, le(b).getInt(8));
        assertEquals(0x1122334455667788L, le(b).getLong(24));
        assertEquals(Layout.RT, si.layout());
        assertEquals(0x1122334455667788L, si.value());
    }

    @Test
    void timerInfoHasTimerIdOverrunAndValue() {
        SigInfo si = SigInfo.timer(SIGALRM, 3, 2, 99);
        byte[] b = si.encode();
        assertEquals(-2, le(b).getInt(8));
        assertEquals(3, le(b).getInt(16));
        assertEquals(2, le(b).getInt(20));
        assertEquals(99, le(b).getLong(24));
        assertEquals(Layout.TIMER, si.layout());
    }

    @Test
    void childInfoHasStatusAndTimes() {
        SigInfo si = SigInfo.child(SIGCHLD, CLD_EXITED, 42, 1000, 3, 5, 6);
        byte[] b = si.encode();
        assertEquals(42, le(b).getInt(16));
        assertEquals(1000, le(b).getInt(20));
        assertEquals(3, le(b).getInt(24));
        assertEquals(5, le(b).getLong(32));
        assertEquals(6, le(b).getLong(40));
        assertEquals(Layout.CHLD, si.layout());
    }

    @Test
    void faultInfoHasAddressAtSixteen() {
        SigInfo si = SigInfo.fault(SIGSEGV, SEGV_MAPERR, 0xdeadbeefL);
        assertEquals(0xdeadbeefL, le(si.encode()).getLong(16));
        assertEquals(Layout.FAULT, si.layout());
        assertTrue(si.fromKernel());
    }

    @Test
    void faultVariantsPlaceTheirExtraFields() {
        SigInfo mce = SigInfo.faultMceerr(BUS_MCEERR_AR, 0x1000, (short) 12);
        assertEquals(12, le(mce.encode()).getShort(24));
        assertEquals(Layout.FAULT_MCEERR, mce.layout());
        SigInfo bnd = SigInfo.faultBnderr(0x10, 0x20, 0x30);
        assertEquals(0x20, le(bnd.encode()).getLong(32));
        assertEquals(0x30, le(bnd.encode()).getLong(40));
        assertEquals(Layout.FAULT_BNDERR, bnd.layout());
        SigInfo pku = SigInfo.faultPkuerr(0x10, 5);
        assertEquals(5, le(pku.encode()).getInt(32));
        assertEquals(Layout.FAULT_PKUERR, pku.layout());
    }

    @Test
    void pollInfoHasBandAndFd() {
        SigInfo si = SigInfo.poll(SIGIO, POLL_IN, 0x41, 7);
        assertEquals(0x41, le(si.encode()).getLong(16));
        assertEquals(7, le(si.encode()).getInt(24));
        assertEquals(Layout.POLL, si.layout());
    }

    @Test
    void sysInfoHasCallAddrSyscallAndArch() {
        SigInfo si = SigInfo.sys(SYS_SECCOMP, 0x401000, 39, 0xc000003e);
        byte[] b = si.encode();
        assertEquals(0x401000, le(b).getLong(16));
        assertEquals(39, le(b).getInt(24));
        assertEquals(0xc000003e, le(b).getInt(28));
        assertEquals(Layout.SYS, si.layout());
    }

    @Test
    void layoutFollowsSignalAndCodeAsLinux() {
        assertEquals(Layout.KILL, SigInfo.layout(SIGSEGV, SI_USER));
        assertEquals(Layout.KILL, SigInfo.layout(SIGSEGV, SI_KERNEL));
        assertEquals(Layout.RT, SigInfo.layout(SIGSEGV, SI_TKILL));
        assertEquals(Layout.POLL, SigInfo.layout(SIGUSR1, SI_SIGIO));
        // A kernel code beyond a family's range but within the poll codes reads as poll.
        assertEquals(Layout.POLL, SigInfo.layout(SIGSYS, 3));
        assertEquals(Layout.KILL, SigInfo.layout(SIGSEGV, 11));
        assertEquals(Layout.POLL, SigInfo.layout(SIGUSR1, 2));
        assertEquals(Layout.FAULT_PERF_EVENT, SigInfo.layout(SIGTRAP, TRAP_PERF));
    }

    @Test
    void knownLayoutMatchesLinux() {
        assertTrue(SigInfo.knownLayout(SIGUSR1, SI_QUEUE));
        assertTrue(SigInfo.knownLayout(SIGUSR1, SI_KERNEL));
        assertTrue(SigInfo.knownLayout(SIGUSR1, SI_ASYNCNL));
        assertTrue(SigInfo.knownLayout(SIGSEGV, SEGV_CPERR));
        assertFalse(SigInfo.knownLayout(SIGSEGV, SEGV_CPERR + 1));
        assertFalse(SigInfo.knownLayout(SIGUSR1, -8));
        assertFalse(SigInfo.knownLayout(SIGUSR1, 0x81));
    }

    @Test
    void userSiginfoKeepsFortyEightBytesAndForcesSigno() {
        byte[] raw = new byte[128];
        le(raw).putInt(0, 99).putInt(8, SI_QUEUE).putInt(16, 5).putLong(24, 77).putLong(40, 0x55);
        raw[100] = 1; // ignored: SI_QUEUE has a known layout
        SigInfo si = SigInfo.fromUser(SIGRTMIN, raw);
        assertEquals(SIGRTMIN, si.signo());
        assertEquals(77, si.value());
        byte[] out = si.encode();
        assertEquals(0x55, le(out).getLong(40));
        assertEquals(0, out[100]);
    }

    @Test
    void unknownLayoutWithBytesPastTheKernelPartIsE2big() {
        byte[] raw = new byte[128];
        le(raw).putInt(8, -8);
        raw[48] = 1;
        ErrnoException e = assertThrows(ErrnoException.class, () -> SigInfo.fromUser(SIGUSR1, raw));
        assertEquals(Errno.E2BIG, e.errno());
        raw[48] = 0;
        assertEquals(-8, SigInfo.fromUser(SIGUSR1, raw).code());
    }

    @Test
    void forgingKernelOrTkillInfoForAnotherProcessIsEperm() {
        assertThrows(ErrnoException.class, () -> SigInfo.user(SIGUSR1, 1, 1).checkQueueableByUser(false));
        assertThrows(ErrnoException.class, () -> SigInfo.tkill(SIGUSR1, 1, 1).checkQueueableByUser(false));
        SigInfo.user(SIGUSR1, 1, 1).checkQueueableByUser(true);
        SigInfo.queue(SIGUSR1, SI_QUEUE, 1, 1, 0).checkQueueableByUser(false);
    }

    @Test
    void decodeRoundTripsEncode() {
        SigInfo si = SigInfo.child(SIGCHLD, CLD_DUMPED, 9, 8, SIGSEGV, 1, 2);
        byte[] buf = new byte[200];
        si.encodeTo(buf, 50);
        assertEquals(si, SigInfo.decode(buf, 50));
        assertEquals(si.hashCode(), SigInfo.decode(buf, 50).hashCode());
        assertEquals(SIGSEGV, si.withSigno(SIGBUS).status());
        assertEquals(SIGBUS, si.withSigno(SIGBUS).signo());
    }
}
