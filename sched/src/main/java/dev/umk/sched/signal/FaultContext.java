package dev.umk.sched.signal;

import dev.umk.sched.Signals;

/**
 * The CPU exception details a signal frame's sigcontext carries (thread.cr2, trap_nr,
 * error_code in Linux). Linux leaves the last fault's values there for every later signal;
 * umk's tasks keep the last one too and pass it to {@link SignalFrame}.
 *
 * @param cr2 the faulting address of a page fault
 * @param err the exception's error code (for #PF: the X86_PF_* bits)
 * @param trapno the exception vector
 */
public record FaultContext(long cr2, long err, long trapno) {
    public static final FaultContext NONE = new FaultContext(0, 0, 0);

    // x86 exception vectors.
    public static final int X86_TRAP_DE = 0, X86_TRAP_DB = 1, X86_TRAP_BP = 3, X86_TRAP_UD = 6,
            X86_TRAP_GP = 13, X86_TRAP_PF = 14, X86_TRAP_MF = 16, X86_TRAP_AC = 17, X86_TRAP_XF = 19;
    // Page fault error code bits.
    public static final long PF_PROT = 1, PF_WRITE = 2, PF_USER = 4, PF_INSTR = 16;

    /** A user-mode page fault at {@code addr}. */
    public static FaultContext pageFault(long addr, boolean protection, boolean write, boolean instr) {
        long err = PF_USER | (protection ? PF_PROT : 0) | (write ? PF_WRITE : 0) | (instr ? PF_INSTR : 0);
        return new FaultContext(addr, err, X86_TRAP_PF);
    }

    /**
     * The best reconstruction from what a ptrace fault stop reports (signal, si_code,
     * si_addr): the vector the signal implies and, for a page fault, the present bit from
     * SEGV_ACCERR. Whether the access was a write is not known on that path and is left 0.
     */
    public static FaultContext fromSignal(int sig, int code, long addr) {
        switch (sig) {
            case Signals.SIGSEGV:
                if (code == SigInfo.SEGV_MAPERR || code == SigInfo.SEGV_ACCERR || code == SigInfo.SEGV_PKUERR) {
                    return pageFault(addr, code != SigInfo.SEGV_MAPERR, false, false);
                }
                return new FaultContext(0, 0, X86_TRAP_GP);
            case Signals.SIGBUS:
                if (code == SigInfo.BUS_ADRALN) return new FaultContext(0, 0, X86_TRAP_AC);
                return pageFault(addr, false, false, false);
            case Signals.SIGFPE:
                if (code == SigInfo.FPE_INTDIV || code == SigInfo.FPE_INTOVF) {
                    return new FaultContext(0, 0, X86_TRAP_DE);
                }
                return new FaultContext(0, 0, X86_TRAP_XF);
            case Signals.SIGILL:
                return new FaultContext(0, 0, X86_TRAP_UD);
            case Signals.SIGTRAP:
                return new FaultContext(0, 0, code == SigInfo.TRAP_BRKPT ? X86_TRAP_BP : X86_TRAP_DB);
            default:
                return NONE;
        }
    }
}
