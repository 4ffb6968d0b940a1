package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Nameidata.LastType;

/**
 * mkdir, mknod, symlink, link, unlink and rmdir, in the order Linux checks things:
 * filename_create (EEXIST, ENOENT for a trailing slash on a non-directory, EROFS), then
 * may_create / may_delete (EACCES, EPERM for sticky directories, ENOTDIR/EISDIR), then
 * mountpoint checks (EBUSY), then the filesystem.
 */
final class DirOps {
    private final Vfs vfs;

    DirOps(Vfs vfs) {
        this.vfs = vfs;
    }

    /** A parent directory locked for creating {@code name}, which is known not to exist. */
    private record Creation(VfsPath parent, String name) {
        Inode dir() { return parent.inode(); }

        Dentry dentry() { return parent.dentry(); }

        void unlock() { parent.dentry().lock().unlock(); }
    }

    /** filename_create: returns with the parent's lock held; the caller must unlock. */
    private Creation prepareCreate(FsContext fs, Credentials cred, VfsPath dir, String path, boolean wantDir) {
        Nameidata nd = vfs.walker().walkParent(fs.root(), vfs.start(fs, dir), cred, path);
        if (nd.type != LastType.NORMAL) throw new ErrnoException(Errno.EEXIST);
        Dentry pd = nd.parent.dentry();
        pd.lock().lock();
        try {
            if (!vfs.walker().lookupChild(pd, nd.last).isNegative()) throw new ErrnoException(Errno.EEXIST);
            if (nd.trailingSlash && !wantDir) throw new ErrnoException(Errno.ENOENT);
            Vfs.wantWrite(nd.parent.mount());
            return new Creation(nd.parent, nd.last);
        } catch (RuntimeException e) {
            pd.lock().unlock();
            throw e;
        }
    }

    private static void added(Creation c, Inode inode) {
        c.dentry().cacheChild(Dentry.child(c.dentry(), c.name(), inode));
    }

    void mkdir(FsContext fs, Credentials cred, VfsPath dir, String path, int mode) {
        Creation c = prepareCreate(fs, cred, dir, path, true);
        try {
            Permission.mayCreate(c.dir(), cred);
            int m = S_IFDIR | (mode & (0777 | S_ISVTX) & ~fs.umask());
            added(c, c.dir().mkdir(c.name(), Vfs.newInode(c.dir(), cred, m, 0)));
        } finally {
            c.unlock();
        }
    }

    void mknod(FsContext fs, Credentials cred, VfsPath dir, String path, int mode, long dev) {
        int type = mode & S_IFMT;
        switch (type) {
            case 0, S_IFREG, S_IFCHR, S_IFBLK, S_IFIFO, S_IFSOCK -> { }
            case S_IFDIR -> throw new ErrnoException(Errno.EPERM);
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        if (type == 0) type = S_IFREG;
        Creation c = prepareCreate(fs, cred, dir, path, false);
        try {
            Permission.mayCreate(c.dir(), cred);
            boolean whiteout = type == S_IFCHR && dev == 0;
            if ((type == S_IFCHR || type == S_IFBLK) && !whiteout && !cred.capable(Credentials.CAP_MKNOD)) {
                throw new ErrnoException(Errno.EPERM);
            }
            int m = type | (mode & S_IALLUGO & ~fs.umask());
            long rdev = type == S_IFCHR || type == S_IFBLK ? dev : 0;
            NewInode attrs = Vfs.newInode(c.dir(), cred, m, rdev);
            added(c, type == S_IFREG ? c.dir().create(c.name(), attrs) : c.dir().mknod(c.name(), attrs));
        } finally {
            c.unlock();
        }
    }

    void symlink(FsContext fs, Credentials cred, String target, VfsPath dir, String path) {
        if (target.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        PathWalker.checkPathLength(target);
        Creation c = prepareCreate(fs, cred, dir, path, false);
        try {
            Permission.mayCreate(c.dir(), cred);
            added(c, c.dir().symlink(c.name(), target, Vfs.newInode(c.dir(), cred, S_IFLNK | 0777, 0)));
        } finally {
            c.unlock();
        }
    }

    void link(FsContext fs, Credentials cred, VfsPath oldDir, String oldPath, VfsPath newDir, String newPath, int flags) {
        if ((flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & AT_EMPTY_PATH) != 0 && oldPath.isEmpty() && !cred.capable(Credentials.CAP_DAC_READ_SEARCH)) {
            throw new ErrnoException(Errno.ENOENT);
        }
        VfsPath old = vfs.lookup(fs, cred, oldDir, oldPath, flags, (flags & AT_SYMLINK_FOLLOW) != 0);
        Creation c = prepareCreate(fs, cred, newDir, newPath, false);
        try {
            if (old.mount() != c.parent().mount()) throw new ErrnoException(Errno.EXDEV);
            Inode inode = old.inode();
            Permission.mayCreate(c.dir(), cred);
            if (inode.sb() != c.dir().sb()) throw new ErrnoException(Errno.EXDEV);
            if (inode.isDir()) throw new ErrnoException(Errno.EPERM);
            if (inode.nlink() == 0 && !inode.isLinkable()) throw new ErrnoException(Errno.ENOENT);
            c.dir().link(c.name(), inode);
            added(c, inode);
        } finally {
            c.unlock();
        }
    }

    void unlink(FsContext fs, Credentials cred, VfsPath dir, String path) {
        Nameidata nd = vfs.walker().walkParent(fs.root(), vfs.start(fs, dir), cred, path);
        if (nd.type != LastType.NORMAL) throw new ErrnoException(Errno.EISDIR);
        Vfs.wantWrite(nd.parent.mount());
        Dentry pd = nd.parent.dentry();
        pd.lock().lock();
        try {
            Dentry victim = vfs.walker().lookupChild(pd, nd.last);
            if (nd.trailingSlash) {
                if (victim.isNegative()) throw new ErrnoException(Errno.ENOENT);
                throw new ErrnoException(victim.inode().isDir() ? Errno.EISDIR : Errno.ENOTDIR);
            }
            Permission.mayDelete(pd.inode(), victim, false, cred);
            if (victim.isMountpoint()) throw new ErrnoException(Errno.EBUSY);
            pd.inode().unlink(nd.last, victim.inode());
            victim.unhash();
        } finally {
            pd.lock().unlock();
        }
    }

    void rmdir(FsContext fs, Credentials cred, VfsPath dir, String path) {
        Nameidata nd = vfs.walker().walkParent(fs.root(), vfs.start(fs, dir), cred, path);
        switch (nd.type) {
            case DOTDOT -> throw new ErrnoException(Errno.ENOTEMPTY);
            case DOT -> throw new ErrnoException(Errno.EINVAL);
            case ROOT -> throw new ErrnoException(Errno.EBUSY);
            default -> { }
        }
        Vfs.wantWrite(nd.parent.mount());
        Dentry pd = nd.parent.dentry();
        pd.lock().lock();
        try {
            Dentry victim = vfs.walker().lookupChild(pd, nd.last);
            Permission.mayDelete(pd.inode(), victim, true, cred);
            if (victim.isMountpoint()) throw new ErrnoException(Errno.EBUSY);
            victim.lock().lock();
            try {
                pd.inode().rmdir(nd.last, victim.inode());
                victim.pruneChildren();
                victim.unhash();
            } finally {
                victim.lock().unlock();
            }
        } finally {
            pd.lock().unlock();
        }
    }
}
