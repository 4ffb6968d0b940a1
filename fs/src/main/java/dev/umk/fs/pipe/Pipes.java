package dev.umk.fs.pipe;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Dentry;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;

/**
 * pipe2(2): a pipe whose inode lives on the internal pipefs (never mounted), whose two
 * open files are its read and write ends. /proc/PID/fd shows them as "pipe:[ino]".
 */
public final class Pipes {
    public static final long PIPEFS_MAGIC = 0x50495045L;
    /** pipe2 flags: O_NONBLOCK, O_CLOEXEC (for the caller's fds), O_DIRECT (packet mode), O_NOTIFICATION_PIPE (= O_EXCL). */
    private static final int VALID = O_NONBLOCK | O_CLOEXEC | O_DIRECT;

    private static final class PipeFs extends SuperBlock {
        PipeFs(FsClock clock) {
            super("pipefs", PIPEFS_MAGIC, clock);
        }

        @Override
        public StatFs statfs() {
            return baseStatfs(4096);
        }
    }

    private static final class PipeInode extends Inode {
        PipeInode(SuperBlock sb, Credentials cred) {
            super(sb, sb.nextIno(), S_IFIFO | 0600, cred.fsuid(), cred.fsgid());
            this.nlink = 1;
        }
    }

    private final PipeFs sb;
    private final Mount mount;

    public Pipes(FsClock clock) {
        sb = new PipeFs(clock);
        mount = new Mount(sb, Dentry.anonymous("pipe:", null), 0);
    }

    /** The pipe behind an open pipe or FIFO end, or null when {@code f} is something else (splice, tee). */
    public static Pipe pipeOf(OpenFile f) {
        return f.ops() instanceof PipeFile p ? p.pipe() : null;
    }

    /**
     * Creates a pipe; returns {read end, write end}, each holding one reference. The
     * caller installs them with O_CLOEXEC as asked.
     */
    public OpenFile[] create(Credentials cred, int flags) {
        if ((flags & ~VALID) != 0) throw new ErrnoException(Errno.EINVAL);
        PipeInode inode = new PipeInode(sb, cred);
        Pipe pipe = Fifo.pipeOf(inode);
        if ((flags & O_DIRECT) != 0) pipe.setPacketMode(true);
        VfsPath path = new VfsPath(mount, Dentry.anonymous("pipe:[" + inode.ino() + "]", inode));
        int status = flags & (O_NONBLOCK | O_DIRECT);
        OpenFile r = new OpenFile(path, O_RDONLY | status, cred);
        OpenFile w = new OpenFile(path, O_WRONLY | status, cred);
        pipe.openEnds(true, true);
        r.setOps(new PipeFile(pipe, true, false, -1));
        w.setOps(new PipeFile(pipe, false, true, 0));
        return new OpenFile[] {r, w};
    }
}
