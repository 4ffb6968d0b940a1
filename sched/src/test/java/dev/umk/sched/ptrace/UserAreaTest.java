package dev.umk.sched.ptrace;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import dev.umk.sched.signal.SigInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** struct user offsets for PEEKUSER/POKEUSER, putreg's checks, and PTRACE_GET_SYSCALL_INFO records. */
class UserAreaTest {
    private final Registers regs = new Registers();
    private final long[] dr = new long[8];

    private static Errno errno(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    @Test
    void registersAreAtTheirUserRegsStructOffsets() {
        regs.rip = 0x401000;
        regs.origRax = 39;
        assertEquals(0x401000, UserArea.peek(regs, dr, 16 * 8));
        assertEquals(39, UserArea.peek(regs, dr, 15 * 8));
        UserArea.poke(regs, dr, 10 * 8, 42);
        assertEquals(42, regs.rax);
    }

    @Test
    void misalignedOrOutsideStructUserIsEio() {
        assertEquals(Errno.EIO, errno(() -> UserArea.peek(regs, dr, 3)));
        assertEquals(Errno.EIO, errno(() -> UserArea.peek(regs, dr, UserArea.SIZE)));
        assertEquals(0, UserArea.peek(regs, dr, UserArea.REGS_SIZE), "u_fpvalid and friends read as 0");
        assertEquals(Errno.EIO, errno(() -> UserArea.poke(regs, dr, UserArea.REGS_SIZE, 1)), "and are not writable");
    }

    @Test
    void debugRegistersAreKeptButDr7CannotArmBreakpoints() {
        UserArea.poke(regs, dr, UserArea.DEBUGREG, 0x401000);
        assertEquals(0x401000, UserArea.peek(regs, dr, UserArea.DEBUGREG));
        assertEquals(Errno.EIO, errno(() -> UserArea.poke(regs, dr, UserArea.DEBUGREG + 7 * 8, 1)));
        assertEquals(Errno.EIO, errno(() -> UserArea.poke(regs, dr, UserArea.DEBUGREG + 4 * 8, 0)));
    }

    @Test
    void eflagsKeepsItsSystemBits() {
        regs.eflags = 0x202;
        UserArea.putReg(regs, 18, 0xffffffffL);
        assertEquals(0x202 | UserArea.FLAG_MASK, regs.eflags);
    }

    @Test
    void baseRegistersMustBeUserAddressesAndSelectorsCannotChange() {
        assertEquals(Errno.EIO, errno(() -> UserArea.putReg(regs, 21, 1L << 47)));
        UserArea.putReg(regs, 21, 0x7f0000001000L);
        assertEquals(0x7f0000001000L, regs.fsBase);
        regs.cs = 0x33;
        UserArea.putReg(regs, 17, 0x33);
        assertEquals(Errno.EIO, errno(() -> UserArea.putReg(regs, 17, 0x23)));
    }

    @Test
    void setRegsChangesNothingWhenAWordIsBad() {
        long[] w = new long[Registers.WORDS];
        w[10] = 5;
        w[21] = -1; // fs_base out of range
        assertEquals(Errno.EIO, errno(() -> UserArea.setRegs(regs, w)));
        assertEquals(0, regs.rax);
    }

    @Test
    void syscallInfoAtEntryHasTheNumberAndArguments() {
        regs.origRax = 1;
        regs.rdi = 2;
        regs.r9 = 7;
        regs.rip = 0x401000;
        int op = SyscallInfo.op(SigInfo.kill(Signals.SIGTRAP, Signals.SIGTRAP | 0x80, 1, 0), PtraceAbi.SYSCALL_INFO_ENTRY);
        byte[] b = SyscallInfo.encode(op, regs);
        assertEquals(SyscallInfo.ENTRY_SIZE, b.length);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(PtraceAbi.SYSCALL_INFO_ENTRY, bb.get(0));
        assertEquals(PtraceAbi.AUDIT_ARCH_X86_64, bb.getInt(4));
        assertEquals(0x401000, bb.getLong(8));
        assertEquals(1, bb.getLong(24));
        assertEquals(2, bb.getLong(32));
        assertEquals(7, bb.getLong(72));
    }

    @Test
    void syscallInfoAtExitFlagsErrors() {
        regs.rax = -2;
        byte[] b = SyscallInfo.encode(PtraceAbi.SYSCALL_INFO_EXIT, regs);
        assertEquals(SyscallInfo.EXIT_SIZE, b.length);
        assertEquals(1, b[32]);
        regs.rax = 5;
        assertEquals(0, SyscallInfo.encode(PtraceAbi.SYSCALL_INFO_EXIT, regs)[32]);
    }

    @Test
    void syscallInfoNeedsTracesysgoodAsInLinux() {
        assertEquals(PtraceAbi.SYSCALL_INFO_NONE,
                SyscallInfo.op(SigInfo.kill(Signals.SIGTRAP, Signals.SIGTRAP, 1, 0), PtraceAbi.SYSCALL_INFO_ENTRY));
        assertEquals(PtraceAbi.SYSCALL_INFO_NONE, SyscallInfo.op(null, PtraceAbi.SYSCALL_INFO_EXIT));
        assertEquals(SyscallInfo.NONE_SIZE, SyscallInfo.encode(PtraceAbi.SYSCALL_INFO_NONE, regs).length);
    }
}
