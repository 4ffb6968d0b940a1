package dev.umk.fs.tty;

import dev.umk.core.kernel.Credentials;

/**
 * The calling task as the tty layer needs to see it ({@code current} in Linux's
 * tty_jobctrl.c): its process group, session and controlling terminal, and the few
 * changes the tty makes to them. Implemented by the kernel (sched), which knows which
 * task runs on the calling thread; the tty layer keeps the job-control decisions
 * (SIGTTIN/SIGTTOU, TIOCSCTTY, TIOCSPGRP rules) to itself.
 */
public interface TtyJobControl {
    /** The caller's process group id. */
    int pgrp();

    /** The caller's session id. */
    int session();

    /** True when the caller's process is its session's leader (signal->leader). */
    boolean isSessionLeader();

    /** The controlling terminal of the caller's process (signal->tty), or null. */
    Tty controllingTty();

    /** Sets the caller's process's controlling terminal, or clears it with null (proc_set_tty / proc_clear_tty). */
    void setControllingTty(Tty tty);

    /** session_clear_tty: every process of session {@code sid} loses its controlling terminal. */
    void clearSessionTty(int sid);

    /** The session of process group {@code pgrp}, or 0 when no such group exists. */
    int sessionOfPgrp(int pgrp);

    /** True when the calling thread ignores or blocks {@code sig} (is_ignored in tty_jobctrl.c). */
    boolean isIgnoredOrBlocked(int sig);

    /** True when the caller's process group is orphaned (is_current_pgrp_orphaned). */
    boolean isOrphanedPgrp();

    /** capable(cap) for the caller; caps are Credentials.CAP_*. */
    boolean capable(int cap);

    /**
     * A caller that belongs to no session and has no controlling terminal (kernel threads,
     * tests): job-control checks never apply to it; it may do what root may.
     */
    TtyJobControl NONE = new TtyJobControl() {
        @Override public int pgrp() { return 0; }
        @Override public int session() { return 0; }
        @Override public boolean isSessionLeader() { return false; }
        @Override public Tty controllingTty() { return null; }
        @Override public void setControllingTty(Tty tty) {}
        @Override public void clearSessionTty(int sid) {}
        @Override public int sessionOfPgrp(int pgrp) { return 0; }
        @Override public boolean isIgnoredOrBlocked(int sig) { return false; }
        @Override public boolean isOrphanedPgrp() { return false; }
        @Override public boolean capable(int cap) { return cap >= 0 && cap <= Credentials.CAP_MAC_OVERRIDE; }
    };
}
