package dev.umk.sched.signal;

import dev.umk.core.hw.Registers;

/**
 * What one thread contributes to a core file: its registers and FPU state as it stopped for
 * the dump. Only the thread itself can read them on the ptrace platform, so each thread
 * hands this over before it waits (see {@link CoreState}).
 *
 * @param tid  the thread's id
 * @param regs a copy of its registers when it stopped (NT_PRSTATUS's pr_reg)
 * @param fpu  its FPU image as {@code GuestCpu.readFpu} gives it (fxsave, or the whole xsave
 *     area), or null when it could not be read (the thread's host side is gone)
 */
public record CoreThread(int tid, Registers regs, byte[] fpu) {
}
