package dev.umk.sched.signal;

import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import java.util.function.BooleanSupplier;

/**
 * Signal delivery on a task's CPU state: what arch/x86 does on the way back to user mode
 * (arch_do_signal_or_restart, handle_signal) and in rt_sigreturn. It ties
 * {@link ProcessSignals#getSignal}, {@link SyscallRestart}, {@link SignalFrame} and
 * {@link FpuFrame} together; the kernel calls it from the task loop whenever
 * {@link TaskSignals#signalPending()} is set or a syscall returned an ERESTART* code.
 *
 * <pre>
 * Delivery d = delivery.deliver(ps, ts, regs, fpu, mem, orphanedPgrp);
 * switch (d.kind()) {
 *   case NONE, HANDLER -> run guest code
 *   case STOP          -> notify parent if d.cldCode() != 0; release vCPU; ps.awaitContinue(ts); deliver again
 *   case NOTIFY_PARENT -> SIGCHLD to the parent (ChildNotify.stopped); deliver again
 *   case EXIT          -> core dump if d.coreDump() and CoreDump.wanted(...); exit the group
 *   case THREAD_EXIT   -> exit this thread only (another one is exec'ing)
 * }
 * </pre>
 */
public final class SignalDelivery {
    private final FpuLayout layout;

    public SignalDelivery(FpuLayout layout) {
        this.layout = layout;
    }

    public FpuLayout layout() {
        return layout;
    }

    /**
     * Delivers what is pending for {@code t}: handlers get their frames (a frame that cannot
     * be written forces SIGSEGV and delivery goes on); without a handler an interrupted
     * syscall is set up to restart and a temporary mask is restored.
     *
     * @return NONE or HANDLER when the task may run guest code; otherwise what the caller
     *     must do (see the class comment)
     */
    public Delivery deliver(ProcessSignals ps, TaskSignals t, Registers regs, FpuAccess fpu,
            UserMemory mem, BooleanSupplier orphanedPgrp) {
        for (;;) {
            Delivery d = ps.getSignal(t, orphanedPgrp);
            switch (d.kind()) {
                case NONE:
                    SyscallRestart.withoutHandler(regs);
                    t.restoreSavedSigmask();
                    return d;
                case HANDLER:
                    if (handle(ps, t, d, regs, fpu, mem)) return d;
                    break;
                default:
                    return d;
            }
        }
    }

    /** handle_signal: true if the handler is set up to run, false if SIGSEGV was forced. */
    private boolean handle(ProcessSignals ps, TaskSignals t, Delivery d, Registers regs, FpuAccess fpu,
            UserMemory mem) {
        SyscallRestart.beforeHandler(regs, d.action().flags());
        byte[] image = new byte[layout.userSize()];
        fpu.readFpu(image);
        try {
            SignalFrame.Setup s = SignalFrame.setup(regs, image, layout, d.sig(), d.action(), d.info(),
                    t.sigmaskToSave(), t.altStack(), t.lastFault());
            mem.write(s.sp(), s.bytes(), 0, s.bytes().length);
            s.enterHandler(regs);
        } catch (ErrnoException e) {
            ps.forceSigsegv(t, d.sig());
            return false;
        }
        byte[] init = FpuFrame.initState(layout);
        fpu.writeFpu(init, init.length);
        ps.signalDelivered(t, d);
        return true;
    }

    /**
     * rt_sigreturn(2): restores registers, FPU state, mask and alternate stack from the
     * frame at regs.rsp - 8. A bad frame forces SIGSEGV. The caller must leave rax as
     * returned (the restored rax) and make a later restart_syscall return EINTR, as
     * restore_sigcontext resets the restart block.
     *
     * @return the value for rax
     */
    public long sigreturn(ProcessSignals ps, TaskSignals t, Registers regs, FpuAccess fpu, UserMemory mem) {
        SignalFrame.Restored r;
        try {
            r = SignalFrame.sigreturn(mem, regs, layout);
        } catch (ErrnoException e) {
            ps.forceSignal(t, SigInfo.kernel(Signals.SIGSEGV), false);
            return 0;
        }
        t.setBlocked(r.blocked());
        regs.copyFrom(r.regs());
        fpu.writeFpu(r.fpu(), r.fpu().length);
        t.restoreAltStack(r.savedAltStack(), regs.rsp);
        return regs.rax;
    }
}
