package dev.umk.sched.signal;

/**
 * sigaction(2) sa_flags bits for x86-64 (asm-generic/signal-defs.h, asm/signal.h) and the
 * set the kernel keeps: do_sigaction masks unknown bits away so a program probing with
 * SA_UNSUPPORTED learns they are not supported.
 */
public final class SaFlags {
    private SaFlags() {}

    public static final long SA_NOCLDSTOP = 0x00000001L;
    public static final long SA_NOCLDWAIT = 0x00000002L;
    public static final long SA_SIGINFO = 0x00000004L;
    public static final long SA_UNSUPPORTED = 0x00000400L;
    public static final long SA_EXPOSE_TAGBITS = 0x00000800L;
    public static final long SA_RESTORER = 0x04000000L;
    public static final long SA_ONSTACK = 0x08000000L;
    public static final long SA_RESTART = 0x10000000L;
    public static final long SA_NODEFER = 0x40000000L;
    public static final long SA_RESETHAND = 0x80000000L;

    /** The bits Linux stores and reports back (UAPI_SA_FLAGS, with SA_RESTORER on x86). */
    public static final long UAPI = SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_ONSTACK
            | SA_RESTART | SA_NODEFER | SA_RESETHAND | SA_EXPOSE_TAGBITS | SA_RESTORER;

    public static boolean has(long flags, long bit) {
        return (flags & bit) != 0;
    }
}
