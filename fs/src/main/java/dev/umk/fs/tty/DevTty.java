package dev.umk.fs.tty;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.devfs.CharDevice;

/**
 * /dev/tty (5, 0): opening it opens the caller's controlling terminal, whichever that is
 * (Linux tty_open_current_tty); ENXIO for a process without one. Never changes which
 * terminal controls the session.
 */
public final class DevTty {
    private DevTty() {}

    public static CharDevice device(TtyJobControl jc) {
        return f -> {
            Tty t = jc.controllingTty();
            if (t == null) throw new ErrnoException(Errno.ENXIO);
            return t.open(f, true);
        };
    }
}
