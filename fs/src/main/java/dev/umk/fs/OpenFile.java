package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An open file description (Linux {@code struct file}): what open(2) creates and dup(2),
 * fork and SCM_RIGHTS share. Holds the path, status flags, position and the
 * {@link FileOperations}, and does the checks every read, write and seek needs (access
 * mode, O_PATH, position range, ESPIPE) so file operations never repeat them.
 *
 * <p>Reference counted: every fd, mapping or in-flight message holding it calls
 * {@link #get}; {@link #put} of the last reference releases the file.
 *
 * <p>Lock ordering: {@code posLock} (f_pos_lock, only for non-stream files), then the
 * file operation's own locks.
 */
public final class OpenFile {
    /** Largest single transfer, as Linux's MAX_RW_COUNT. */
    public static final int MAX_RW_COUNT = Integer.MAX_VALUE & ~4095;
    /** ioctls every file understands. */
    public static final int FIONREAD = 0x541B;
    public static final int FIONBIO = 0x5421;
    public static final int FIOASYNC = 0x5452;

    private final VfsPath path;
    private final Inode inode;
    private final Credentials cred;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final ReentrantLock posLock = new ReentrantLock();
    private volatile int flags;
    private FileOperations ops;
    // Guarded by posLock.
    private long pos;
    private volatile Object privateData;
    /** +1 when this file holds write access to a regular file, -1 when it denies writes (an executable). */
    private volatile int writeAccess;

    /**
     * Creates the description; the caller then calls {@link #setOps} (or the VFS opens it).
     * {@code flags} are the open flags; creation flags and O_CLOEXEC are dropped as Linux does.
     */
    public OpenFile(VfsPath path, int flags, Credentials cred) {
        this.path = path;
        this.inode = path.inode();
        this.cred = cred;
        int f = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
        if ((f & O_PATH) != 0) f &= O_PATH | O_DIRECTORY | O_NOFOLLOW;
        else f |= O_LARGEFILE;
        this.flags = f;
        path.mount().pin();
        inode.openRef();
    }

    /** Sets the operations; done once, right after construction. */
    public void setOps(FileOperations ops) {
        this.ops = ops;
    }

    public FileOperations ops() { return ops; }

    public VfsPath path() { return path; }

    public Inode inode() { return inode; }

    /** The credentials of the opener (f_cred). */
    public Credentials cred() { return cred; }

    /** Status flags as F_GETFL reports them (access mode included). */
    public int flags() { return flags; }

    public boolean isPath() { return (flags & O_PATH) != 0; }

    public boolean canRead() {
        int acc = flags & O_ACCMODE;
        return !isPath() && (acc == O_RDONLY || acc == O_RDWR);
    }

    public boolean canWrite() {
        int acc = flags & O_ACCMODE;
        return !isPath() && (acc == O_WRONLY || acc == O_RDWR);
    }

    public boolean isAppend() { return (flags & O_APPEND) != 0; }

    public boolean isNonBlocking() { return (flags & O_NONBLOCK) != 0; }

    /** F_SETFL: changes O_APPEND, O_NONBLOCK, O_ASYNC, O_DIRECT, O_NOATIME only. */
    public void setStatusFlags(int newFlags) {
        if (isPath()) throw new ErrnoException(Errno.EBADF);
        if ((newFlags & O_NOATIME) != 0 && (flags & O_NOATIME) == 0
                && cred.fsuid() != inode.uid() && !cred.capable(Credentials.CAP_FOWNER)) {
            throw new ErrnoException(Errno.EPERM);
        }
        synchronized (this) {
            flags = (flags & ~SETFL_MASK) | (newFlags & SETFL_MASK);
        }
    }

    /** Takes write access (regular files opened for writing): ETXTBSY for a running executable. */
    void takeWriteAccess() {
        inode.getWriteAccess();
        writeAccess = 1;
    }

    /** Denies writers for as long as this file is open (the executable of a process): ETXTBSY if one is open. */
    void denyWriters() {
        inode.denyWriteAccess();
        writeAccess = -1;
    }

    /** fs-private state of this open (a directory snapshot, a host handle...). */
    public Object privateData() { return privateData; }

    public void setPrivateData(Object o) { privateData = o; }

    public long position() {
        posLock.lock();
        try {
            return pos;
        } finally {
            posLock.unlock();
        }
    }

    // ---- data

    /** read(2). */
    public int read(ByteBuffer dst, Blocker blocker) {
        if (!canRead()) throw new ErrnoException(Errno.EBADF);
        limit(dst);
        int start = dst.position();
        if (ops.stream()) {
            ops.read(this, dst, 0, blocker);
            return dst.position() - start;
        }
        posLock.lock();
        try {
            checkRange(pos, dst.remaining());
            pos = ops.read(this, dst, pos, blocker);
            return dst.position() - start;
        } finally {
            posLock.unlock();
        }
    }

    /** write(2). */
    public int write(ByteBuffer src, Blocker blocker) {
        if (!canWrite()) throw new ErrnoException(Errno.EBADF);
        limit(src);
        int start = src.position();
        if (ops.stream()) {
            ops.write(this, src, 0, blocker);
            return src.position() - start;
        }
        posLock.lock();
        try {
            if (!isAppend()) checkRange(pos, src.remaining());
            pos = ops.write(this, src, pos, blocker);
            return src.position() - start;
        } finally {
            posLock.unlock();
        }
    }

    /** pread64(2). */
    public int pread(ByteBuffer dst, long offset, Blocker blocker) {
        if (!canRead()) throw new ErrnoException(Errno.EBADF);
        if (ops.stream()) throw new ErrnoException(Errno.ESPIPE);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        limit(dst);
        checkRange(offset, dst.remaining());
        int start = dst.position();
        ops.read(this, dst, offset, blocker);
        return dst.position() - start;
    }

    /** pwrite64(2); like Linux, writes at end of file when the file is in append mode. */
    public int pwrite(ByteBuffer src, long offset, Blocker blocker) {
        if (!canWrite()) throw new ErrnoException(Errno.EBADF);
        if (ops.stream()) throw new ErrnoException(Errno.ESPIPE);
        if (offset < 0) throw new ErrnoException(Errno.EINVAL);
        limit(src);
        checkRange(offset, src.remaining());
        int start = src.position();
        ops.write(this, src, offset, blocker);
        return src.position() - start;
    }

    /** lseek(2); returns the new position. */
    public long lseek(long offset, int whence) {
        if (isPath()) throw new ErrnoException(Errno.EBADF);
        if (ops.stream()) throw new ErrnoException(Errno.ESPIPE);
        posLock.lock();
        try {
            long p = ops.llseek(this, offset, whence);
            pos = p;
            return p;
        } finally {
            posLock.unlock();
        }
    }

    /** getdents64(2): fills {@code out} with linux_dirent64 records; returns bytes written (0 at end). */
    public int getdents64(ByteBuffer out) {
        if (isPath()) throw new ErrnoException(Errno.EBADF);
        if (!inode.isDir()) throw new ErrnoException(Errno.ENOTDIR);
        posLock.lock();
        try {
            int start = out.position();
            boolean[] tooSmall = {false};
            pos = ops.iterate(this, pos, (name, ino, type, next) -> {
                if (Stat.putDirent64(out, ino, next, type, Names.toBytes(name))) return true;
                tooSmall[0] = out.position() == start;
                return false;
            });
            if (tooSmall[0]) throw new ErrnoException(Errno.EINVAL);
            return out.position() - start;
        } finally {
            posLock.unlock();
        }
    }

    /** Directory listing for kernel use (procfs fd lists, overlay merges): every entry from the current position. */
    public void iterate(DirSink sink) {
        posLock.lock();
        try {
            pos = ops.iterate(this, pos, sink);
        } finally {
            posLock.unlock();
        }
    }

    /** ioctl(2) after the fd-level ones (FIOCLEX/FIONCLEX) the fd table handles. */
    public long ioctl(int cmd, long arg, UserMemory mem) {
        if (isPath()) throw new ErrnoException(Errno.EBADF);
        switch (cmd) {
            case FIONBIO -> {
                int on = mem.readInt(arg);
                synchronized (this) {
                    flags = on != 0 ? flags | O_NONBLOCK : flags & ~O_NONBLOCK;
                }
                return 0;
            }
            case FIOASYNC -> {
                int on = mem.readInt(arg);
                synchronized (this) {
                    flags = on != 0 ? flags | O_ASYNC : flags & ~O_ASYNC;
                }
                return 0;
            }
            case FIONREAD -> {
                if (inode.isRegular()) {
                    long n = Math.max(0, inode.size() - position());
                    mem.writeInt(arg, (int) Math.min(n, Integer.MAX_VALUE));
                    return 0;
                }
                return ops.ioctl(this, cmd, arg, mem);
            }
            default -> {
                return ops.ioctl(this, cmd, arg, mem);
            }
        }
    }

    /** poll readiness; O_PATH files report POLLNVAL like closed ones. */
    public int poll() {
        if (isPath()) return PollEvents.POLLNVAL;
        return ops.poll(this);
    }

    public WaitQueue waitQueue() {
        return isPath() ? FileOperations.NO_WAKEUPS : ops.waitQueue(this);
    }

    /** fstat(2). */
    public Stat stat() {
        Stat st = new Stat();
        inode.getattr(st);
        st.mountId = path.mount().id();
        return st;
    }

    public void fsync(boolean dataOnly) {
        if (isPath()) throw new ErrnoException(Errno.EBADF);
        ops.fsync(this, dataOnly);
    }

    // ---- references

    /** Takes a reference (dup, fork, mmap). */
    public OpenFile get() {
        if (refs.getAndIncrement() <= 0) throw new IllegalStateException("get of released file");
        return this;
    }

    /** Drops a reference; the last one releases the file. */
    public void put() {
        int left = refs.decrementAndGet();
        if (left > 0) return;
        if (left < 0) throw new IllegalStateException("put of released file");
        try {
            dev.umk.fs.lock.Locks.released(this);
            if (ops != null) ops.release(this);
        } finally {
            if (writeAccess > 0) inode.putWriteAccess();
            else if (writeAccess < 0) inode.allowWriteAccess();
            inode.openUnref();
            path.mount().unpin();
        }
    }

    public int refCount() { return refs.get(); }

    private static void limit(ByteBuffer b) {
        if (b.remaining() > MAX_RW_COUNT) b.limit(b.position() + MAX_RW_COUNT);
    }

    private static void checkRange(long pos, int count) {
        if (pos < 0 || pos + count < 0) throw new ErrnoException(Errno.EINVAL);
    }

    @Override
    public String toString() {
        return "OpenFile(" + path.dentry().name() + ", flags=0" + Integer.toOctalString(flags) + ")";
    }
}
