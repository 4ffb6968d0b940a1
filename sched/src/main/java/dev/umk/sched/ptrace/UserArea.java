package dev.umk.sched.ptrace;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;

/**
 * PTRACE_PEEKUSER/POKEUSER and PTRACE_SETREGS on x86-64's {@code struct user}: the general
 * registers at offset 0 (user_regs_struct), the debug registers at 848, nothing else
 * readable but as 0 and nothing else writable (arch/x86/kernel/ptrace.c putreg/getreg).
 *
 * <p>Differences from Linux: segment selectors can only be written with the value they
 * have (a guest cannot switch code segments on the host), and debug registers DR0-DR3 and
 * DR6 are stored but DR7 cannot enable hardware breakpoints (EIO for a non-zero DR7).
 */
public final class UserArea {
    private UserArea() {}

    /** sizeof(struct user). */
    public static final int SIZE = 928;
    /** sizeof(struct user_regs_struct). */
    public static final int REGS_SIZE = Registers.WORDS * 8;
    /** offsetof(struct user, u_debugreg). */
    public static final int DEBUGREG = 848;
    /** The user-changeable eflags bits (FLAG_MASK: CF PF AF ZF SF TF DF OF NT RF AC). */
    public static final long FLAG_MASK = 0x54dd5;
    private static final long TASK_SIZE_MAX = (1L << 47) - 4096;
    private static final int FS_BASE = 21, GS_BASE = 22, EFLAGS = 18;
    private static final int CS = 17, SS = 20, DS = 23, ES = 24, FS = 25, GS = 26;

    /** EIO for a misaligned or out-of-range offset. */
    private static void check(long off) {
        if ((off & 7) != 0 || off < 0 || off >= SIZE) throw new ErrnoException(Errno.EIO);
    }

    /** PEEKUSER at {@code off} of a stopped tracee with {@code regs} and {@code debugreg}. */
    public static long peek(Registers regs, long[] debugreg, long off) {
        check(off);
        if (off < REGS_SIZE) return regs.word((int) (off / 8));
        if (off >= DEBUGREG && off < DEBUGREG + 64) return debugreg[(int) ((off - DEBUGREG) / 8)];
        return 0;
    }

    /** POKEUSER at {@code off}: a register through {@link #putReg}, a debug register, or EIO. */
    public static void poke(Registers regs, long[] debugreg, long off, long value) {
        check(off);
        if (off < REGS_SIZE) {
            putReg(regs, (int) (off / 8), value);
        } else if (off >= DEBUGREG && off < DEBUGREG + 64) {
            int n = (int) ((off - DEBUGREG) / 8);
            if (n == 4 || n == 5) throw new ErrnoException(Errno.EIO); // DR4/DR5 do not exist
            if (n < 4 && value >= TASK_SIZE_MAX) throw new ErrnoException(Errno.EIO);
            if (n == 7 && value != 0) throw new ErrnoException(Errno.EIO); // no hardware breakpoints
            debugreg[n] = value;
        } else {
            throw new ErrnoException(Errno.EIO);
        }
    }

    /** putreg: writes word {@code i} of user_regs_struct with Linux's checks. */
    public static void putReg(Registers regs, int i, long value) {
        switch (i) {
            case FS_BASE, GS_BASE -> {
                if (value < 0 || value >= TASK_SIZE_MAX) throw new ErrnoException(Errno.EIO);
                regs.setWord(i, value);
            }
            case EFLAGS -> regs.eflags = (regs.eflags & ~FLAG_MASK) | (value & FLAG_MASK);
            case CS, SS, DS, ES, FS, GS -> {
                if (value != regs.word(i)) throw new ErrnoException(Errno.EIO);
            }
            default -> regs.setWord(i, value);
        }
    }

    /** PTRACE_SETREGS: every word checked before any is written. */
    public static void setRegs(Registers regs, long[] words) {
        Registers copy = new Registers();
        copy.copyFrom(regs);
        for (int i = 0; i < Registers.WORDS; i++) putReg(copy, i, words[i]);
        regs.copyFrom(copy);
    }
}
