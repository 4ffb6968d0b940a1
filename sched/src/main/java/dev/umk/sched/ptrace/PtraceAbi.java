package dev.umk.sched.ptrace;

/** ptrace(2)'s numbers from the Linux x86-64 uapi (linux/ptrace.h, asm/ptrace-abi.h). */
public final class PtraceAbi {
    private PtraceAbi() {}

    // Requests.
    public static final int TRACEME = 0, PEEKTEXT = 1, PEEKDATA = 2, PEEKUSR = 3, POKETEXT = 4, POKEDATA = 5,
            POKEUSR = 6, CONT = 7, KILL = 8, SINGLESTEP = 9, GETREGS = 12, SETREGS = 13, GETFPREGS = 14,
            SETFPREGS = 15, ATTACH = 16, DETACH = 17, GETFPXREGS = 18, SETFPXREGS = 19, SYSCALL = 24,
            ARCH_PRCTL = 30, SYSEMU = 31, SYSEMU_SINGLESTEP = 32;
    public static final int SETOPTIONS = 0x4200, GETEVENTMSG = 0x4201, GETSIGINFO = 0x4202,
            SETSIGINFO = 0x4203, GETREGSET = 0x4204, SETREGSET = 0x4205, SEIZE = 0x4206, INTERRUPT = 0x4207,
            LISTEN = 0x4208, PEEKSIGINFO = 0x4209, GETSIGMASK = 0x420a, SETSIGMASK = 0x420b,
            SECCOMP_GET_FILTER = 0x420c, SECCOMP_GET_METADATA = 0x420d, GET_SYSCALL_INFO = 0x420e;

    // Events (status >> 16).
    public static final int EVENT_FORK = 1, EVENT_VFORK = 2, EVENT_CLONE = 3, EVENT_EXEC = 4,
            EVENT_VFORK_DONE = 5, EVENT_EXIT = 6, EVENT_SECCOMP = 7, EVENT_STOP = 128;

    // Options.
    public static final int O_TRACESYSGOOD = 1, O_TRACEFORK = 1 << EVENT_FORK, O_TRACEVFORK = 1 << EVENT_VFORK,
            O_TRACECLONE = 1 << EVENT_CLONE, O_TRACEEXEC = 1 << EVENT_EXEC,
            O_TRACEVFORKDONE = 1 << EVENT_VFORK_DONE, O_TRACEEXIT = 1 << EVENT_EXIT,
            O_TRACESECCOMP = 1 << EVENT_SECCOMP, O_EXITKILL = 1 << 20, O_SUSPEND_SECCOMP = 1 << 21;
    /** PTRACE_O_MASK: every option a tracer may set. */
    public static final int O_MASK = 0x000000ff | O_EXITKILL | O_SUSPEND_SECCOMP;

    // PTRACE_GET_SYSCALL_INFO ops.
    public static final int SYSCALL_INFO_NONE = 0, SYSCALL_INFO_ENTRY = 1, SYSCALL_INFO_EXIT = 2,
            SYSCALL_INFO_SECCOMP = 3;

    // Regset note types.
    public static final int NT_PRSTATUS = 1, NT_PRFPREG = 2, NT_X86_XSTATE = 0x202;

    /** AUDIT_ARCH_X86_64. */
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;

    /** The wait status of a ptrace stop reporting {@code code} (WIFSTOPPED, WSTOPSIG = code & 0xff). */
    public static int stoppedStatus(int code) {
        return (code << 8) | 0x7f;
    }
}
