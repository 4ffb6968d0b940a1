package dev.umk.fs.lock;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.WaitQueue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The kernel's advisory locks (fs/locks.c), for every filesystem alike: POSIX record locks
 * owned by an fd table and released by any close of the file by that table; OFD locks and
 * flock locks owned by an open file description and released with it. Files are told apart
 * by (st_dev, st_ino), so two inode objects of one host file share their locks.
 *
 * <p>All state is guarded by this object's monitor; waiters sleep outside it on one queue
 * that every unlock wakes (locks are rare, so precise wake-ups are not worth their cost).
 * A lock whose owning open file was released without an unlock (the last reference was an
 * mmap) is dropped the next time someone looks.
 */
public final class FileLocks {
    public static final int LOCK_SH = 1;
    public static final int LOCK_EX = 2;
    public static final int LOCK_NB = 4;
    public static final int LOCK_UN = 8;

    private record Key(long dev, long ino) {
        static Key of(Inode i) {
            return new Key(i.sb().dev(), i.ino());
        }
    }

    /** The locks of one file. */
    private static final class FileState {
        final List<RecordLock> records = new ArrayList<>();
        /** flock holders: open file to LOCK_SH or LOCK_EX. */
        final Map<OpenFile, Integer> flocks = new HashMap<>();

        boolean isEmpty() {
            return records.isEmpty() && flocks.isEmpty();
        }
    }

    private final Map<Key, FileState> files = new HashMap<>();
    /** POSIX owners blocked in F_SETLKW, and the owner each waits for (deadlock detection). */
    private final Map<Object, Object> waitsFor = new HashMap<>();
    private final WaitQueue queue = new WaitQueue();

    // ---- record locks

    /**
     * F_GETLK / F_OFD_GETLK: the first lock that would block a lock of {@code type} over
     * [start, end] by {@code owner}, or null when none would.
     */
    public synchronized RecordLock test(Inode inode, Object owner, int type, long start, long end) {
        FileState s = files.get(Key.of(inode));
        return s == null ? null : conflict(s, owner, type, start, end);
    }

    /**
     * F_SETLK(W) / F_OFD_SETLK(W): sets, converts or (F_UNLCK) removes {@code owner}'s locks
     * over [start, end]. Without {@code wait} a conflict is EAGAIN; with it the caller sleeps
     * (EDEADLK when waiting would close a cycle of POSIX owners).
     */
    public void set(Inode inode, RecordLock lock, boolean wait, Blocker blocker) {
        Key key = Key.of(inode);
        while (true) {
            RecordLock blocking;
            synchronized (this) {
                FileState s = files.computeIfAbsent(key, k -> new FileState());
                blocking = lock.type() == F_UNLCK ? null : conflict(s, lock.owner(), lock.type(), lock.start(), lock.end());
                if (blocking == null) {
                    waitsFor.remove(lock.owner());
                    apply(s, lock);
                    if (s.isEmpty()) files.remove(key);
                    break;
                }
                if (!wait) throw new ErrnoException(Errno.EAGAIN);
                if (!lock.ofd() && !blocking.ofd() && wouldDeadlock(lock.owner(), blocking.owner())) {
                    throw new ErrnoException(Errno.EDEADLK);
                }
                if (!lock.ofd()) waitsFor.put(lock.owner(), blocking.owner());
            }
            try {
                blocker.await(queue, 0, () -> test(inode, lock.owner(), lock.type(), lock.start(), lock.end()) == null);
            } catch (ErrnoException e) {
                synchronized (this) {
                    waitsFor.remove(lock.owner());
                }
                throw e;
            }
        }
        queue.wake(0);
    }

    /** locks_remove_posix: {@code owner} closed a descriptor of this file. */
    public void releasePosix(Inode inode, Object owner) {
        boolean changed;
        synchronized (this) {
            Key key = Key.of(inode);
            FileState s = files.get(key);
            if (s == null) return;
            changed = s.records.removeIf(l -> l.owner() == owner);
            if (s.isEmpty()) files.remove(key);
        }
        if (changed) queue.wake(0);
    }

    /** locks_remove_file: the open file description is going away; its OFD and flock locks go too. */
    public void releaseFile(OpenFile f) {
        boolean changed;
        synchronized (this) {
            Key key = Key.of(f.inode());
            FileState s = files.get(key);
            if (s == null) return;
            changed = s.records.removeIf(l -> l.owner() == f);
            changed |= s.flocks.remove(f) != null;
            if (s.isEmpty()) files.remove(key);
        }
        if (changed) queue.wake(0);
    }

    private RecordLock conflict(FileState s, Object owner, int type, long start, long end) {
        purgeDead(s);
        for (RecordLock l : s.records) {
            if (l.owner() == owner || !l.overlaps(start, end)) continue;
            if (type == F_WRLCK || l.type() == F_WRLCK) return l;
        }
        return null;
    }

    /** Replaces owner's locks over [start, end] with the new one, splitting and merging as Linux does. */
    private static void apply(FileState s, RecordLock lock) {
        Object owner = lock.owner();
        long start = lock.start(), end = lock.end();
        List<RecordLock> kept = new ArrayList<>();
        for (Iterator<RecordLock> it = s.records.iterator(); it.hasNext(); ) {
            RecordLock l = it.next();
            if (l.owner() != owner) continue;
            boolean adjacent = l.type() == lock.type() && lock.type() != F_UNLCK
                    && (l.end() != RecordLock.TO_EOF && l.end() + 1 == start || end != RecordLock.TO_EOF && end + 1 == l.start());
            if (!l.overlaps(start, end) && !adjacent) continue;
            it.remove();
            if (l.type() == lock.type() && lock.type() != F_UNLCK) {
                start = Math.min(start, l.start());
                end = Math.max(end, l.end());
                continue;
            }
            if (l.start() < start) kept.add(l.withRange(l.start(), start - 1));
            if (l.end() > end) kept.add(l.withRange(end + 1, l.end()));
        }
        s.records.addAll(kept);
        if (lock.type() != F_UNLCK) s.records.add(lock.withRange(start, end));
    }

    private boolean wouldDeadlock(Object me, Object holder) {
        Object o = holder;
        for (int hops = 0; o != null && hops < 64; hops++) {
            if (o == me) return true;
            o = waitsFor.get(o);
        }
        return false;
    }

    // ---- flock

    /** flock(2) on an open file: LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB for EWOULDBLOCK instead of sleeping. */
    public void flock(OpenFile f, int op, Blocker blocker) {
        int kind = op & ~LOCK_NB;
        if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN) throw new ErrnoException(Errno.EINVAL);
        Key key = Key.of(f.inode());
        synchronized (this) {
            FileState s = files.get(key);
            // A conversion drops the old lock first, as Linux does (it is not atomic).
            if (s != null && s.flocks.remove(f) != null && s.isEmpty()) files.remove(key);
        }
        queue.wake(0);
        if (kind == LOCK_UN) return;
        while (true) {
            synchronized (this) {
                FileState s = files.computeIfAbsent(key, k -> new FileState());
                if (!flockBlocked(s, f, kind)) {
                    s.flocks.put(f, kind);
                    return;
                }
                if (s.isEmpty()) files.remove(key);
                if ((op & LOCK_NB) != 0) throw new ErrnoException(Errno.EAGAIN);
            }
            blocker.await(queue, 0, () -> {
                synchronized (this) {
                    FileState s = files.get(key);
                    return s == null || !flockBlocked(s, f, kind);
                }
            });
        }
    }

    private static boolean flockBlocked(FileState s, OpenFile f, int kind) {
        s.flocks.keySet().removeIf(o -> o.refCount() <= 0);
        for (Map.Entry<OpenFile, Integer> e : s.flocks.entrySet()) {
            if (e.getKey() == f) continue;
            if (kind == LOCK_EX || e.getValue() == LOCK_EX) return true;
        }
        return false;
    }

    private static void purgeDead(FileState s) {
        s.records.removeIf(l -> l.owner() instanceof OpenFile o && o.refCount() <= 0);
    }

    /** Locks currently held on a file (for /proc/locks and tests). */
    public synchronized List<RecordLock> records(Inode inode) {
        FileState s = files.get(Key.of(inode));
        return s == null ? List.of() : List.copyOf(s.records);
    }
}
