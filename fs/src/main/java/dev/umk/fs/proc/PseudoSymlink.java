package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.S_IFLNK;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;

/**
 * A symlink of a pseudo filesystem whose target is computed on every readlink
 * (/proc/self, /proc/PID/cwd). Absolute targets resolve by walking their text from the
 * process root. Links that name an object directly (/proc/PID/fd/N, cwd, root: Linux's
 * "magic links") also give that place through {@link #magicLink}, which reaches what text
 * cannot: pipes, sockets, deleted files.
 */
public class PseudoSymlink extends PseudoInode implements dev.umk.fs.MagicLink {
    /** Computes the target text; may throw an errno (EACCES, ENOENT). */
    @FunctionalInterface
    public interface Target {
        String resolve();
    }

    /** Computes the place a magic link leads to; may throw an errno. */
    @FunctionalInterface
    public interface Jump {
        VfsPath place();
    }

    private final Target target;
    private final Jump jump;

    public PseudoSymlink(SuperBlock sb, TaskInfo task, Target target) {
        this(sb, 0777, task, target, null);
    }

    public PseudoSymlink(SuperBlock sb, int perm, TaskInfo task, Target target, Jump jump) {
        super(sb, S_IFLNK | (perm & 0777), task);
        this.target = target;
        this.jump = jump;
    }

    @Override
    public String readlink() {
        checkAlive();
        return target.resolve();
    }

    /**
     * The place this link leads to when it is a magic link, else null. The path walk should
     * jump there instead of walking {@link #readlink}'s text (Linux's nd_jump_link).
     */
    @Override
    public VfsPath jump() {
        return magicLink();
    }

    public VfsPath magicLink() {
        if (jump == null) return null;
        checkAlive();
        return jump.place();
    }

    private void checkAlive() {
        if (task() != null && !task().alive()) throw new ErrnoException(Errno.ENOENT);
    }
}
