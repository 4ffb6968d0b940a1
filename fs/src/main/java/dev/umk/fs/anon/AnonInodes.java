package dev.umk.fs.anon;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.Dentry;
import dev.umk.fs.FileOperations;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;

/**
 * Files with no name in any tree (Linux's fs/anon_inodes.c): eventfd, epoll, timerfd and
 * later signalfd or pidfd. As in Linux they all share one inode of the internal
 * anon_inodefs (mode 0600, no file type), and /proc/PID/fd shows them as
 * "anon_inode:[eventfd]". The object behind each file lives in its {@link FileOperations}.
 */
public final class AnonInodes {
    public static final long ANON_INODE_FS_MAGIC = 0x09041934L;

    private static final class AnonFs extends SuperBlock {
        AnonFs(FsClock clock) {
            super("anon_inodefs", ANON_INODE_FS_MAGIC, clock);
        }

        @Override
        public StatFs statfs() {
            return baseStatfs(4096);
        }
    }

    private static final class AnonInode extends Inode {
        AnonInode(SuperBlock sb) {
            super(sb, sb.nextIno(), 0600, 0, 0);
        }
    }

    private final Mount mount;
    private final AnonInode inode;

    public AnonInodes(FsClock clock) {
        AnonFs sb = new AnonFs(clock);
        inode = new AnonInode(sb);
        mount = new Mount(sb, Dentry.anonymous("anon_inode:", null), 0);
    }

    /**
     * anon_inode_getfile: a new open file named "anon_inode:{@code name}" (name as Linux
     * spells it, e.g. "[eventfd]") with {@code ops}, holding one reference for the caller.
     * Only the access mode and O_NONBLOCK of {@code flags} are kept.
     */
    public OpenFile open(String name, FileOperations ops, int flags, Credentials cred) {
        VfsPath path = new VfsPath(mount, Dentry.anonymous("anon_inode:" + name, inode));
        OpenFile f = new OpenFile(path, flags & (O_ACCMODE | O_NONBLOCK), cred);
        f.setOps(ops);
        return f;
    }

    /** The one inode every anonymous file shares. */
    public Inode inode() {
        return inode;
    }
}
