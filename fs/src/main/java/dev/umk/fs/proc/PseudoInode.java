package dev.umk.fs.proc;

import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;

/**
 * An inode of a pseudo filesystem. Inodes under /proc/PID belong to a task: they are owned
 * by its effective uid and gid (re-read whenever the dentry is revalidated, as Linux's
 * pid_revalidate does, so a setuid shows), and stop being {@link #valid} once it is reaped.
 */
public abstract class PseudoInode extends Inode {
    private final TaskInfo task;

    /** @param task the task this node shows, or null for a node of no task */
    protected PseudoInode(SuperBlock sb, int mode, TaskInfo task) {
        super(sb, sb.nextIno(), mode, 0, 0);
        this.task = task;
        refreshOwner();
    }

    /** The task this node shows; null for nodes of no task. */
    public final TaskInfo task() {
        return task;
    }

    /** False once what this node shows is gone; the VFS then drops the cached name. */
    public boolean valid() {
        if (task == null) return true;
        if (!task.alive()) return false;
        refreshOwner();
        return true;
    }

    /** The owning task, failing with ESRCH once it has been reaped. */
    protected final TaskInfo liveTask() {
        if (task == null || !task.alive()) throw new ErrnoException(dev.umk.core.abi.Errno.ESRCH);
        return task;
    }

    private void refreshOwner() {
        if (task == null) return;
        Credentials c;
        try {
            c = task.cred();
        } catch (ErrnoException gone) {
            return;
        }
        synchronized (this) {
            uid = c.euid();
            gid = c.egid();
        }
    }
}
