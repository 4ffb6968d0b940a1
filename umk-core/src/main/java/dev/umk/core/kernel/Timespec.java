package dev.umk.core.kernel;

/**
 * A file timestamp: seconds and nanoseconds since the epoch, as Linux stores it. Kept as
 * two fields rather than one long of nanoseconds because utimensat(2) accepts any 64-bit
 * second count.
 */
public record Timespec(long sec, long nsec) implements Comparable<Timespec> {
    public static final Timespec ZERO = new Timespec(0, 0);

    public Timespec {
        if (nsec < 0 || nsec >= 1_000_000_000L) throw new IllegalArgumentException("nsec " + nsec);
    }

    public static Timespec ofNanos(long nanos) {
        return new Timespec(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }

    @Override
    public int compareTo(Timespec o) {
        int c = Long.compare(sec, o.sec);
        return c != 0 ? c : Long.compare(nsec, o.nsec);
    }
}
