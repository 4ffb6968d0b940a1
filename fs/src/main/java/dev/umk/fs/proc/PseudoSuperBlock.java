package dev.umk.fs.proc;

import dev.umk.core.abi.Stat.StatFs;
import dev.umk.fs.Dentry;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;

/**
 * The superblock of a filesystem whose files are made by the kernel on demand (procfs,
 * sysfs): no blocks, no inodes to count, and a dentry cache that must forget names whose
 * object went away (a dead process's /proc/PID), which {@link #revalidate} does by asking the
 * {@link PseudoInode}.
 */
public class PseudoSuperBlock extends SuperBlock {
    private final String source;

    public PseudoSuperBlock(String type, long magic, FsClock clock, String source) {
        super(type, magic, clock);
        this.source = source == null || source.isEmpty() ? type : source;
    }

    /** Sets the root directory; called once by the filesystem that builds the tree. */
    public void install(Inode rootInode) {
        setRoot(rootInode);
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public boolean revalidate(Dentry dentry) {
        return !(dentry.inode() instanceof PseudoInode p) || p.valid();
    }

    @Override
    public StatFs statfs() {
        return baseStatfs(4096);
    }
}
