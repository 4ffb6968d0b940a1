package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;

/**
 * The access check Linux makes before showing another process's memory map, environment or
 * open files (ptrace_may_access with PTRACE_MODE_READ_FSCREDS): a task may always look at
 * its own process; otherwise its fsuid and fsgid must match all of the target's real,
 * effective and saved ids, or it must hold CAP_SYS_PTRACE. Kernel-internal readers (no
 * calling task) may look at anything.
 */
final class ProcAccess {
    private static final int CAP_SYS_PTRACE = 19;

    private ProcAccess() {}

    static boolean mayRead(ProcessInfo procs, TaskInfo target) {
        TaskInfo me;
        try {
            me = procs.current();
        } catch (ErrnoException kernelThread) {
            return true;
        }
        if (me.tgid() == target.tgid()) return true;
        Credentials c = me.cred();
        Credentials t = target.cred();
        if (c.capable(CAP_SYS_PTRACE)) return true;
        return c.fsuid() == t.ruid() && c.fsuid() == t.euid() && c.fsuid() == t.suid()
                && c.fsgid() == t.rgid() && c.fsgid() == t.egid() && c.fsgid() == t.sgid();
    }

    /** EACCES unless {@link #mayRead}. */
    static void checkRead(ProcessInfo procs, TaskInfo target) {
        if (!mayRead(procs, target)) throw new ErrnoException(Errno.EACCES);
    }
}
