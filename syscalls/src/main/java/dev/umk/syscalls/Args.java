package dev.umk.syscalls;

import dev.umk.core.hw.Registers;

/** Typed access to the six syscall argument registers (rdi, rsi, rdx, r10, r8, r9). */
public final class Args {
    private Registers r;

    void bind(Registers regs) {
        this.r = regs;
    }

    /** The raw 64-bit argument. */
    public long raw(int i) {
        return r.arg(i);
    }

    /** A C {@code int} argument: the low 32 bits, sign-extended. */
    public int i32(int i) {
        return (int) r.arg(i);
    }

    /** A C {@code unsigned int} argument, zero-extended. */
    public long u32(int i) {
        return r.arg(i) & 0xffffffffL;
    }

    /** A size_t / unsigned long argument. */
    public long u64(int i) {
        return r.arg(i);
    }

    public UserPtr ptr(int i) {
        return new UserPtr(r.arg(i));
    }
}
