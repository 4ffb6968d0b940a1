package dev.umk.fs.lock;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.WaitQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The advisory locks on one inode (Linux's file_lock_context): flock locks and POSIX/OFD
 * record locks, with Linux's conflict, split/merge, wait and deadlock rules. Waiters sleep
 * on {@link #queue} through the caller's Blocker and retry when a lock is released.
 *
 * <p>Guarded by this object's monitor; {@link #WAITING} (who waits for whom, for deadlock
 * detection) is read without it.
 */
final class InodeLocks {
    /** For EDEADLK: the lock each blocked POSIX owner waits on. */
    private static final Map<Object, FileLock> WAITING = new ConcurrentHashMap<>();
    /** Linux's MAX_DEADLK_ITERATIONS. */
    private static final int MAX_DEADLOCK_STEPS = 10;

    private final List<FileLock> locks = new ArrayList<>();
    private final WaitQueue queue = new WaitQueue();

    // ---- flock

    void flock(Object owner, int type, boolean wait, Blocker blocker) {
        FileLock want = new FileLock(FileLock.Kind.FLOCK, owner, type, 0, Long.MAX_VALUE, 0);
        synchronized (this) {
            FileLock mine = find(FileLock.Kind.FLOCK, owner);
            if (mine != null && mine.type() == type) return;
            if (mine != null) locks.remove(mine);
        }
        queue.wake(0);
        if (type == F_UNLCK) return;
        while (true) {
            synchronized (this) {
                if (conflict(want) == null) {
                    locks.add(want);
                    return;
                }
                if (!wait) throw new ErrnoException(Errno.EWOULDBLOCK);
            }
            blocker.await(queue, 0, () -> noConflict(want));
        }
    }

    // ---- record locks

    /** F_GETLK: the first lock that would block {@code want}, or null. */
    synchronized FileLock test(FileLock want) {
        return conflict(want);
    }

    /** F_SETLK / F_SETLKW (and the OFD forms); F_UNLCK releases the range. */
    void set(FileLock want, boolean wait, Blocker blocker) {
        if (want.type() == F_UNLCK) {
            synchronized (this) {
                replaceRange(want.kind(), want.owner(), want.start(), want.end(), null);
            }
            queue.wake(0);
            return;
        }
        while (true) {
            FileLock blocking;
            synchronized (this) {
                blocking = conflict(want);
                if (blocking == null) {
                    replaceRange(want.kind(), want.owner(), want.start(), want.end(), want);
                    break;
                }
                if (!wait) throw new ErrnoException(Errno.EAGAIN);
                if (want.kind() == FileLock.Kind.POSIX && wouldDeadlock(want.owner(), blocking)) {
                    throw new ErrnoException(Errno.EDEADLK);
                }
                if (want.kind() == FileLock.Kind.POSIX) WAITING.put(want.owner(), blocking);
            }
            try {
                blocker.await(queue, 0, () -> noConflict(want));
            } finally {
                WAITING.remove(want.owner());
            }
        }
        queue.wake(0);
    }

    /** Drops every lock of {@code owner} of the given kinds (close, last put). */
    void releaseAll(Object owner, boolean record, boolean flock) {
        boolean changed;
        synchronized (this) {
            changed = locks.removeIf(l -> l.owner() == owner && (l.recordLock() ? record : flock));
        }
        if (changed) queue.wake(0);
    }

    synchronized boolean isEmpty() {
        return locks.isEmpty();
    }

    private synchronized boolean noConflict(FileLock want) {
        return conflict(want) == null;
    }

    private FileLock find(FileLock.Kind kind, Object owner) {
        for (FileLock l : locks) if (l.kind() == kind && l.owner() == owner) return l;
        return null;
    }

    private FileLock conflict(FileLock want) {
        for (FileLock l : locks) {
            if (l.recordLock() != want.recordLock() || l.owner() == want.owner()) continue;
            if (!l.overlaps(want.start(), want.end())) continue;
            if (l.type() == F_WRLCK || want.type() == F_WRLCK) return l;
        }
        return null;
    }

    /** Posix deadlock detection: does the holder of {@code blocking} (transitively) wait for {@code me}? */
    private static boolean wouldDeadlock(Object me, FileLock blocking) {
        FileLock b = blocking;
        for (int i = 0; i < MAX_DEADLOCK_STEPS && b != null && b.kind() == FileLock.Kind.POSIX; i++) {
            if (b.owner() == me) return true;
            b = WAITING.get(b.owner());
        }
        return false;
    }

    /**
     * Replaces {@code owner}'s locks over [start, end] with {@code add} (or nothing),
     * keeping the parts outside the range and merging {@code add} with adjacent locks of
     * the same type, as posix_lock_inode does.
     */
    private void replaceRange(FileLock.Kind kind, Object owner, long start, long end, FileLock add) {
        List<FileLock> out = new ArrayList<>();
        long s = start, e = end;
        for (FileLock l : locks) {
            boolean mine = l.owner() == owner && l.kind() == kind;
            if (!mine) {
                out.add(l);
                continue;
            }
            boolean adjacent = add != null && l.type() == add.type()
                    && (l.overlaps(s, e) || (e != Long.MAX_VALUE && l.start() == e + 1) || (l.end() != Long.MAX_VALUE && l.end() + 1 == s));
            if (adjacent) {
                s = Math.min(s, l.start());
                e = Math.max(e, l.end());
                continue;
            }
            if (!l.overlaps(start, end)) {
                out.add(l);
                continue;
            }
            if (l.start() < start) out.add(l.withRange(l.start(), start - 1));
            if (l.end() > end) out.add(l.withRange(end + 1, l.end()));
        }
        if (add != null) out.add(add.withRange(s, e));
        locks.clear();
        locks.addAll(out);
    }
}
