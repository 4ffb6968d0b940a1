package dev.umk.sched;

import dev.umk.core.kernel.Credentials;
import dev.umk.fs.tty.Tty;
import dev.umk.fs.tty.TtyJobControl;
import dev.umk.fs.tty.TtySignals;
import dev.umk.sched.signal.SigInfo;
import java.util.List;

/**
 * What terminals need from the process model (drivers/tty/tty_jobctrl.c): who the caller
 * is, its session and controlling terminal, and signals to process groups and sessions.
 * Answers for the task running on the calling Java thread; callers with none (boot) are
 * treated as outside any session.
 */
public final class TerminalControl implements TtyJobControl, TtySignals {
    private final Kernel kernel;

    public TerminalControl(Kernel kernel) {
        this.kernel = kernel;
    }

    private static ThreadGroup me() {
        Task t = ProcessInfoSource.currentTask();
        return t == null ? null : t.group();
    }

    @Override public int pgrp() { ThreadGroup g = me(); return g == null ? 0 : g.pgid(); }
    @Override public int session() { ThreadGroup g = me(); return g == null ? 0 : g.sid(); }

    @Override
    public boolean isSessionLeader() {
        ThreadGroup g = me();
        return g != null && g.sid() == g.pid();
    }

    @Override public Tty controllingTty() { ThreadGroup g = me(); return g == null ? null : g.ctty(); }

    @Override
    public void setControllingTty(Tty tty) {
        ThreadGroup g = me();
        if (g != null) g.setCtty(tty);
    }

    @Override
    public void clearSessionTty(int sid) {
        for (ThreadGroup g : kernel.tree().session(sid)) g.setCtty(null);
    }

    @Override
    public int sessionOfPgrp(int pgrp) {
        List<ThreadGroup> members = kernel.tree().processGroup(pgrp);
        return members.isEmpty() ? 0 : members.get(0).sid();
    }

    @Override
    public boolean isIgnoredOrBlocked(int sig) {
        Task t = ProcessInfoSource.currentTask();
        if (t == null) return false;
        return (t.signals().blocked() & Signals.bit(sig)) != 0
                || t.group().action(sig).handler() == SigAction.SIG_IGN;
    }

    @Override
    public boolean isOrphanedPgrp() {
        ThreadGroup g = me();
        return g == null || kernel.tree().isOrphanedPgrp(g);
    }

    @Override
    public boolean capable(int cap) {
        ThreadGroup g = me();
        Credentials c = g == null ? Credentials.root() : g.cred();
        return c.capable(cap);
    }

    /** kill_pgrp: the terminal's signal characters, SIGWINCH, SIGTTIN/SIGTTOU. */
    @Override
    public void signalGroup(int pgrp, int sig) {
        for (ThreadGroup g : kernel.tree().processGroup(pgrp)) {
            g.signals().sendToProcess(SigInfo.kernel(sig), null, false);
        }
    }

    /** The terminal hung up: the session loses it; its leader gets SIGHUP and SIGCONT. */
    @Override
    public void hangupSession(Tty tty, int sid) {
        clearSessionTty(sid);
        ThreadGroup leader = kernel.tree().get(sid);
        if (leader != null) {
            leader.signals().sendToProcess(SigInfo.kernel(Signals.SIGHUP), null, false);
            leader.signals().sendToProcess(SigInfo.kernel(Signals.SIGCONT), null, false);
        }
    }
}
