package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;

/**
 * What becomes of a syscall a signal interrupted (arch/x86/kernel/signal.c handle_signal and
 * arch_do_signal_or_restart). A blocking syscall that a signal wakes returns one of the
 * kernel-internal ERESTART* codes; before returning to the guest the kernel either turns it
 * into EINTR or backs rip up over the 2-byte {@code syscall} instruction so it runs again:
 *
 * <pre>
 *                         handler runs           no handler (ignored, stopped, none)
 * ERESTARTSYS             EINTR, or restart       restart
 *                         with SA_RESTART
 * ERESTARTNOINTR          restart                 restart
 * ERESTARTNOHAND          EINTR                   restart
 * ERESTART_RESTARTBLOCK   EINTR                   restart as restart_syscall(2)
 * </pre>
 *
 * A trap that was not a syscall has orig_rax == -1 and is left alone.
 */
public final class SyscallRestart {
    private SyscallRestart() {}

    /** restart_syscall(2) on x86-64: resumes through the task's restart block. */
    public static final long NR_RESTART_SYSCALL = 219;
    /** Length of the {@code syscall} instruction (0f 05). */
    public static final int SYSCALL_INSN_LEN = 2;

    private static final long ERESTARTSYS = -Errno.ERESTARTSYS.code();
    private static final long ERESTARTNOINTR = -Errno.ERESTARTNOINTR.code();
    private static final long ERESTARTNOHAND = -Errno.ERESTARTNOHAND.code();
    private static final long ERESTART_RESTARTBLOCK = -Errno.ERESTART_RESTARTBLOCK.code();
    private static final long EINTR = -Errno.EINTR.code();

    /** What was done to the registers. */
    public enum Outcome {
        /** Not an interrupted syscall: nothing changed. */
        NONE,
        /** rax = -EINTR. */
        EINTR,
        /** rip backed up; rax = the syscall number again. */
        RESTART,
        /** rip backed up; rax = restart_syscall. */
        RESTART_BLOCK
    }

    /** True if the registers are at the end of a syscall that returned an ERESTART* code. */
    public static boolean interrupted(Registers r) {
        return r.origRax != -1 && isRestartCode(r.rax);
    }

    private static boolean isRestartCode(long rax) {
        return rax == ERESTARTSYS || rax == ERESTARTNOINTR || rax == ERESTARTNOHAND
                || rax == ERESTART_RESTARTBLOCK;
    }

    /**
     * Before building the frame for a handler with flags {@code saFlags}: so the frame saves
     * either the EINTR result or the restart point.
     */
    public static Outcome beforeHandler(Registers r, long saFlags) {
        if (r.origRax == -1) return Outcome.NONE;
        long rax = r.rax;
        if (rax == ERESTART_RESTARTBLOCK || rax == ERESTARTNOHAND
                || (rax == ERESTARTSYS && !SaFlags.has(saFlags, SaFlags.SA_RESTART))) {
            r.rax = EINTR;
            return Outcome.EINTR;
        }
        if (rax == ERESTARTSYS || rax == ERESTARTNOINTR) {
            restart(r, r.origRax);
            return Outcome.RESTART;
        }
        return Outcome.NONE;
    }

    /** When no handler runs: every ERESTART* code restarts the syscall. */
    public static Outcome withoutHandler(Registers r) {
        if (r.origRax == -1) return Outcome.NONE;
        long rax = r.rax;
        if (rax == ERESTARTSYS || rax == ERESTARTNOINTR || rax == ERESTARTNOHAND) {
            restart(r, r.origRax);
            return Outcome.RESTART;
        }
        if (rax == ERESTART_RESTARTBLOCK) {
            restart(r, NR_RESTART_SYSCALL);
            return Outcome.RESTART_BLOCK;
        }
        return Outcome.NONE;
    }

    private static void restart(Registers r, long nr) {
        r.rax = nr;
        r.rip -= SYSCALL_INSN_LEN;
    }
}
