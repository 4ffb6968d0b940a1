package dev.umk.fs.lock;

/**
 * One held byte-range lock (Linux {@code struct file_lock} of a POSIX or OFD lock): the
 * owner, the pid reported by F_GETLK, the type (F_RDLCK or F_WRLCK) and the inclusive range
 * [start, end], where end {@link #TO_EOF} means "to the end of the file, however it grows".
 */
public record RecordLock(Object owner, int pid, boolean ofd, int type, long start, long end) {
    public static final long TO_EOF = Long.MAX_VALUE;

    boolean overlaps(long s, long e) {
        return start <= e && s <= end;
    }

    /** The l_len F_GETLK reports: 0 for a lock that runs to end of file. */
    public long length() {
        return end == TO_EOF ? 0 : end - start + 1;
    }

    RecordLock withRange(long s, long e) {
        return new RecordLock(owner, pid, ofd, type, s, e);
    }
}
