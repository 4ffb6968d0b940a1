package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.O_CLOEXEC;

import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;
import java.util.ArrayList;
import java.util.List;

/**
 * /proc/PID/fd (a symlink per open fd, named as d_path names the file: "/path",
 * "pipe:[ino]", "socket:[ino]", "anon_inode:[eventfd]") and /proc/PID/fdinfo (pos, flags,
 * mnt_id, ino per fd). An fd entry stays valid while the same open file description sits at
 * that number; a close or a dup2 over it makes a fresh one.
 */
final class FdDir extends DynamicDir {
    private final ProcEnv env;
    private final boolean info;

    FdDir(SuperBlock sb, ProcEnv env, TaskInfo task, boolean info) {
        super(sb, 0500, task);
        this.env = env;
        this.info = info;
    }

    @Override
    protected List<Entry> entries() {
        FdTable files = files();
        List<Entry> out = new ArrayList<>();
        if (files == null) return out;
        for (int fd : files.openFds()) out.add(new Entry(Integer.toString(fd), fd + 2L));
        return out;
    }

    @Override
    protected Inode make(String name) {
        int fd = ProcRoot.number(name);
        FdTable files = files();
        if (fd < 0 || files == null) return null;
        OpenFile f;
        try {
            f = files.getRaw(fd);
        } catch (ErrnoException closed) {
            return null;
        }
        TaskInfo t = task();
        if (info) {
            return new PseudoFile(sb(), 0400, t, () -> fdinfo(files, fd), null) {
                @Override
                public boolean valid() {
                    return super.valid() && isOpen(files, fd, f);
                }
            };
        }
        return new FdLink(sb(), linkMode(f), t, files, fd, f, () -> target(files, fd), () -> place(files, fd));
    }

    private FdTable files() {
        try {
            return task().files();
        } catch (ErrnoException gone) {
            return null;
        }
    }

    private String target(FdTable files, int fd) {
        TaskInfo t = task();
        ProcAccess.checkRead(env.procs(), t);
        OpenFile f = files.acquire(fd);
        try {
            return env.vfs().pathOf(ProcRoot.readerFs(env, t), f.path());
        } finally {
            f.put();
        }
    }

    /** The open file's place, for the walk to jump to (it may be a pipe or an unlinked file). */
    private VfsPath place(FdTable files, int fd) {
        ProcAccess.checkRead(env.procs(), task());
        OpenFile f = files.acquire(fd);
        try {
            return f.path();
        } finally {
            f.put();
        }
    }

    /** "pos:\t0\nflags:\t0100002\nmnt_id:\t21\nino:\t5\n" (fs/proc/fd.c seq_show). */
    private static byte[] fdinfo(FdTable files, int fd) {
        OpenFile f = files.acquire(fd);
        try {
            int flags = f.flags();
            if (files.getFdFlags(fd) != 0) flags |= O_CLOEXEC;
            ProcText o = new ProcText();
            o.put("pos:\t").put(f.position()).nl();
            o.put("flags:\t0").put(Integer.toOctalString(flags)).nl();
            o.put("mnt_id:\t").put(f.path().mount().id()).nl();
            o.put("ino:\t").put(f.inode().ino()).nl();
            return o.bytes();
        } finally {
            f.put();
        }
    }

    /** r-x for a readable file, -wx for a writable one, as tid_fd_update_inode sets them. */
    private static int linkMode(OpenFile f) {
        int m = 0;
        if (f.canRead()) m |= 0500;
        if (f.canWrite()) m |= 0300;
        return m;
    }

    private static boolean isOpen(FdTable files, int fd, OpenFile expected) {
        try {
            return files.getRaw(fd) == expected;
        } catch (ErrnoException closed) {
            return false;
        }
    }

    /** One fd's symlink. */
    private static final class FdLink extends PseudoSymlink {
        private final FdTable files;
        private final int fd;
        private final OpenFile file;

        FdLink(SuperBlock sb, int perm, TaskInfo task, FdTable files, int fd, OpenFile file, Target target,
               Jump jump) {
            super(sb, perm, task, target, jump);
            this.files = files;
            this.fd = fd;
            this.file = file;
        }

        @Override
        public boolean valid() {
            return super.valid() && isOpen(files, fd, file);
        }
    }
}
