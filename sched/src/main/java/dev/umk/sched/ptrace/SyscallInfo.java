package dev.umk.sched.ptrace;

import dev.umk.core.hw.Registers;
import dev.umk.sched.Signals;
import dev.umk.sched.signal.SigInfo;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * PTRACE_GET_SYSCALL_INFO's {@code struct ptrace_syscall_info} (kernel/ptrace.c
 * ptrace_get_syscall_info): which stop the tracee is in, decided as Linux does from the
 * stop's siginfo (SIGTRAP|0x80, so only with PTRACE_O_TRACESYSGOOD), and the registers.
 */
public final class SyscallInfo {
    private SyscallInfo() {}

    /** Bytes of each op's record as Linux counts them (offsetofend of its last field). */
    public static final int NONE_SIZE = 24, ENTRY_SIZE = 80, EXIT_SIZE = 33, SECCOMP_SIZE = 84;

    /** The op for a stop with siginfo {@code info} (null: none) and syscall message {@code op}. */
    public static int op(SigInfo info, int syscallOp) {
        if (info == null) return PtraceAbi.SYSCALL_INFO_NONE;
        if (info.code() == (Signals.SIGTRAP | 0x80)) return syscallOp;
        if (info.code() == (Signals.SIGTRAP | (PtraceAbi.EVENT_SECCOMP << 8))) return PtraceAbi.SYSCALL_INFO_SECCOMP;
        return PtraceAbi.SYSCALL_INFO_NONE;
    }

    /** The record for {@code op}; its length is what the request returns. */
    public static byte[] encode(int op, Registers r) {
        int size = switch (op) {
            case PtraceAbi.SYSCALL_INFO_ENTRY -> ENTRY_SIZE;
            case PtraceAbi.SYSCALL_INFO_EXIT -> EXIT_SIZE;
            case PtraceAbi.SYSCALL_INFO_SECCOMP -> SECCOMP_SIZE;
            default -> NONE_SIZE;
        };
        ByteBuffer b = ByteBuffer.allocate(88).order(ByteOrder.LITTLE_ENDIAN);
        b.put(0, (byte) op);
        b.putInt(4, PtraceAbi.AUDIT_ARCH_X86_64);
        b.putLong(8, r.rip);
        b.putLong(16, r.rsp);
        if (op == PtraceAbi.SYSCALL_INFO_ENTRY || op == PtraceAbi.SYSCALL_INFO_SECCOMP) {
            b.putLong(24, r.origRax);
            for (int i = 0; i < 6; i++) b.putLong(32 + 8 * i, r.arg(i));
        } else if (op == PtraceAbi.SYSCALL_INFO_EXIT) {
            b.putLong(24, r.rax);
            b.put(32, (byte) (Long.compareUnsigned(r.rax, -4095L) >= 0 ? 1 : 0));
        }
        byte[] out = new byte[size];
        b.get(0, out);
        return out;
    }
}
