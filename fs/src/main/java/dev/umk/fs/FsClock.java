package dev.umk.fs;

import dev.umk.core.kernel.Timespec;
import java.time.Instant;

/**
 * Where filesystems read the current time for timestamps. The kernel wires in its own
 * clock; tests use a fixed or stepping one.
 */
@FunctionalInterface
public interface FsClock {
    Timespec now();

    /** The host's real-time clock. */
    FsClock SYSTEM = () -> {
        Instant i = Instant.now();
        return new Timespec(i.getEpochSecond(), i.getNano());
    };
}
