package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import dev.umk.fs.Names;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import dev.umk.fs.Vfs;
import dev.umk.fs.VfsPath;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.Rlimits;
import dev.umk.sched.Task;

/**
 * Argument helpers every file syscall shares (xv6's argfd/argstr): fd lookups, installing
 * new fds under RLIMIT_NOFILE, path strings from guest memory, and the directory a *at()
 * path starts from.
 */
final class FsArgs {
    private FsArgs() {}

    static Vfs vfs(Task t) {
        return t.kernel().vfs();
    }

    static KernelFiles files(Task t) {
        return KernelFiles.of(t.kernel());
    }

    static FsContext fs(Task t) {
        return t.group().fs();
    }

    static Credentials cred(Task t) {
        return t.group().cred();
    }

    static FdTable fds(Task t) {
        FdTable f = t.group().files();
        if (f == null) throw new ErrnoException(Errno.EBADF);
        return f;
    }

    static long nofile(Task t) {
        return t.group().rlimits().cur(Rlimits.NOFILE);
    }

    /** The file at {@code fd} (fdget): EBADF when closed or O_PATH. */
    static OpenFile file(Task t, int fd) {
        return fds(t).get(fd);
    }

    /** The file at {@code fd}, O_PATH included (fdget_raw). */
    static OpenFile fileRaw(Task t, int fd) {
        return fds(t).getRaw(fd);
    }

    /** Installs {@code f} at the lowest free fd; on failure the caller's reference is dropped. */
    static int install(Task t, OpenFile f, boolean cloexec) {
        try {
            return fds(t).install(f, cloexec, nofile(t));
        } catch (RuntimeException e) {
            f.put();
            throw e;
        }
    }

    /** A path argument: EFAULT for a bad pointer, ENAMETOOLONG at PATH_MAX; may be empty. */
    static String path(Task t, long va) {
        return Names.fromBytes(t.mm().readCString(va, PATH_MAX));
    }

    /** A path argument that must not be empty (ENOENT), as every call without AT_EMPTY_PATH wants. */
    static String nonEmptyPath(Task t, long va) {
        String p = path(t, va);
        if (p.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        return p;
    }

    /**
     * Where a *at() path starts: null for AT_FDCWD or an absolute path (the VFS then uses the
     * cwd or the root); else the dirfd's place, which must be a directory unless the path is
     * empty (AT_EMPTY_PATH works on the fd itself).
     */
    static VfsPath dir(Task t, int dirfd, String path) {
        if (dirfd == AT_FDCWD || (!path.isEmpty() && path.charAt(0) == '/')) return null;
        VfsPath p = fileRaw(t, dirfd).path();
        if (!path.isEmpty() && !p.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        return p;
    }

    static Blocker blocker(Task t) {
        return SyscallHooks.blocker(t);
    }

    /** The caller's memory as file code (ioctl handlers) sees it. */
    static UserMemory user(Task t) {
        AddressSpace mm = t.mm();
        return new UserMemory() {
            @Override
            public void read(long va, byte[] dst, int off, int len) {
                mm.read(va, dst, off, len);
            }

            @Override
            public void write(long va, byte[] src, int off, int len) {
                mm.write(va, src, off, len);
            }
        };
    }
}
