package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.kernel.Credentials.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;

/**
 * Linux's discretionary access checks: generic_permission with the capability overrides
 * root has (read and write always, execute only when some x bit is set, search on any
 * directory), the sticky-directory rule, and the may_create / may_delete preconditions of
 * directory changes.
 */
public final class Permission {
    private Permission() {}

    public static final int MAY_EXEC = 1;
    public static final int MAY_WRITE = 2;
    public static final int MAY_READ = 4;

    /** inode_permission: EROFS for a write to a file, directory or symlink of a read-only superblock, else DAC. */
    public static void check(Inode inode, Credentials cred, int mask) {
        if ((mask & MAY_WRITE) != 0 && inode.sb().readOnly()) {
            int t = inode.type();
            if (t == S_IFREG || t == S_IFDIR || t == S_IFLNK) throw new ErrnoException(Errno.EROFS);
        }
        if (!allowed(inode, cred, mask)) throw new ErrnoException(Errno.EACCES);
    }

    /** generic_permission as a predicate. */
    public static boolean allowed(Inode inode, Credentials cred, int mask) {
        mask &= MAY_READ | MAY_WRITE | MAY_EXEC;
        int fileMode;
        int uid, gid;
        synchronized (inode) {
            fileMode = inode.mode;
            uid = inode.uid;
            gid = inode.gid;
        }
        int m = fileMode;
        if (cred.fsuid() == uid) m >>= 6;
        else if (cred.inGroup(gid)) m >>= 3;
        if ((mask & ~m & 7) == 0) return true;
        if (isDir(fileMode)) {
            if ((mask & MAY_WRITE) == 0 && cred.capable(CAP_DAC_READ_SEARCH)) return true;
            return cred.capable(CAP_DAC_OVERRIDE);
        }
        if (mask == MAY_READ && cred.capable(CAP_DAC_READ_SEARCH)) return true;
        if ((mask & MAY_EXEC) == 0 || (fileMode & S_IXUGO) != 0) return cred.capable(CAP_DAC_OVERRIDE);
        return false;
    }

    /** inode_owner_or_capable: the fsuid owns the inode, or CAP_FOWNER. */
    public static boolean ownerOrCapable(Inode inode, Credentials cred) {
        return cred.fsuid() == inode.uid() || cred.capable(CAP_FOWNER);
    }

    /** check_sticky: in a sticky directory only the file's or the directory's owner may remove or rename. */
    public static boolean stickyForbids(Inode dir, Inode victim, Credentials cred) {
        if ((dir.mode() & S_ISVTX) == 0) return false;
        if (victim.uid() == cred.fsuid() || dir.uid() == cred.fsuid()) return false;
        return !cred.capable(CAP_FOWNER);
    }

    /** may_create: the directory is alive and writable and searchable. */
    public static void mayCreate(Inode dir, Credentials cred) {
        if (dir.isDeadDir()) throw new ErrnoException(Errno.ENOENT);
        check(dir, cred, MAY_WRITE | MAY_EXEC);
    }

    /**
     * may_delete: may {@code victim} (named in {@code dir}) be removed or replaced, as a
     * directory when {@code isDir}.
     */
    public static void mayDelete(Inode dir, Dentry victim, boolean isDir, Credentials cred) {
        Inode v = victim.inode();
        if (v == null) throw new ErrnoException(Errno.ENOENT);
        check(dir, cred, MAY_WRITE | MAY_EXEC);
        if (stickyForbids(dir, v, cred)) throw new ErrnoException(Errno.EPERM);
        if (isDir) {
            if (!v.isDir()) throw new ErrnoException(Errno.ENOTDIR);
            if (victim.isRoot()) throw new ErrnoException(Errno.EBUSY);
        } else if (v.isDir()) {
            throw new ErrnoException(Errno.EISDIR);
        }
        if (dir.isDeadDir()) throw new ErrnoException(Errno.ENOENT);
    }
}
