package dev.umk.sched;

/** One entry of a thread group's signal disposition table (struct kernel_sigaction). */
public record SigAction(long handler, long flags, long restorer, long mask) {
    public static final long SIG_DFL = 0;
    public static final long SIG_IGN = 1;
    public static final SigAction DEFAULT = new SigAction(SIG_DFL, 0, 0, 0);
}
