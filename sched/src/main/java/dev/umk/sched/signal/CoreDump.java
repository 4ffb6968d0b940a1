package dev.umk.sched.signal;

import dev.umk.sched.ExitStatus;

/**
 * Death by a signal whose default action dumps core (fs/coredump.c's policy): whether a
 * core file is attempted, and the wait status the group ends with. WCOREDUMP (0x80) is set
 * only when a core file was really written, so with the default RLIMIT_CORE of 0 a SIGSEGV
 * death reads "Segmentation fault", not "(core dumped)".
 */
public final class CoreDump {
    private CoreDump() {}

    /** binfmt_elf's min_coredump: a limit below one page writes nothing. */
    public static final long MIN_COREDUMP = 4096;

    /**
     * True if Linux would try to write a core file: a core-dumping signal, a dumpable
     * process (PR_SET_DUMPABLE, not a set-id exec) and RLIMIT_CORE of at least one page
     * (RLIM_INFINITY is -1).
     */
    public static boolean wanted(int sig, long rlimitCore, boolean dumpable) {
        return DefaultAction.of(sig) == DefaultAction.CORE && dumpable
                && Long.compareUnsigned(rlimitCore, MIN_COREDUMP) >= 0;
    }

    /** The wait status of a group killed by {@code sig}. */
    public static int waitStatus(int sig, boolean coreWritten) {
        return ExitStatus.killed(sig, coreWritten);
    }
}
