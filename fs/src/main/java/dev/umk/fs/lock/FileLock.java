package dev.umk.fs.lock;

/**
 * One held lock. POSIX record locks belong to an fd table (Linux's fl_owner = files), OFD
 * locks and flock locks to an open file description. {@code end} is inclusive;
 * Long.MAX_VALUE means "to end of file, however far it grows".
 */
record FileLock(Kind kind, Object owner, int type, long start, long end, int pid) {
    enum Kind { POSIX, OFD, FLOCK }

    boolean overlaps(long s, long e) {
        return start <= e && s <= end;
    }

    /** POSIX and OFD locks share one space; flock locks are separate, as on Linux. */
    boolean recordLock() {
        return kind != Kind.FLOCK;
    }

    FileLock withRange(long s, long e) {
        return new FileLock(kind, owner, type, s, e, pid);
    }
}
