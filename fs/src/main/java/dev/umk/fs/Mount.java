package dev.umk.fs;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One mount (Linux {@code struct mount}): a superblock's subtree (its root, or any
 * directory of it for a bind mount) attached at a mountpoint of a parent mount, with its
 * own flags (read-only, nosuid, nodev, noexec...). Open files, cwds and roots pin the
 * mount they are on, so umount can refuse with EBUSY.
 */
public final class Mount {
    private static final AtomicInteger IDS = new AtomicInteger(20);

    private final int id = IDS.getAndIncrement();
    private final SuperBlock sb;
    private final Dentry root;
    private final AtomicInteger pins = new AtomicInteger();
    private volatile long flags;
    // Guarded by the MountNamespace lock; read without it by path walks.
    private volatile Mount parent;
    private volatile Dentry mountpoint;

    public Mount(SuperBlock sb, Dentry root, long flags) {
        this.sb = sb;
        this.root = root;
        this.flags = flags & MountFlags.PER_MOUNT;
    }

    /** mnt_id as /proc/self/mountinfo and statx show it. */
    public int id() { return id; }

    public SuperBlock sb() { return sb; }

    public Dentry root() { return root; }

    public long flags() { return flags; }

    void setFlags(long f) { flags = f & MountFlags.PER_MOUNT; }

    /** The mount this one is attached to; null for the namespace root or a detached mount. */
    public Mount parent() { return parent; }

    /** Where in the parent this mount is attached; null for the namespace root. */
    public Dentry mountpoint() { return mountpoint; }

    void attachTo(Mount p, Dentry mp) {
        parent = p;
        mountpoint = mp;
    }

    void detach() {
        parent = null;
        mountpoint = null;
    }

    /** Writes are refused with EROFS when the mount or its superblock is read-only. */
    public boolean readOnly() {
        return (flags & MountFlags.MS_RDONLY) != 0 || sb.readOnly();
    }

    public boolean noExec() { return (flags & MountFlags.MS_NOEXEC) != 0; }

    public boolean noDev() { return (flags & MountFlags.MS_NODEV) != 0; }

    public boolean noSuid() { return (flags & MountFlags.MS_NOSUID) != 0; }

    public boolean noSymFollow() { return (flags & MountFlags.MS_NOSYMFOLLOW) != 0; }

    public void pin() { pins.incrementAndGet(); }

    public void unpin() { pins.decrementAndGet(); }

    public int pins() { return pins.get(); }

    public VfsPath rootPath() { return new VfsPath(this, root); }

    @Override
    public String toString() {
        return "Mount#" + id + "(" + sb.type() + ")";
    }
}
