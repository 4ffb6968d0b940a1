package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;
import static dev.umk.fs.Permission.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.pipe.Fifo;

/**
 * open(2) as Linux's path_openat / do_open / may_open: flag validation, O_CREAT with
 * O_EXCL and dangling symlinks, O_TMPFILE, O_PATH, O_NOFOLLOW, O_DIRECTORY, O_TRUNC,
 * permission and read-only checks, then the kind-specific open (filesystem file,
 * directory, device, FIFO).
 */
final class OpenOps {
    /** Operations of O_PATH files: nothing but the path is usable (OpenFile refuses the rest). */
    private static final FileOperations PATH_OPS = new FileOperations() {};

    private final Vfs vfs;

    OpenOps(Vfs vfs) {
        this.vfs = vfs;
    }

    OpenFile open(FsContext fs, Credentials cred, VfsPath dir, String path, int flags, int mode, Blocker blocker) {
        if ((flags & O_PATH) != 0) flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
        boolean tmpfile = (flags & O_TMPFILE_BIT) != 0;
        if (tmpfile) {
            if ((flags & (O_TMPFILE | O_CREAT)) != O_TMPFILE) throw new ErrnoException(Errno.EINVAL);
            int acc = flags & O_ACCMODE;
            if (acc != O_WRONLY && acc != O_RDWR) throw new ErrnoException(Errno.EINVAL);
        } else if ((flags & (O_CREAT | O_DIRECTORY)) == (O_CREAT | O_DIRECTORY)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (path.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        VfsPath root = fs.root(), start = vfs.start(fs, dir);
        if (tmpfile) return openTmpfile(fs, cred, vfs.walker().lookup(root, start, cred, path, PathWalker.FOLLOW | PathWalker.DIRECTORY), flags, mode);

        boolean creat = (flags & O_CREAT) != 0;
        boolean follow = (flags & O_NOFOLLOW) == 0 && !(creat && (flags & O_EXCL) != 0);
        Nameidata nd = vfs.walker().resolve(root, start, cred, path, follow ? PathWalker.FOLLOW : 0);
        VfsPath p = nd.child();
        boolean created = false;
        if (creat) {
            boolean named = nd.type == Nameidata.LastType.NORMAL || (nd.type == Nameidata.LastType.JUMPED && !p.inode().isDir());
            if (!named || nd.trailingSlash) throw new ErrnoException(Errno.EISDIR);
            if (p.isNegative()) {
                Created c = createLast(fs, cred, nd, mode);
                p = c.path;
                created = c.created;
            }
            if (!created && (flags & O_EXCL) != 0) throw new ErrnoException(Errno.EEXIST);
            if (!created && p.inode().isDir()) throw new ErrnoException(Errno.EISDIR);
        } else if (p.isNegative()) {
            throw new ErrnoException(Errno.ENOENT);
        }
        Inode inode = p.inode();
        if (((flags & O_DIRECTORY) != 0 || nd.trailingSlash) && !inode.isDir()) throw new ErrnoException(Errno.ENOTDIR);
        if ((flags & O_PATH) != 0) return pathFile(p, flags, cred);
        if (inode.isSymlink()) throw new ErrnoException(Errno.ELOOP);
        boolean truncate = false;
        int accMode = accMode(flags);
        if (created) {
            accMode = 0;
        } else if (inode.isRegular() && (flags & O_TRUNC) != 0) {
            Vfs.wantWrite(p.mount());
            truncate = true;
        }
        mayOpen(p, cred, accMode, flags);
        OpenFile f = openResolved(p, flags, cred, blocker, true);
        if (truncate) {
            try {
                inode.getWriteAccess();
                try {
                    AttrOps.truncateOpen(inode, cred);
                } finally {
                    inode.putWriteAccess();
                }
            } catch (ErrnoException e) {
                f.put();
                throw e;
            }
        }
        return f;
    }

    /** What createLast found: the file, and whether this call made it (or lost a race to another creator). */
    private record Created(VfsPath path, boolean created) {}

    /** Creates the missing last component under the parent's lock, or finds what a racing creator made. */
    private Created createLast(FsContext fs, Credentials cred, Nameidata nd, int mode) {
        VfsPath parent = nd.parent;
        Dentry pd = parent.dentry();
        pd.lock().lock();
        try {
            VfsPath p = vfs.walker().lookupOne(parent, nd.last);
            if (!p.isNegative()) return new Created(p, false);
            Vfs.wantWrite(parent.mount());
            Permission.mayCreate(parent.inode(), cred);
            int m = S_IFREG | (mode & S_IALLUGO & ~fs.umask());
            Inode i = parent.inode().create(nd.last, Vfs.newInode(parent.inode(), cred, m, 0));
            Dentry d = Dentry.child(pd, nd.last, i);
            pd.cacheChild(d);
            return new Created(new VfsPath(parent.mount(), d), true);
        } finally {
            pd.lock().unlock();
        }
    }

    private OpenFile openTmpfile(FsContext fs, Credentials cred, VfsPath dir, int flags, int mode) {
        Vfs.wantWrite(dir.mount());
        Permission.mayCreate(dir.inode(), cred);
        int m = S_IFREG | (mode & S_IALLUGO & ~fs.umask());
        Inode i = dir.inode().tmpfile(Vfs.newInode(dir.inode(), cred, m, 0));
        Dentry d = Dentry.unlinked(dir.dentry(), "#" + i.ino(), i);
        OpenFile f = new OpenFile(new VfsPath(dir.mount(), d), flags, cred);
        f.setOps(i.open(f));
        if ((flags & O_EXCL) == 0) i.setLinkable();
        return f;
    }

    private static OpenFile pathFile(VfsPath p, int flags, Credentials cred) {
        OpenFile f = new OpenFile(p, flags, cred);
        f.setOps(PATH_OPS);
        return f;
    }

    /** ACC_MODE plus MAY_WRITE for O_TRUNC. */
    private static int accMode(int flags) {
        int acc = switch (flags & O_ACCMODE) {
            case O_RDONLY -> MAY_READ;
            case O_WRONLY -> MAY_WRITE;
            default -> MAY_READ | MAY_WRITE;
        };
        if ((flags & O_TRUNC) != 0) acc |= MAY_WRITE;
        return acc;
    }

    /** may_open. */
    private static void mayOpen(VfsPath p, Credentials cred, int accMode, int flags) {
        Inode inode = p.inode();
        switch (inode.type()) {
            case S_IFLNK -> throw new ErrnoException(Errno.ELOOP);
            case S_IFDIR -> {
                if ((accMode & MAY_WRITE) != 0) throw new ErrnoException(Errno.EISDIR);
                if ((accMode & MAY_EXEC) != 0) throw new ErrnoException(Errno.EACCES);
            }
            case S_IFBLK, S_IFCHR -> {
                if (p.mount().noDev()) throw new ErrnoException(Errno.EACCES);
                if ((accMode & MAY_EXEC) != 0) throw new ErrnoException(Errno.EACCES);
            }
            case S_IFIFO, S_IFSOCK -> {
                if ((accMode & MAY_EXEC) != 0) throw new ErrnoException(Errno.EACCES);
            }
            case S_IFREG -> {
                if ((accMode & MAY_EXEC) != 0 && p.mount().noExec()) throw new ErrnoException(Errno.EACCES);
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        if (accMode != 0) Permission.check(inode, cred, accMode);
        if ((flags & O_NOATIME) != 0 && !Permission.ownerOrCapable(inode, cred)) throw new ErrnoException(Errno.EPERM);
    }

    /** vfs_open: builds the OpenFile and attaches the operations its kind of inode has. */
    OpenFile openResolved(VfsPath p, int flags, Credentials cred, Blocker blocker, boolean checked) {
        if ((flags & O_PATH) != 0) return pathFile(p, flags, cred);
        Inode inode = p.inode();
        if (!checked) mayOpen(p, cred, accMode(flags), flags);
        OpenFile f = new OpenFile(p, flags, cred);
        try {
            if (f.canWrite() && (inode.isRegular() || inode.isDir())) Vfs.wantWrite(p.mount());
            if (f.canWrite() && inode.isRegular()) f.takeWriteAccess();
            f.setOps(switch (inode.type()) {
                case S_IFREG, S_IFDIR -> inode.open(f);
                case S_IFCHR -> vfs.devices().openChar(inode.rdev(), f);
                case S_IFIFO -> Fifo.open(f, blocker);
                default -> throw new ErrnoException(Errno.ENXIO);
            });
            return f;
        } catch (RuntimeException e) {
            f.put();
            throw e;
        }
    }

    /** The executable stays write-protected (ETXTBSY) until the returned file is put. */
    OpenFile openExec(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags) {
        if ((atFlags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        VfsPath p = vfs.lookupAt(fs, cred, dir, path, atFlags);
        Inode inode = p.inode();
        if (inode.isSymlink()) throw new ErrnoException(Errno.ELOOP);
        if (!inode.isRegular() || p.mount().noExec()) throw new ErrnoException(Errno.EACCES);
        Permission.check(inode, cred, MAY_EXEC);
        OpenFile f = new OpenFile(p, O_RDONLY, cred);
        try {
            f.denyWriters();
            f.setOps(inode.open(f));
        } catch (RuntimeException e) {
            f.put();
            throw e;
        }
        return f;
    }
}
