package dev.umk.fs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A {@link Blocker} that parks the calling Java thread. It is interrupted by Java thread
 * interruption or by a caller-supplied "signal pending" check (re-evaluated after every
 * wake-up; whoever raises the signal must {@link #kick} the sleeper). The scheduler may
 * supply its own Blocker; this one serves tests and kernel threads.
 */
public final class ParkingBlocker implements Blocker {
    private final BooleanSupplier signalPending;
    private volatile Thread sleeper;

    public ParkingBlocker() {
        this(() -> false);
    }

    public ParkingBlocker(BooleanSupplier signalPending) {
        this.signalPending = signalPending;
    }

    @Override
    public void await(WaitQueue queue, int events, BooleanSupplier ready) {
        if (ready.getAsBoolean()) return;
        Thread self = Thread.currentThread();
        WaitQueue.Entry e = queue.add(ev -> LockSupport.unpark(self), events);
        sleeper = self;
        try {
            while (!ready.getAsBoolean()) {
                if (Thread.interrupted() || signalPending.getAsBoolean()) {
                    throw new ErrnoException(Errno.ERESTARTSYS);
                }
                LockSupport.park(this);
            }
        } finally {
            sleeper = null;
            queue.remove(e);
        }
    }

    /** Wakes the sleeper so it re-checks its condition and the signal check. */
    public void kick() {
        Thread t = sleeper;
        if (t != null) LockSupport.unpark(t);
    }
}
