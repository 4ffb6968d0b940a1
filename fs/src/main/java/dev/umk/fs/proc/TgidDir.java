package dev.umk.fs.proc;

import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;

/**
 * A /proc/PID directory (Linux's proc_tgid_base): besides listing the process, an open fd on
 * it names the process, as pidfd_send_signal accepts it in place of a pidfd. Directories of
 * single threads (/proc/PID/task/TID) are plain StaticDirs and name nothing.
 */
public final class TgidDir extends StaticDir {
    TgidDir(SuperBlock sb, TaskInfo t) {
        super(sb, 0555, t);
    }

    /** The process {@code inode} is the /proc/PID directory of, or null for any other inode. */
    public static TaskInfo processOf(Inode inode) {
        return inode instanceof TgidDir d ? d.task() : null;
    }
}
