package dev.umk.fs.hostfs;

import dev.umk.core.hw.host.HostStatFs;
import dev.umk.core.hw.host.HostStat;
import dev.umk.core.hw.host.HostFiles;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Dentry;
import dev.umk.fs.FsClock;
import dev.umk.fs.SuperBlock;

/**
 * hostfs: a host directory shown in the guest with the host's modes, owners, inode numbers
 * and times, read-only or read-write. Only the kernel creates these (for the root's lower
 * layer and --volume); hostfs is deliberately not a mount(2) type, so a guest can never
 * reach host paths it was not given.
 *
 * <p>The host may change files behind umk's back, so cached dentries are revalidated with
 * an lstat once they are older than {@code revalidateNanos} (0 means on every use).
 */
public final class HostFsSuperBlock extends SuperBlock {
    /** HOSTFS_SUPER_MAGIC, as User-Mode Linux's hostfs reports. */
    public static final long HOSTFS_MAGIC = 0x00c0ffeeL;

    private final HostFiles host;
    private final String rootPath;
    private final long revalidateNanos;

    /**
     * @param rootPath the host directory shown as this filesystem's root (absolute, as a VFS byte string)
     */
    public HostFsSuperBlock(FsClock clock, HostFiles host, String rootPath, boolean readOnly, long revalidateNanos) {
        super("hostfs", HOSTFS_MAGIC, clock);
        this.host = host;
        this.rootPath = rootPath.length() > 1 && rootPath.endsWith("/") ? rootPath.substring(0, rootPath.length() - 1) : rootPath;
        this.revalidateNanos = revalidateNanos;
        setReadOnly(readOnly);
        HostStat st = host.lstat(this.rootPath);
        if (!dev.umk.core.abi.FileFlags.isDir(st.mode())) throw new ErrnoException(dev.umk.core.abi.Errno.ENOTDIR);
        setRoot(new HostInode(this, null, "", st));
    }

    HostFiles host() { return host; }

    String rootPath() { return rootPath; }

    @Override
    public String source() { return rootPath; }

    @Override
    public boolean revalidate(Dentry dentry) {
        HostInode inode = (HostInode) dentry.inode();
        long now = System.nanoTime();
        if (revalidateNanos > 0 && now - inode.validatedAt() < revalidateNanos) return true;
        try {
            HostStat st = host.lstat(inode.hostPath());
            if (st.ino() != inode.ino() || (st.mode() ^ inode.mode()) >>> 12 != 0) return false;
            inode.apply(st);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    @Override
    public StatFs statfs() {
        HostStatFs h = host.statfs(rootPath);
        StatFs s = baseStatfs(h.bsize());
        s.blocks = h.blocks();
        s.bfree = h.bfree();
        s.bavail = h.bavail();
        s.files = h.files();
        s.ffree = h.ffree();
        s.namelen = h.namelen();
        return s;
    }
}
