package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.lock.Locks;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * A process's file descriptor table (Linux {@code struct files_struct}): fd numbers to
 * open file descriptions plus the close-on-exec flag of each fd. New fds take the lowest
 * free number; every allocation is bounded by the caller's RLIMIT_NOFILE. Threads share
 * their group's table; processes created with CLONE_FILES share one too ({@link #share}),
 * and the last of them to {@link #release} it closes the files; fork copies it ({@link #fork}).
 *
 * <p>Files are {@link OpenFile#put released} after the table's lock is dropped, because a
 * release may do real work (wake pipe readers, free a tmpfs file).
 */
public final class FdTable {
    /** fs.nr_open: the hard ceiling on fd numbers. */
    public static final int NR_OPEN = 1 << 20;

    // Guarded by this.
    private OpenFile[] files = new OpenFile[64];
    private final BitSet cloexec = new BitSet();
    private int lowestFree;
    /** Processes using this table. */
    private int users = 1;

    /** Installs {@code f} (the table takes over the caller's reference) at the lowest free fd. */
    public int install(OpenFile f, boolean closeOnExec, long rlimitNofile) {
        return installFrom(f, 0, closeOnExec, rlimitNofile);
    }

    /** Like {@link #install} but at the lowest free fd not below {@code minFd} (F_DUPFD). */
    public synchronized int installFrom(OpenFile f, int minFd, boolean closeOnExec, long rlimitNofile) {
        int limit = (int) Math.min(rlimitNofile, NR_OPEN);
        int fd = Math.max(minFd, lowestFree);
        while (fd < files.length && files[fd] != null) fd++;
        if (fd >= limit) throw new ErrnoException(Errno.EMFILE);
        put(fd, f, closeOnExec);
        return fd;
    }

    /** The file at {@code fd}; EBADF when none or when it is an O_PATH file (fdget). */
    public OpenFile get(int fd) {
        OpenFile f = getRaw(fd);
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        return f;
    }

    /** The file at {@code fd}, O_PATH files included (fdget_raw); EBADF when none. */
    public synchronized OpenFile getRaw(int fd) {
        if (fd < 0 || fd >= files.length || files[fd] == null) throw new ErrnoException(Errno.EBADF);
        return files[fd];
    }

    /** Like {@link #getRaw} but takes a reference the caller must put, so a concurrent close cannot release it mid-use. */
    public synchronized OpenFile acquire(int fd) {
        return getRaw(fd).get();
    }

    /** close(2). */
    public void close(int fd) {
        OpenFile f;
        synchronized (this) {
            f = getRaw(fd);
            remove(fd);
        }
        drop(f);
    }

    /** filp_close: this table's POSIX locks on the file go, then the reference. */
    private void drop(OpenFile f) {
        Locks.closed(f, this);
        f.put();
    }

    /** dup(2). */
    public int dup(int oldFd, long rlimitNofile) {
        return dupFrom(oldFd, 0, false, rlimitNofile);
    }

    /** F_DUPFD / F_DUPFD_CLOEXEC: EINVAL when {@code minFd} is negative or at/over the limit. */
    public synchronized int dupFrom(int oldFd, int minFd, boolean closeOnExec, long rlimitNofile) {
        if (minFd < 0 || minFd >= Math.min(rlimitNofile, NR_OPEN)) throw new ErrnoException(Errno.EINVAL);
        OpenFile f = getRaw(oldFd);
        f.get();
        try {
            return installFrom(f, minFd, closeOnExec, rlimitNofile);
        } catch (ErrnoException e) {
            f.put();
            throw e;
        }
    }

    /** dup2(2): same fd is a no-op once {@code oldFd} is known valid. */
    public int dup2(int oldFd, int newFd, long rlimitNofile) {
        synchronized (this) {
            getRaw(oldFd);
            if (oldFd == newFd) return newFd;
        }
        return dup3(oldFd, newFd, 0, rlimitNofile);
    }

    /** dup3(2): flags may only be O_CLOEXEC; EINVAL when the fds are equal. */
    public int dup3(int oldFd, int newFd, int flags, long rlimitNofile) {
        if ((flags & ~O_CLOEXEC) != 0 || oldFd == newFd) throw new ErrnoException(Errno.EINVAL);
        OpenFile replaced;
        synchronized (this) {
            if (newFd < 0 || newFd >= Math.min(rlimitNofile, NR_OPEN)) throw new ErrnoException(Errno.EBADF);
            OpenFile f = getRaw(oldFd).get();
            replaced = newFd < files.length ? files[newFd] : null;
            if (replaced != null) remove(newFd);
            put(newFd, f, (flags & O_CLOEXEC) != 0);
        }
        if (replaced != null) drop(replaced);
        return newFd;
    }

    /** Puts {@code f} at exactly {@code fd} (replacing what is there), for SCM_RIGHTS-style installs. */
    public void installAt(int fd, OpenFile f, boolean closeOnExec, long rlimitNofile) {
        OpenFile replaced;
        synchronized (this) {
            if (fd < 0 || fd >= Math.min(rlimitNofile, NR_OPEN)) throw new ErrnoException(Errno.EBADF);
            replaced = fd < files.length ? files[fd] : null;
            if (replaced != null) remove(fd);
            put(fd, f, closeOnExec);
        }
        if (replaced != null) drop(replaced);
    }

    /** F_GETFD. */
    public synchronized int getFdFlags(int fd) {
        getRaw(fd);
        return cloexec.get(fd) ? FD_CLOEXEC : 0;
    }

    /** F_SETFD. */
    public synchronized void setFdFlags(int fd, int fdFlags) {
        getRaw(fd);
        cloexec.set(fd, (fdFlags & FD_CLOEXEC) != 0);
    }

    /** close_range(2) over [first, last]; CLOSE_RANGE_CLOEXEC marks instead of closing. */
    public void closeRange(int first, int last, int flags) {
        if ((flags & ~(CLOSE_RANGE_CLOEXEC | CLOSE_RANGE_UNSHARE)) != 0 || Integer.compareUnsigned(first, last) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            int end = (int) Math.min(Integer.toUnsignedLong(last), files.length - 1);
            for (int fd = first; fd >= 0 && fd <= end; fd++) {
                if (files[fd] == null) continue;
                if ((flags & CLOSE_RANGE_CLOEXEC) != 0) {
                    cloexec.set(fd);
                } else {
                    closed.add(files[fd]);
                    remove(fd);
                }
            }
        }
        for (OpenFile f : closed) drop(f);
    }

    /** On execve: closes every close-on-exec fd. */
    public void closeOnExec() {
        List<OpenFile> closed = new ArrayList<>();
        synchronized (this) {
            for (int fd = cloexec.nextSetBit(0); fd >= 0; fd = cloexec.nextSetBit(fd + 1)) {
                if (fd < files.length && files[fd] != null) {
                    closed.add(files[fd]);
                    remove(fd);
                }
            }
            cloexec.clear();
        }
        for (OpenFile f : closed) drop(f);
    }

    /** A copy for fork: same open file descriptions (each gets a reference), same flags. */
    public synchronized FdTable fork() {
        FdTable t = new FdTable();
        t.files = Arrays.copyOf(files, files.length);
        for (OpenFile f : t.files) if (f != null) f.get();
        t.cloexec.or(cloexec);
        t.lowestFree = lowestFree;
        return t;
    }

    /** One more process uses this table (clone with CLONE_FILES); pairs with {@link #release}. */
    public synchronized FdTable share() {
        users++;
        return this;
    }

    /** True when another process uses this table too (execve then takes a private copy). */
    public synchronized boolean shared() {
        return users > 1;
    }

    /** A process stops using this table (exit_files): the last one closes everything. */
    public void release() {
        synchronized (this) {
            if (users <= 0) throw new IllegalStateException("fd table released twice");
            if (--users > 0) return;
        }
        closeAll();
    }

    /** Closes everything. */
    public void closeAll() {
        closeRange(0, Integer.MAX_VALUE, 0);
    }

    /** Open fd numbers in ascending order (for /proc/PID/fd). */
    public synchronized int[] openFds() {
        return java.util.stream.IntStream.range(0, files.length).filter(i -> files[i] != null).toArray();
    }

    public synchronized int count() {
        int n = 0;
        for (OpenFile f : files) if (f != null) n++;
        return n;
    }

    private void put(int fd, OpenFile f, boolean closeOnExec) {
        if (fd >= files.length) {
            int n = files.length;
            while (n <= fd) n *= 2;
            files = Arrays.copyOf(files, Math.min(n, NR_OPEN));
        }
        files[fd] = f;
        cloexec.set(fd, closeOnExec);
        if (fd == lowestFree) {
            while (lowestFree < files.length && files[lowestFree] != null) lowestFree++;
        }
    }

    private void remove(int fd) {
        files[fd] = null;
        cloexec.clear(fd);
        if (fd < lowestFree) lowestFree = fd;
    }
}
