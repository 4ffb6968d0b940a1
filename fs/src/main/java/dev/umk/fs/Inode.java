package dev.umk.fs;

import dev.umk.core.kernel.Timespec;
import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import java.util.List;

/**
 * A file object of some filesystem (Linux {@code struct inode} with its
 * {@code inode_operations}): attributes, plus the directory, symlink, attribute and xattr
 * operations the filesystem implements by overriding. The VFS has already resolved paths,
 * checked permissions and taken the parent directory's {@link Dentry#lock()} before it calls
 * a directory operation, so implementations only do the change and report the errors only
 * they can know (ENOSPC, ENOTEMPTY, EMLINK...).
 *
 * <p>Attribute fields are guarded by this object's monitor. Filesystems whose attributes
 * live elsewhere (hostfs) refresh them in {@link #refresh}.
 */
public abstract class Inode {
    private final SuperBlock sb;
    private final long ino;

    // Guarded by this.
    protected int mode;
    protected int nlink;
    protected int uid;
    protected int gid;
    protected long size;
    protected long rdev;
    protected Timespec atime;
    protected Timespec mtime;
    protected Timespec ctime;
    protected Timespec btime;
    private int openCount;
    /** i_writecount: open writers when positive, running executables (deny-write) when negative. */
    private int writeCount;
    private volatile boolean linkable;
    private Object fifo;
    private Object locks;

    protected Inode(SuperBlock sb, long ino, int mode, int uid, int gid) {
        this.sb = sb;
        this.ino = ino;
        this.mode = mode;
        this.uid = uid;
        this.gid = gid;
        this.nlink = (mode & S_IFMT) == S_IFDIR ? 2 : 1;
        Timespec now = sb.now();
        atime = mtime = ctime = btime = now;
    }

    protected Inode(SuperBlock sb, long ino, NewInode n) {
        this(sb, ino, n.mode(), n.uid(), n.gid());
        this.rdev = n.rdev();
    }

    public final SuperBlock sb() { return sb; }

    public final long ino() { return ino; }

    /** Re-reads attributes from the backing store; in-memory filesystems have nothing to do. */
    public void refresh() {}

    public synchronized int mode() { return mode; }

    public final int type() { return mode() & S_IFMT; }

    public final boolean isDir() { return type() == S_IFDIR; }

    public final boolean isRegular() { return type() == S_IFREG; }

    public final boolean isSymlink() { return type() == S_IFLNK; }

    public synchronized int uid() { return uid; }

    public synchronized int gid() { return gid; }

    public synchronized int nlink() { return nlink; }

    public synchronized long size() { return size; }

    public synchronized long rdev() { return rdev; }

    public synchronized Timespec mtime() { return mtime; }

    public synchronized Timespec atime() { return atime; }

    public synchronized Timespec ctime() { return ctime; }

    /** 512-byte blocks in use; in-memory files override. */
    protected long blocks() { return 0; }

    /** Fills st from the attributes. */
    public void getattr(Stat st) {
        refresh();
        long blocks = blocks();
        synchronized (this) {
            st.dev = sb.dev();
            st.ino = ino;
            st.mode = mode;
            st.nlink = nlink;
            st.uid = uid;
            st.gid = gid;
            st.rdev = rdev;
            st.size = size;
            st.blksize = 4096;
            st.blocks = blocks;
            st.atimeSec = atime.sec();
            st.atimeNsec = atime.nsec();
            st.mtimeSec = mtime.sec();
            st.mtimeNsec = mtime.nsec();
            st.ctimeSec = ctime.sec();
            st.ctimeNsec = ctime.nsec();
            if (btime != null) {
                st.hasBtime = true;
                st.btimeSec = btime.sec();
                st.btimeNsec = btime.nsec();
            }
        }
    }

    /**
     * Applies a validated attribute change. The base class changes the fields; a size
     * change goes through {@link #truncate}, which filesystems with data override.
     */
    public void setattr(SetAttr a) {
        if (a.has(SetAttr.SIZE)) truncate(a.size);
        synchronized (this) {
            if (a.has(SetAttr.MODE)) mode = (mode & S_IFMT) | (a.mode & S_IALLUGO);
            if (a.has(SetAttr.UID)) uid = a.uid;
            if (a.has(SetAttr.GID)) gid = a.gid;
            if (a.has(SetAttr.ATIME)) atime = a.atime;
            if (a.has(SetAttr.MTIME)) mtime = a.mtime;
            if (a.has(SetAttr.CTIME)) ctime = a.ctime;
        }
    }

    /**
     * file_remove_privs: a data change by someone without CAP_FSETID clears set-uid, and
     * set-gid on a group-executable file.
     */
    public void killPrivileges(Credentials cred) {
        int newMode;
        synchronized (this) {
            newMode = mode;
            if ((mode & S_ISUID) != 0) newMode &= ~S_ISUID;
            if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) newMode &= ~S_ISGID;
            if (newMode == mode) return;
        }
        if (cred.capable(Credentials.CAP_FSETID)) return;
        SetAttr a = new SetAttr();
        a.valid = SetAttr.MODE | SetAttr.CTIME;
        a.mode = newMode;
        a.ctime = sb.now();
        setattr(a);
    }

    /** Changes the size of a regular file's data. */
    protected void truncate(long newSize) {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Sets mtime and ctime to now (after a data or directory change). */
    public void touchModified() {
        Timespec now = sb.now();
        synchronized (this) {
            mtime = now;
            ctime = now;
        }
    }

    /** Sets ctime to now (after an attribute or link-count change). */
    public void touchChanged() {
        Timespec now = sb.now();
        synchronized (this) {
            ctime = now;
        }
    }

    /** Updates atime as relatime does: only when it is older than mtime/ctime or a day. */
    public void touchAccessed() {
        Timespec now = sb.now();
        synchronized (this) {
            if (atime.compareTo(mtime) <= 0 || atime.compareTo(ctime) <= 0
                    || now.sec() - atime.sec() >= 24 * 3600) {
                atime = now;
            }
        }
    }

    // ---- directory operations (called on a directory with its dentry lock held)

    /** The inode named {@code name} in this directory, or null when there is none. */
    public Inode lookup(String name) {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** Creates a regular file. */
    public Inode create(String name, NewInode attrs) {
        throw new ErrnoException(Errno.EACCES);
    }

    public Inode mkdir(String name, NewInode attrs) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Creates a device node, FIFO or socket (the type is in {@code attrs.mode()}). */
    public Inode mknod(String name, NewInode attrs) {
        throw new ErrnoException(Errno.EPERM);
    }

    public Inode symlink(String name, String target, NewInode attrs) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Adds a hard link {@code name} to {@code target} (same superblock, not a directory). */
    public void link(String name, Inode target) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Removes the non-directory entry {@code name}, which names {@code victim}. */
    public void unlink(String name, Inode victim) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** Removes the directory entry {@code name}; ENOTEMPTY unless {@code victim} is empty. */
    public void rmdir(String name, Inode victim) {
        throw new ErrnoException(Errno.EPERM);
    }

    /**
     * Renames {@code oldName} (naming {@code source}) in this directory to {@code newName} in
     * {@code newDir} (same superblock), replacing {@code target} when it is not null. Flags
     * are RENAME_EXCHANGE and RENAME_WHITEOUT (NOREPLACE was checked by the VFS); a
     * filesystem that cannot do a flag fails with EINVAL.
     */
    public void rename(String oldName, Inode source, Inode newDir, String newName, Inode target, int flags) {
        throw new ErrnoException(Errno.EPERM);
    }

    /** An unnamed regular file in this directory's filesystem (O_TMPFILE). */
    public Inode tmpfile(NewInode attrs) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /**
     * Lists entries from position {@code cookie} (2 or more; the VFS produces "." and ".."
     * at positions 0 and 1). Each entry's nextCookie must exceed its own position.
     * {@code dir} is the open directory (for per-open state such as a listing snapshot), or
     * null for a kernel-internal listing that starts at 2 and reads to the end.
     */
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** Lets linkat give this unlinked inode a name (I_LINKABLE: O_TMPFILE without O_EXCL). */
    public void setLinkable() {
        linkable = true;
    }

    public boolean isLinkable() {
        return linkable;
    }

    /** True when this directory has been removed (no new entries may appear in it). */
    public boolean isDeadDir() {
        return isDir() && nlink() == 0;
    }

    // ---- symlinks

    public String readlink() {
        throw new ErrnoException(Errno.EINVAL);
    }

    // ---- files

    /**
     * The file operations for an open of this regular file or directory. Device nodes,
     * FIFOs and sockets are opened by the VFS and never reach here.
     */
    public FileOperations open(OpenFile file) {
        if (isDir()) return DirectoryFile.OPS;
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Called when the last open file description of this inode closes. */
    protected void lastClose() {}

    /** Frees what an inode with no links and no opens holds; called once, when that happens. */
    protected void evict() {}

    final void openRef() {
        synchronized (this) {
            openCount++;
        }
    }

    final void openUnref() {
        boolean last, gone;
        synchronized (this) {
            last = --openCount == 0;
            gone = last && nlink == 0;
        }
        if (last) lastClose();
        if (gone) evict();
    }

    /** After an unlink: frees the inode when nothing holds it any more. */
    public final void evictIfUnused() {
        boolean gone;
        synchronized (this) {
            gone = nlink == 0 && openCount == 0;
        }
        if (gone) evict();
    }

    public synchronized int openCount() {
        return openCount;
    }

    /** get_write_access: ETXTBSY while the file is being executed. */
    public synchronized void getWriteAccess() {
        if (writeCount < 0) throw new ErrnoException(Errno.ETXTBSY);
        writeCount++;
    }

    public synchronized void putWriteAccess() {
        writeCount--;
    }

    /** deny_write_access (execve): ETXTBSY while the file is open for writing. */
    public synchronized void denyWriteAccess() {
        if (writeCount > 0) throw new ErrnoException(Errno.ETXTBSY);
        writeCount--;
    }

    public synchronized void allowWriteAccess() {
        writeCount++;
    }

    /**
     * The per-inode object behind a FIFO (a dev.umk.fs.pipe.Pipe, created on first open and
     * shared by all opens of this inode). Typed Object to keep the VFS core free of pipe types.
     */
    public synchronized Object fifoState(java.util.function.Supplier<Object> create) {
        if (fifo == null) fifo = create.get();
        return fifo;
    }

    /** The advisory locks on this inode (a dev.umk.fs.lock structure), created on first use. */
    public synchronized Object lockState(java.util.function.Supplier<Object> create) {
        if (locks == null) locks = create.get();
        return locks;
    }

    /** The lock state if any lock was ever taken here, else null (so closes stay cheap). */
    public synchronized Object lockStateIfAny() {
        return locks;
    }

    // ---- extended attributes (names are full, e.g. "user.foo"; namespace rules checked by the VFS)

    public byte[] getxattr(String name) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /** @param flags XATTR_CREATE / XATTR_REPLACE */
    public void setxattr(String name, byte[] value, int flags) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    public List<String> listxattr() {
        return List.of();
    }

    public void removexattr(String name) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "#" + ino + "@" + sb.type();
    }
}
