package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsContext;
import dev.umk.fs.OpenFile;
import dev.umk.fs.Vfs;
import dev.umk.fs.VfsPath;
import dev.umk.sched.Task;

/**
 * openat2's RESOLVE_* flags. RESOLVE_IN_ROOT walks with the start directory as the root;
 * RESOLVE_BENEATH does the same but refuses absolute paths and ".." above the start with
 * EXDEV. RESOLVE_NO_SYMLINKS and RESOLVE_NO_XDEV are checked component by component before
 * the open (ELOOP, EXDEV). RESOLVE_NO_MAGICLINKS has nothing to refuse: umk has no magic
 * links. RESOLVE_CACHED is always EAGAIN, which its callers must handle anyway.
 *
 * <p>Limits: the component checks look at the path as written, so a symlink's target is
 * not itself checked for BENEATH escapes (it is resolved inside the start, as IN_ROOT does).
 */
final class ResolveFlags {
    private ResolveFlags() {}

    static final long RESOLVE_NO_XDEV = 0x01, RESOLVE_NO_MAGICLINKS = 0x02, RESOLVE_NO_SYMLINKS = 0x04,
            RESOLVE_BENEATH = 0x08, RESOLVE_IN_ROOT = 0x10, RESOLVE_CACHED = 0x20;
    private static final long VALID = RESOLVE_NO_XDEV | RESOLVE_NO_MAGICLINKS | RESOLVE_NO_SYMLINKS
            | RESOLVE_BENEATH | RESOLVE_IN_ROOT | RESOLVE_CACHED;

    static void validate(long resolve, int flags) {
        if ((resolve & ~VALID) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) == (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((resolve & RESOLVE_CACHED) != 0) {
            if ((flags & (O_TRUNC | O_CREAT | O_TMPFILE_BIT)) != 0) throw new ErrnoException(Errno.EINVAL);
            throw new ErrnoException(Errno.EAGAIN);
        }
    }

    static long open(Task t, int dirfd, String path, int flags, int mode, long resolve) {
        FsContext fs = FsArgs.fs(t);
        VfsPath start = dirfd == AT_FDCWD ? fs.cwd() : FsArgs.fileRaw(t, dirfd).path();
        if (!start.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        boolean scoped = (resolve & (RESOLVE_BENEATH | RESOLVE_IN_ROOT)) != 0;
        if ((resolve & RESOLVE_BENEATH) != 0) checkBeneath(path);
        FsContext ctx = scoped ? new FsContext(start, start, fs.umask()) : fs;
        try {
            VfsPath dir = scoped || path.startsWith("/") ? null : start;
            if ((resolve & (RESOLVE_NO_SYMLINKS | RESOLVE_NO_XDEV)) != 0) {
                checkComponents(FsArgs.vfs(t), ctx, FsArgs.cred(t), dir, path, flags, resolve, start);
            }
            OpenFile f = FsArgs.vfs(t).open(ctx, FsArgs.cred(t), dir, path, flags, mode, FsArgs.blocker(t));
            return FsArgs.install(t, f, (flags & O_CLOEXEC) != 0);
        } finally {
            if (scoped) ctx.release();
        }
    }

    /** RESOLVE_BENEATH: no absolute path, and no ".." that climbs above the start. */
    private static void checkBeneath(String path) {
        if (path.startsWith("/")) throw new ErrnoException(Errno.EXDEV);
        int depth = 0;
        for (String c : path.split("/")) {
            if (c.isEmpty() || c.equals(".")) continue;
            depth += c.equals("..") ? -1 : 1;
            if (depth < 0) throw new ErrnoException(Errno.EXDEV);
        }
    }

    /** Each existing prefix of the path: no symlink (ELOOP), no other mount than the start's (EXDEV). */
    private static void checkComponents(Vfs vfs, FsContext ctx, Credentials cred, VfsPath dir, String path, int flags,
                                        long resolve, VfsPath start) {
        long startMount = start.mount().id();
        String[] parts = path.split("/");
        StringBuilder prefix = new StringBuilder(path.startsWith("/") ? "/" : "");
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].isEmpty()) continue;
            if (prefix.length() > 0 && prefix.charAt(prefix.length() - 1) != '/') prefix.append('/');
            prefix.append(parts[i]);
            Stat st;
            try {
                st = vfs.stat(ctx, cred, dir, prefix.toString(), AT_SYMLINK_NOFOLLOW);
            } catch (ErrnoException e) {
                if (e.errno() == Errno.ENOENT) return; // the open reports it, or creates the last component
                throw e;
            }
            boolean last = i == parts.length - 1;
            if ((resolve & RESOLVE_NO_SYMLINKS) != 0 && isLnk(st.mode) && !(last && (flags & O_PATH) != 0
                    && (flags & O_NOFOLLOW) != 0)) {
                throw new ErrnoException(Errno.ELOOP);
            }
            if ((resolve & RESOLVE_NO_XDEV) != 0 && st.mountId != startMount) throw new ErrnoException(Errno.EXDEV);
        }
    }
}
