package dev.umk.core.hw;

/**
 * An x86-64 general register file, in the field order of Linux's {@code struct
 * user_regs_struct} (the order PTRACE_GETREGS uses). Syscall handlers read arguments and
 * write the result here; the platform moves it to and from the real CPU.
 */
public final class Registers {
    /** Number of 64-bit words in user_regs_struct. */
    public static final int WORDS = 27;

    public long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    public long rax, rcx, rdx, rsi, rdi, origRax, rip, cs, eflags, rsp, ss;
    public long fsBase, gsBase, ds, es, fs, gs;

    /** Syscall argument {@code i} (0..5) by the x86-64 syscall convention. */
    public long arg(int i) {
        switch (i) {
            case 0: return rdi;
            case 1: return rsi;
            case 2: return rdx;
            case 3: return r10;
            case 4: return r8;
            case 5: return r9;
            default: throw new IllegalArgumentException("arg " + i);
        }
    }

    public void setArg(int i, long v) {
        switch (i) {
            case 0: rdi = v; break;
            case 1: rsi = v; break;
            case 2: rdx = v; break;
            case 3: r10 = v; break;
            case 4: r8 = v; break;
            case 5: r9 = v; break;
            default: throw new IllegalArgumentException("arg " + i);
        }
    }

    /** Reads word {@code i} in user_regs_struct order. */
    public long word(int i) {
        switch (i) {
            case 0: return r15; case 1: return r14; case 2: return r13; case 3: return r12;
            case 4: return rbp; case 5: return rbx; case 6: return r11; case 7: return r10;
            case 8: return r9; case 9: return r8; case 10: return rax; case 11: return rcx;
            case 12: return rdx; case 13: return rsi; case 14: return rdi; case 15: return origRax;
            case 16: return rip; case 17: return cs; case 18: return eflags; case 19: return rsp;
            case 20: return ss; case 21: return fsBase; case 22: return gsBase; case 23: return ds;
            case 24: return es; case 25: return fs; case 26: return gs;
            default: throw new IllegalArgumentException("word " + i);
        }
    }

    /** Writes word {@code i} in user_regs_struct order. */
    public void setWord(int i, long v) {
        switch (i) {
            case 0: r15 = v; break; case 1: r14 = v; break; case 2: r13 = v; break; case 3: r12 = v; break;
            case 4: rbp = v; break; case 5: rbx = v; break; case 6: r11 = v; break; case 7: r10 = v; break;
            case 8: r9 = v; break; case 9: r8 = v; break; case 10: rax = v; break; case 11: rcx = v; break;
            case 12: rdx = v; break; case 13: rsi = v; break; case 14: rdi = v; break; case 15: origRax = v; break;
            case 16: rip = v; break; case 17: cs = v; break; case 18: eflags = v; break; case 19: rsp = v; break;
            case 20: ss = v; break; case 21: fsBase = v; break; case 22: gsBase = v; break; case 23: ds = v; break;
            case 24: es = v; break; case 25: fs = v; break; case 26: gs = v; break;
            default: throw new IllegalArgumentException("word " + i);
        }
    }

    public void copyFrom(Registers o) {
        for (int i = 0; i < WORDS; i++) setWord(i, o.word(i));
    }
}
