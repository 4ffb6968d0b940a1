package dev.umk.fs.overlay;

import dev.umk.core.abi.Stat.StatFs;
import dev.umk.fs.FsClock;
import dev.umk.fs.Mount;
import dev.umk.fs.SuperBlock;
import java.util.concurrent.locks.ReentrantLock;

/**
 * overlayfs: a writable upper filesystem (a private tmpfs) over a read-only lower one
 * (hostfs of the host's "/" for umk's default root). Reads see the merge; the first change
 * to a lower file copies it up; deletions of lower names leave whiteouts (0/0 character
 * devices) in the upper; a directory that replaces a deleted lower one is opaque
 * (trusted.overlay.opaque=y). The lower layer is never written.
 *
 * <p>The upper must not be mounted anywhere else: overlay changes it through its inodes,
 * not through the VFS, so another mount's dentry cache would go stale.
 *
 * <p>Lock ordering: overlay dentry locks (VFS), then {@code copyUpLock}, then the layers'
 * own locks.
 */
public final class OverlaySuperBlock extends SuperBlock {
    public static final long OVERLAYFS_MAGIC = 0x794c7630L;

    final SuperBlock upper;
    final SuperBlock lower;
    /** Private, never attached mounts, so overlay can open layer files for copy-up and I/O. */
    final Mount upperMount;
    final Mount lowerMount;
    /** Serializes copy-ups, so a file is copied once and parents before children. */
    final ReentrantLock copyUpLock = new ReentrantLock();

    public OverlaySuperBlock(FsClock clock, SuperBlock upper, SuperBlock lower) {
        super("overlay", OVERLAYFS_MAGIC, clock);
        this.upper = upper;
        this.lower = lower;
        this.upperMount = new Mount(upper, upper.root(), 0);
        this.lowerMount = new Mount(lower, lower.root(), 0);
        setRoot(new OverlayInode(this, null, "", upper.root().inode(), lower.root().inode()));
    }

    @Override
    public String source() { return "overlay"; }

    @Override
    public String options() { return "lowerdir=" + lower.source() + ",upperdir=" + upper.type(); }

    @Override
    public StatFs statfs() {
        StatFs s = upper.statfs();
        s.type = OVERLAYFS_MAGIC;
        s.fsid0 = (int) dev();
        s.fsid1 = (int) (dev() >>> 32);
        return s;
    }
}
