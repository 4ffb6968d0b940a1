package dev.umk.fs.tty;

/**
 * How a terminal reaches the process model to send signals: ISIG characters (^C, ^\, ^Z),
 * window size changes, job-control stops and hangups. Implemented by the kernel (sched),
 * called from whatever thread fed the input (the console reader, a task writing to a pty
 * master) or is doing the ioctl. No line-discipline lock is held, but on a pty the caller
 * may hold the other end's output lock: implementations queue the signal and wake the
 * target, and never do tty I/O themselves.
 */
public interface TtySignals {
    int SIGHUP = 1;
    int SIGINT = 2;
    int SIGQUIT = 3;
    int SIGCONT = 18;
    int SIGTSTP = 20;
    int SIGTTIN = 21;
    int SIGTTOU = 22;
    int SIGWINCH = 28;

    /** Linux kill_pgrp(pgrp, sig, 1): sends {@code sig} to every process of group {@code pgrp} (> 0). */
    void signalGroup(int pgrp, int sig);

    /**
     * The hangup side of tty_signal_session_leader: every process of session {@code sid}
     * whose controlling terminal is {@code tty} loses it, and the session leader gets
     * SIGHUP then SIGCONT. The tty has already forgotten the session when this is called.
     */
    void hangupSession(Tty tty, int sid);

    /** For terminals outside any process model (tests, kernel-internal use): signals go nowhere. */
    TtySignals NONE = new TtySignals() {
        @Override
        public void signalGroup(int pgrp, int sig) {}

        @Override
        public void hangupSession(Tty tty, int sid) {}
    };
}
