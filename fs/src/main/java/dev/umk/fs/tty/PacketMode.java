package dev.umk.fs.tty;

/**
 * TIOCPKT for one pty pair (Linux's ctrl.packet and ctrl.pktstatus): whether the master
 * reads in packet mode, and the slave's status changes (flushes, output stopped or
 * started, flow control switched) the master has not read yet. Guarded by this object's
 * monitor, a leaf lock.
 */
final class PacketMode {
    private boolean enabled;
    private int status;

    /** TIOCPKT: turning it on forgets old status changes. */
    synchronized void enable(boolean on) {
        if (on && !enabled) status = 0;
        enabled = on;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** Records a change; false when the master is not in packet mode (nothing to tell it). */
    synchronized boolean report(int set, int clear) {
        if (!enabled) return false;
        status = (status & ~clear) | set;
        return true;
    }

    synchronized int peek() {
        return status;
    }

    synchronized int take() {
        int s = status;
        status = 0;
        return s;
    }

    synchronized void reset() {
        enabled = false;
        status = 0;
    }
}
