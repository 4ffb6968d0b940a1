package dev.umk.fs;

import dev.umk.core.kernel.Timespec;
import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Stat.StatFs;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One mounted filesystem instance (Linux {@code struct super_block}): its root, device
 * number, read-only state, statfs report, clock, and the rename mutex that keeps the shape
 * of its directory tree stable during cross-directory renames. Subclasses create the root
 * inode and call {@link #setRoot}.
 */
public abstract class SuperBlock {
    /** Minor numbers for anonymous devices (major 0), as Linux's get_anon_bdev. */
    private static final AtomicInteger ANON_MINOR = new AtomicInteger(16);

    private final String type;
    private final long magic;
    private final long dev;
    private final FsClock clock;
    private final AtomicLong nextIno = new AtomicLong(1);
    private final ReentrantLock renameLock = new ReentrantLock();
    private volatile boolean readOnly;
    private Dentry root;

    protected SuperBlock(String type, long magic, FsClock clock) {
        this.type = type;
        this.magic = magic;
        this.clock = clock;
        this.dev = Stat.makedev(0, ANON_MINOR.getAndIncrement());
    }

    /** Filesystem type name as /proc/mounts shows it ("tmpfs"). */
    public String type() { return type; }

    /** statfs f_type. */
    public long magic() { return magic; }

    /** st_dev of every inode here. */
    public long dev() { return dev; }

    public FsClock clock() { return clock; }

    public Timespec now() { return clock.now(); }

    /** A fresh inode number. */
    public long nextIno() { return nextIno.getAndIncrement(); }

    public boolean readOnly() { return readOnly; }

    public void setReadOnly(boolean ro) { readOnly = ro; }

    /** The root dentry of this filesystem. */
    public Dentry root() { return root; }

    protected void setRoot(Inode rootInode) {
        root = Dentry.newRoot(rootInode);
    }

    /** Held across a rename so ancestor checks see a stable tree (s_vfs_rename_mutex). */
    public ReentrantLock renameLock() { return renameLock; }

    /** Longest name a directory entry may have. */
    public int nameMax() { return 255; }

    /** The source field of /proc/mounts ("tmpfs", "none", a host path). */
    public String source() { return "none"; }

    /** Filesystem-specific mount options for /proc/mounts, without the leading comma. */
    public String options() { return ""; }

    /**
     * Whether a cached dentry still names the same object. Filesystems whose backing can
     * change behind the VFS's back (hostfs) check it; in-memory ones never need to.
     */
    public boolean revalidate(Dentry dentry) { return true; }

    /** statfs(2) for this filesystem. */
    public abstract StatFs statfs();

    /** A statfs prefilled with type, block size and flags; subclasses add counts. */
    protected StatFs baseStatfs(long bsize) {
        StatFs s = new StatFs();
        s.type = magic;
        s.bsize = bsize;
        s.frsize = bsize;
        s.namelen = nameMax();
        s.fsid0 = (int) dev;
        s.fsid1 = (int) (dev >>> 32);
        s.flags = StatFs.ST_VALID | (readOnly ? StatFs.ST_RDONLY : 0);
        return s;
    }
}
