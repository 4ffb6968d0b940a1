package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.SigAction;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The x86-64 rt_sigframe, built and taken apart exactly as arch/x86/kernel/signal.c and
 * signal_64.c do: pure functions from registers, FPU image and signal to the bytes to write
 * on the guest stack, and back from guest memory for rt_sigreturn.
 *
 * <pre>
 * frame (rsp at handler entry, rsp+8 16-aligned)
 *   +0    pretcode         sa_restorer: the handler's return address
 *   +8    struct ucontext  uc_flags, uc_link, uc_stack, uc_mcontext (sigcontext), uc_sigmask
 *   +312  siginfo_t        (written only with SA_SIGINFO; zero otherwise)
 *   +440  ... gap up to the 64-aligned FPU area
 * fpstate  fxsave/xsave image (+ MAGIC2), then the red zone and the interrupted stack
 * </pre>
 */
public final class SignalFrame {
    private SignalFrame() {}

    // struct rt_sigframe
    public static final int PRETCODE = 0, UC = 8, INFO = 312, SIZE = 440;
    // struct ucontext (relative to UC)
    public static final int UC_FLAGS = 0, UC_LINK = 8, UC_STACK = 16, UC_MCONTEXT = 40,
            UC_SIGMASK = 296, UC_SIZE = 304;
    // stack_t (relative to UC_STACK)
    public static final int SS_SP = 0, SS_FLAGS = 8, SS_SIZE = 16;
    // struct sigcontext (relative to UC_MCONTEXT)
    public static final int SC_R8 = 0, SC_R9 = 8, SC_R10 = 16, SC_R11 = 24, SC_R12 = 32,
            SC_R13 = 40, SC_R14 = 48, SC_R15 = 56, SC_RDI = 64, SC_RSI = 72, SC_RBP = 80,
            SC_RBX = 88, SC_RDX = 96, SC_RAX = 104, SC_RCX = 112, SC_RSP = 120, SC_RIP = 128,
            SC_EFLAGS = 136, SC_CS = 144, SC_GS = 146, SC_FS = 148, SC_SS = 150, SC_ERR = 152,
            SC_TRAPNO = 160, SC_OLDMASK = 168, SC_CR2 = 176, SC_FPSTATE = 184, SC_RESERVED1 = 192,
            SC_SIZE = 256;

    public static final long UC_FP_XSTATE = 1, UC_SIGCONTEXT_SS = 2, UC_STRICT_RESTORE_SS = 4;
    /** Bytes below rsp the ABI lets leaf functions use without moving rsp. */
    public static final int RED_ZONE = 128;
    public static final long USER_CS = 0x33, USER_DS = 0x2b;
    public static final long EFLAGS_TF = 0x100, EFLAGS_DF = 0x400, EFLAGS_RF = 0x10000;
    /** The eflags bits sigreturn takes from the frame (FIX_EFLAGS): AC OF DF TF SF ZF AF PF CF RF. */
    public static final long FIX_EFLAGS = 0x40000 | 0x800 | 0x400 | 0x100 | 0x80 | 0x40 | 0x10
            | 0x4 | 0x1 | EFLAGS_RF;
    /** Highest user address + 1 (TASK_SIZE_MAX): frames must lie below it (access_ok). */
    public static final long TASK_SIZE_MAX = 0x00007ffffffff000L;

    /**
     * What setting up a handler produced: {@link #bytes} go to guest memory at {@link #sp};
     * {@link #enterHandler} then points the registers at the handler.
     *
     * @param sp the frame address: the handler's rsp
     * @param bytes the frame, the gap and the FPU area, contiguous from sp
     * @param fpstate where the FPU area starts (64-aligned)
     */
    public record Setup(long sp, byte[] bytes, long fpstate, int sig, long handler) {
        public long infoAddr() { return sp + INFO; }
        public long ucAddr() { return sp + UC; }

        /**
         * The register changes of setup_rt_frame and handle_signal: handler(sig, &info, &uc)
         * on the new stack in 64-bit mode, rax 0 for unprototyped handlers, and DF, RF and
         * TF cleared as a function entry expects. Call only once the bytes are written.
         */
        public void enterHandler(Registers r) {
            r.rdi = sig;
            r.rax = 0;
            r.rsi = infoAddr();
            r.rdx = ucAddr();
            r.rip = handler;
            r.rsp = sp;
            r.cs = USER_CS;
            if (r.ss != USER_DS) r.ss = USER_DS;
            r.eflags &= ~(EFLAGS_DF | EFLAGS_RF | EFLAGS_TF);
        }
    }

    /** What rt_sigreturn restores; the caller applies it to the task. */
    public record Restored(Registers regs, byte[] fpu, long blocked, SigAltStack savedAltStack) {}

    /**
     * Builds the frame for delivering {@code info} to handler {@code act} (x64_setup_rt_frame
     * with get_sigframe). {@code regs} are the interrupted registers after any syscall
     * restart adjustment; {@code fpu} the thread's FPU image in {@code layout}; {@code mask}
     * the mask to restore on return (sigmask_to_save); {@code alt} the thread's alternate
     * stack before SS_AUTODISARM takes effect.
     *
     * @throws ErrnoException EFAULT where Linux fails the setup (no SA_RESTORER; the frame
     *     would overflow the alternate stack): the caller forces SIGSEGV, as it does when
     *     writing the bytes faults
     */
    public static Setup setup(Registers regs, byte[] fpu, FpuLayout layout, int sig, SigAction act,
            SigInfo info, long mask, SigAltStack alt, FaultContext fault) {
        if (!SaFlags.has(act.flags(), SaFlags.SA_RESTORER)) throw new ErrnoException(Errno.EFAULT);
        boolean nested = alt.onStack(regs.rsp);
        boolean entering = false;
        long sp = regs.rsp - RED_ZONE;
        if (SaFlags.has(act.flags(), SaFlags.SA_ONSTACK) && alt.state(sp) == 0) {
            sp = alt.sp() + alt.size();
            entering = true;
        }
        long fpstate = (sp - layout.frameSize()) & ~63L;
        long frame = ((fpstate - SIZE) & ~15L) - 8;
        if ((nested || entering) && !alt.contains(frame)) throw new ErrnoException(Errno.EFAULT);

        byte[] out = new byte[(int) (fpstate - frame) + layout.frameSize()];
        ByteBuffer bb = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
        bb.putLong(PRETCODE, act.restorer());
        writeUcontext(bb, UC, regs, layout, mask, alt, fault, fpstate);
        if (SaFlags.has(act.flags(), SaFlags.SA_SIGINFO)) info.encodeTo(out, INFO);
        byte[] fp = FpuFrame.toSigframe(fpu, layout);
        System.arraycopy(fp, 0, out, (int) (fpstate - frame), fp.length);
        return new Setup(frame, out, fpstate, sig, act.handler());
    }

    private static void writeUcontext(ByteBuffer bb, int uc, Registers r, FpuLayout layout, long mask,
            SigAltStack alt, FaultContext fault, long fpstate) {
        long flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS | (layout.xsave() ? UC_FP_XSTATE : 0);
        bb.putLong(uc + UC_FLAGS, flags);
        bb.putLong(uc + UC_LINK, 0);
        bb.putLong(uc + UC_STACK + SS_SP, alt.sp());
        bb.putInt(uc + UC_STACK + SS_FLAGS, alt.flags());
        bb.putLong(uc + UC_STACK + SS_SIZE, alt.size());
        int sc = uc + UC_MCONTEXT;
        bb.putLong(sc + SC_R8, r.r8).putLong(sc + SC_R9, r.r9).putLong(sc + SC_R10, r.r10)
                .putLong(sc + SC_R11, r.r11).putLong(sc + SC_R12, r.r12).putLong(sc + SC_R13, r.r13)
                .putLong(sc + SC_R14, r.r14).putLong(sc + SC_R15, r.r15);
        bb.putLong(sc + SC_RDI, r.rdi).putLong(sc + SC_RSI, r.rsi).putLong(sc + SC_RBP, r.rbp)
                .putLong(sc + SC_RBX, r.rbx).putLong(sc + SC_RDX, r.rdx).putLong(sc + SC_RAX, r.rax)
                .putLong(sc + SC_RCX, r.rcx).putLong(sc + SC_RSP, r.rsp).putLong(sc + SC_RIP, r.rip)
                .putLong(sc + SC_EFLAGS, r.eflags);
        // fs and gs are saved as 0 on x86-64: the bases are not part of the signal context.
        bb.putShort(sc + SC_CS, (short) r.cs).putShort(sc + SC_GS, (short) 0)
                .putShort(sc + SC_FS, (short) 0).putShort(sc + SC_SS, (short) r.ss);
        bb.putLong(sc + SC_ERR, fault.err()).putLong(sc + SC_TRAPNO, fault.trapno())
                .putLong(sc + SC_OLDMASK, mask).putLong(sc + SC_CR2, fault.cr2())
                .putLong(sc + SC_FPSTATE, fpstate);
        bb.putLong(uc + UC_SIGMASK, mask);
    }

    /**
     * rt_sigreturn: reads the frame below {@code current.rsp} (the handler's ret popped
     * pretcode) and returns the registers, FPU state, mask (without SIGKILL/SIGSTOP) and
     * saved alternate stack to restore. Registers the frame does not hold (fs/gs bases, ds,
     * es, fs, gs) are kept from {@code current}; orig_rax becomes -1 so the restored context
     * is never treated as a syscall to restart. The syscall's return value is the restored
     * rax. Apply the alternate stack with {@link SigAltStack#restoreFrom}.
     *
     * @throws ErrnoException EFAULT for a bad frame (unreadable, beyond the user range, or an
     *     FPU state the CPU would reject): the caller forces SIGSEGV
     */
    public static Restored sigreturn(UserMemory mem, Registers current, FpuLayout layout) {
        long frame = current.rsp - 8;
        if (Long.compareUnsigned(frame, TASK_SIZE_MAX - SIZE) > 0) throw new ErrnoException(Errno.EFAULT);
        byte[] raw = new byte[SIZE];
        mem.read(frame, raw, 0, SIZE);
        ByteBuffer bb = ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
        long ucFlags = bb.getLong(UC + UC_FLAGS);
        long blocked = SigSet.sanitize(bb.getLong(UC + UC_SIGMASK));

        Registers r = new Registers();
        r.copyFrom(current);
        int sc = UC + UC_MCONTEXT;
        r.r8 = bb.getLong(sc + SC_R8); r.r9 = bb.getLong(sc + SC_R9);
        r.r10 = bb.getLong(sc + SC_R10); r.r11 = bb.getLong(sc + SC_R11);
        r.r12 = bb.getLong(sc + SC_R12); r.r13 = bb.getLong(sc + SC_R13);
        r.r14 = bb.getLong(sc + SC_R14); r.r15 = bb.getLong(sc + SC_R15);
        r.rdi = bb.getLong(sc + SC_RDI); r.rsi = bb.getLong(sc + SC_RSI);
        r.rbp = bb.getLong(sc + SC_RBP); r.rbx = bb.getLong(sc + SC_RBX);
        r.rdx = bb.getLong(sc + SC_RDX); r.rax = bb.getLong(sc + SC_RAX);
        r.rcx = bb.getLong(sc + SC_RCX); r.rsp = bb.getLong(sc + SC_RSP);
        r.rip = bb.getLong(sc + SC_RIP);
        r.cs = (bb.getShort(sc + SC_CS) & 0xffff) | 3;
        r.ss = (bb.getShort(sc + SC_SS) & 0xffff) | 3;
        r.eflags = (current.eflags & ~FIX_EFLAGS) | (bb.getLong(sc + SC_EFLAGS) & FIX_EFLAGS);
        r.origRax = -1;
        // Frames from old programs (no UC_STRICT_RESTORE_SS) may hold a stale ss: use the
        // flat one, the only data selector 64-bit user code has (force_valid_ss).
        if ((ucFlags & UC_STRICT_RESTORE_SS) == 0 && r.ss != USER_DS) r.ss = USER_DS;

        byte[] fpu = FpuFrame.fromSigframe(mem, bb.getLong(sc + SC_FPSTATE), layout);
        SigAltStack saved = new SigAltStack(bb.getLong(UC + UC_STACK + SS_SP),
                bb.getLong(UC + UC_STACK + SS_SIZE), bb.getInt(UC + UC_STACK + SS_FLAGS));
        return new Restored(r, fpu, blocked, saved);
    }

    /**
     * The most stack a frame can take on a fresh alternate stack, whatever the stack's
     * alignment (for AT_MINSIGSTKSZ, like Linux's max_frame_size): the FPU area and its
     * 64-byte alignment, the frame, its 16-byte alignment and the 8-byte call offset.
     */
    public static int maxSize(FpuLayout layout) {
        int worst = layout.frameSize() + 63 + SIZE + 15 + 8;
        return (worst + 15) & ~15;
    }
}
