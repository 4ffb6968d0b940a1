package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.S_IFLNK;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.SuperBlock;

/**
 * A symlink of a pseudo filesystem whose target is computed on every readlink
 * (/proc/self, /proc/PID/cwd). The path walk follows the returned string from the process
 * root, so targets are absolute paths; targets with no path ("pipe:[12]") read fine but do
 * not resolve.
 */
public class PseudoSymlink extends PseudoInode {
    /** Computes the target; may throw an errno (EACCES, ENOENT). */
    @FunctionalInterface
    public interface Target {
        String resolve();
    }

    private final Target target;

    public PseudoSymlink(SuperBlock sb, TaskInfo task, Target target) {
        this(sb, 0777, task, target);
    }

    public PseudoSymlink(SuperBlock sb, int perm, TaskInfo task, Target target) {
        super(sb, S_IFLNK | (perm & 0777), task);
        this.target = target;
    }

    @Override
    public String readlink() {
        if (task() != null && !task().alive()) throw new ErrnoException(Errno.ENOENT);
        return target.resolve();
    }
}
