package dev.umk.fs.stdio;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.hw.Console;
import dev.umk.core.kernel.Credentials;
import dev.umk.fs.Dentry;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;

/**
 * Makes open files for the host's standard streams (init's fds 0-2): reads and writes go to
 * the host fd through the {@link Console}. A stream that is a host terminal looks like
 * /dev/pts/0 (a character device, 136:0); a pipe or file looks like a pipe. Either way it is
 * a stream: no position, lseek and pread fail with ESPIPE.
 */
public final class HostStreams {
    /** UNIX98 pty slave major: what a terminal stdin/stdout shows as st_rdev. */
    public static final int PTS_MAJOR = 136;

    private static final class StreamFs extends SuperBlock {
        StreamFs(FsClock clock) {
            super("hoststream", 0x1cd1L, clock);
        }

        @Override
        public StatFs statfs() {
            return baseStatfs(4096);
        }
    }

    private static final class StreamInode extends Inode {
        StreamInode(SuperBlock sb, int mode, long rdev, Credentials cred) {
            super(sb, sb.nextIno(), mode, cred.fsuid(), cred.fsgid());
            this.rdev = rdev;
        }
    }

    private final Console console;
    private final StreamFs sb;
    private final Mount mount;

    public HostStreams(Console console, FsClock clock) {
        this.console = console;
        this.sb = new StreamFs(clock);
        this.mount = new Mount(sb, Dentry.anonymous("hoststream:", null), 0);
    }

    /**
     * An open file for host fd {@code hostFd} (0, 1 or 2) with one reference for the caller.
     * Terminals open read-write, as a login shell's fds are; otherwise fd 0 reads and the
     * others write.
     */
    public OpenFile open(int hostFd, Credentials cred) {
        boolean tty = console.isatty(hostFd);
        int mode = tty ? S_IFCHR | 0620 : S_IFIFO | 0600;
        StreamInode inode = new StreamInode(sb, mode, tty ? Stat.makedev(PTS_MAJOR, 0) : 0, cred);
        String name = tty ? "/dev/pts/0" : "pipe:[" + inode.ino() + "]";
        int flags = tty ? O_RDWR : hostFd == 0 ? O_RDONLY : O_WRONLY;
        OpenFile f = new OpenFile(new VfsPath(mount, Dentry.anonymous(name, inode)), flags, cred);
        f.setOps(new HostStreamOps(console, hostFd, tty));
        return f;
    }
}
