package dev.umk.fs;

import dev.umk.core.kernel.Timespec;
import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.core.kernel.Credentials.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;

/**
 * stat, chmod, chown, utimensat, truncate, ftruncate, fallocate and access with Linux's
 * rules (setattr_prepare, chown_common, vfs_utimes, vfs_truncate, vfs_fallocate,
 * do_faccessat): who may change what (EPERM), which bits a change clears, when EROFS
 * applies, and which timestamps move.
 */
final class AttrOps {
    private final Vfs vfs;

    AttrOps(Vfs vfs) {
        this.vfs = vfs;
    }

    Stat stat(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags) {
        if ((atFlags & ~(AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_EMPTY_PATH | AT_STATX_SYNC_TYPE)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        VfsPath p = vfs.lookupAt(fs, cred, dir, path, atFlags);
        Stat st = new Stat();
        p.inode().getattr(st);
        st.mountId = p.mount().id();
        return st;
    }

    void chmod(VfsPath p, Credentials cred, int mode) {
        Inode inode = p.inode();
        if (inode.isSymlink()) throw new ErrnoException(Errno.EOPNOTSUPP);
        Vfs.wantWrite(p.mount());
        if (!Permission.ownerOrCapable(inode, cred)) throw new ErrnoException(Errno.EPERM);
        mode &= S_IALLUGO;
        if ((mode & S_ISGID) != 0 && !cred.inGroup(inode.gid()) && !cred.capable(CAP_FSETID)) mode &= ~S_ISGID;
        SetAttr a = new SetAttr();
        a.valid = SetAttr.MODE | SetAttr.CTIME;
        a.mode = mode;
        a.ctime = inode.sb().now();
        inode.setattr(a);
    }

    void chown(VfsPath p, Credentials cred, int uid, int gid) {
        Inode inode = p.inode();
        Vfs.wantWrite(p.mount());
        boolean owner = cred.fsuid() == inode.uid();
        if (uid != -1 && uid != inode.uid() && !cred.capable(CAP_CHOWN)) throw new ErrnoException(Errno.EPERM);
        if (uid != -1 && !owner && !cred.capable(CAP_CHOWN)) throw new ErrnoException(Errno.EPERM);
        if (gid != -1 && !cred.capable(CAP_CHOWN)
                && (!owner || (gid != inode.gid() && !cred.inGroup(gid)))) {
            throw new ErrnoException(Errno.EPERM);
        }
        SetAttr a = new SetAttr();
        a.valid = SetAttr.CTIME;
        a.ctime = inode.sb().now();
        if (uid != -1) {
            a.valid |= SetAttr.UID;
            a.uid = uid;
        }
        if (gid != -1) {
            a.valid |= SetAttr.GID;
            a.gid = gid;
        }
        int mode = inode.mode();
        if (!inode.isDir()) {
            int m = mode & ~S_ISUID;
            if ((m & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) m &= ~S_ISGID;
            if (m != mode) {
                a.valid |= SetAttr.MODE;
                a.mode = m;
            }
        }
        inode.setattr(a);
    }

    /**
     * vfs_utimes. {@code times} is {atime sec, atime nsec, mtime sec, mtime nsec} with
     * UTIME_NOW/UTIME_OMIT allowed in the nsec fields, or null for "both now".
     */
    void utimens(VfsPath p, Credentials cred, long[] times) {
        Inode inode = p.inode();
        Vfs.wantWrite(p.mount());
        Timespec now = inode.sb().now();
        boolean touch = times == null || (times[1] == UTIME_NOW && times[3] == UTIME_NOW);
        if (!Permission.ownerOrCapable(inode, cred)) {
            if (!touch) throw new ErrnoException(Errno.EPERM);
            Permission.check(inode, cred, Permission.MAY_WRITE);
        }
        SetAttr a = new SetAttr();
        a.valid = SetAttr.CTIME;
        a.ctime = now;
        if (touch || times[1] != UTIME_OMIT) {
            a.valid |= SetAttr.ATIME;
            a.atime = touch || times[1] == UTIME_NOW ? now : new Timespec(times[0], times[1]);
        }
        if (touch || times[3] != UTIME_OMIT) {
            a.valid |= SetAttr.MTIME;
            a.mtime = touch || times[3] == UTIME_NOW ? now : new Timespec(times[2], times[3]);
        }
        inode.setattr(a);
    }

    /** True when an nsec field of utimensat is acceptable. */
    static boolean validNsec(long nsec) {
        return (nsec >= 0 && nsec < 1_000_000_000L) || nsec == UTIME_NOW || nsec == UTIME_OMIT;
    }

    void truncate(VfsPath p, Credentials cred, long length) {
        if (length < 0) throw new ErrnoException(Errno.EINVAL);
        Inode inode = p.inode();
        if (inode.isDir()) throw new ErrnoException(Errno.EISDIR);
        if (!inode.isRegular()) throw new ErrnoException(Errno.EINVAL);
        Vfs.wantWrite(p.mount());
        Permission.check(inode, cred, Permission.MAY_WRITE);
        inode.getWriteAccess();
        try {
            resize(inode, cred, length, false);
        } finally {
            inode.putWriteAccess();
        }
    }

    void ftruncate(OpenFile f, long length) {
        if (length < 0) throw new ErrnoException(Errno.EINVAL);
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        if (!f.inode().isRegular() || !f.canWrite()) throw new ErrnoException(Errno.EINVAL);
        resize(f.inode(), f.cred(), length, true);
    }

    /** O_TRUNC of an existing regular file. */
    static void truncateOpen(Inode inode, Credentials cred) {
        resize(inode, cred, 0, true);
    }

    /** do_truncate: set the size; timestamps always when {@code touch}, else only when the size changes. */
    private static void resize(Inode inode, Credentials cred, long length, boolean touch) {
        inode.killPrivileges(cred);
        SetAttr a = new SetAttr();
        a.valid = SetAttr.SIZE;
        a.size = length;
        if (touch || inode.size() != length) {
            Timespec now = inode.sb().now();
            a.valid |= SetAttr.MTIME | SetAttr.CTIME;
            a.mtime = now;
            a.ctime = now;
        }
        inode.setattr(a);
    }

    void fallocate(OpenFile f, int mode, long offset, long len) {
        if (offset < 0 || len <= 0) throw new ErrnoException(Errno.EINVAL);
        int supported = FALLOC_FL_KEEP_SIZE | FALLOC_FL_PUNCH_HOLE | FALLOC_FL_COLLAPSE_RANGE
                | FALLOC_FL_ZERO_RANGE | FALLOC_FL_INSERT_RANGE;
        if ((mode & ~supported) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
        if ((mode & FALLOC_FL_PUNCH_HOLE) != 0 && (mode & FALLOC_FL_KEEP_SIZE) == 0) {
            throw new ErrnoException(Errno.EOPNOTSUPP);
        }
        if (f.isPath() || !f.canWrite()) throw new ErrnoException(Errno.EBADF);
        Inode inode = f.inode();
        if (isFifo(inode.mode())) throw new ErrnoException(Errno.ESPIPE);
        if (inode.isDir()) throw new ErrnoException(Errno.EISDIR);
        if (!inode.isRegular()) throw new ErrnoException(Errno.ENODEV);
        if (offset + len < 0) throw new ErrnoException(Errno.EFBIG);
        inode.killPrivileges(f.cred());
        f.ops().fallocate(f, mode, offset, len);
    }

    void access(FsContext fs, Credentials cred, VfsPath dir, String path, int mode, int flags) {
        if ((mode & ~7) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        Credentials c = (flags & AT_EACCESS) != 0 ? cred : cred.forAccess();
        VfsPath p = vfs.lookupAt(fs, c, dir, path, flags);
        Inode inode = p.inode();
        if ((mode & X_OK) != 0 && inode.isRegular() && p.mount().noExec()) throw new ErrnoException(Errno.EACCES);
        Permission.check(inode, c, mode);
        int t = inode.type();
        boolean special = t == S_IFCHR || t == S_IFBLK || t == S_IFIFO || t == S_IFSOCK;
        if ((mode & W_OK) != 0 && !special && p.mount().readOnly()) throw new ErrnoException(Errno.EROFS);
    }
}
