package dev.umk.core.hw;

/**
 * Why the guest CPU stopped running guest code and entered the kernel. One mutable instance
 * per CPU is refilled on every stop, so the hot path allocates nothing.
 */
public final class Trap {
    public enum Kind {
        /** The guest executed {@code syscall}; the number is in origRax, args in the registers. */
        SYSCALL,
        /** A synchronous fault: {@link #signo} is SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP. */
        FAULT,
        /** An asynchronous interruption asked for by the kernel (preemption, signal kick). */
        INTERRUPT,
        /** The guest thread is gone on the host (killed from outside). */
        GONE
    }

    public Kind kind;
    /** Signal number for FAULT. */
    public int signo;
    /** si_code for FAULT (SEGV_MAPERR, SEGV_ACCERR, BUS_ADRERR, ILL_ILLOPN, ...). */
    public int code;
    /** si_addr for FAULT. */
    public long addr;
    /** For GONE: the host wait status. */
    public int hostStatus;

    private static final Trap INTERRUPTED = new Trap();

    static {
        INTERRUPTED.kind = Kind.INTERRUPT;
    }

    /** A shared, never-refilled INTERRUPT trap: the kernel chose not to run guest code at all. */
    public static Trap interrupted() {
        return INTERRUPTED;
    }

    public void set(Kind kind, int signo, int code, long addr) {
        this.kind = kind;
        this.signo = signo;
        this.code = code;
        this.addr = addr;
    }

    @Override
    public String toString() {
        return kind == Kind.FAULT
                ? "FAULT(sig=" + signo + ", code=" + code + ", addr=0x" + Long.toHexString(addr) + ")"
                : kind.toString();
    }
}
