package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Nameidata.LastType;

/**
 * renameat2(2) as Linux's do_renameat2 + vfs_rename: flag rules, EXDEV across mounts,
 * EBUSY for dots and mountpoints, trailing-slash rules, the ancestor checks (EINVAL when
 * moving a directory into itself, ENOTEMPTY when the target is an ancestor of the source),
 * may_delete / may_create on both sides, write permission on a directory whose ".." must
 * change, and the no-op rename of a name onto another link of the same inode.
 *
 * <p>Lock ordering: the superblock's rename lock, then the two parent dentries (ancestor
 * first, else ascending id), as Linux's lock_rename.
 */
final class RenameOp {
    private final Vfs vfs;

    RenameOp(Vfs vfs) {
        this.vfs = vfs;
    }

    void rename(FsContext fs, Credentials cred, VfsPath oldDir, String oldPath, VfsPath newDir, String newPath, int flags) {
        if ((flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)) != 0 && (flags & RENAME_EXCHANGE) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & RENAME_WHITEOUT) != 0 && !cred.capable(Credentials.CAP_MKNOD)) throw new ErrnoException(Errno.EPERM);
        Nameidata on = vfs.walker().walkParent(fs.root(), vfs.start(fs, oldDir), cred, oldPath);
        Nameidata nn = vfs.walker().walkParent(fs.root(), vfs.start(fs, newDir), cred, newPath);
        if (on.parent.mount() != nn.parent.mount()) throw new ErrnoException(Errno.EXDEV);
        if (on.type != LastType.NORMAL) throw new ErrnoException(Errno.EBUSY);
        if (nn.type != LastType.NORMAL) {
            throw new ErrnoException((flags & RENAME_NOREPLACE) != 0 ? Errno.EEXIST : Errno.EBUSY);
        }
        Vfs.wantWrite(on.parent.mount());
        SuperBlock sb = on.parent.inode().sb();
        Dentry op = on.parent.dentry(), np = nn.parent.dentry();
        sb.renameLock().lock();
        try {
            Dentry first, second;
            if (op == np || np.isSubdirOf(op)) {
                first = op;
                second = np;
            } else if (op.isSubdirOf(np)) {
                first = np;
                second = op;
            } else {
                first = op.id() < np.id() ? op : np;
                second = first == op ? np : op;
            }
            first.lock().lock();
            if (second != first) second.lock().lock();
            try {
                renameLocked(cred, on, nn, flags);
            } finally {
                if (second != first) second.lock().unlock();
                first.lock().unlock();
            }
        } finally {
            sb.renameLock().unlock();
        }
    }

    private void renameLocked(Credentials cred, Nameidata on, Nameidata nn, int flags) {
        boolean exchange = (flags & RENAME_EXCHANGE) != 0;
        Dentry op = on.parent.dentry(), np = nn.parent.dentry();
        Dentry source = vfs.walker().lookupChild(op, on.last);
        if (source.isNegative()) throw new ErrnoException(Errno.ENOENT);
        Dentry target = vfs.walker().lookupChild(np, nn.last);
        if ((flags & RENAME_NOREPLACE) != 0 && !target.isNegative()) throw new ErrnoException(Errno.EEXIST);
        if (exchange) {
            if (target.isNegative()) throw new ErrnoException(Errno.ENOENT);
            if (!target.inode().isDir() && nn.trailingSlash) throw new ErrnoException(Errno.ENOTDIR);
        }
        Inode src = source.inode();
        boolean isDir = src.isDir();
        if (!isDir && (on.trailingSlash || (!exchange && nn.trailingSlash))) throw new ErrnoException(Errno.ENOTDIR);
        if (isDir && np.isSubdirOf(source)) throw new ErrnoException(Errno.EINVAL);
        if (!target.isNegative() && target.inode().isDir() && op.isSubdirOf(target)) {
            throw new ErrnoException(exchange ? Errno.EINVAL : Errno.ENOTEMPTY);
        }
        Inode tgt = target.inode();
        if (tgt != null && (tgt == src || (tgt.sb() == src.sb() && tgt.ino() == src.ino()))) return;

        Inode oldDirInode = op.inode(), newDirInode = np.inode();
        Permission.mayDelete(oldDirInode, source, isDir, cred);
        boolean newIsDir = tgt != null && tgt.isDir();
        if (tgt == null) Permission.mayCreate(newDirInode, cred);
        else Permission.mayDelete(newDirInode, target, exchange ? newIsDir : isDir, cred);
        if (op != np) {
            if (isDir) Permission.check(src, cred, Permission.MAY_WRITE);
            if (exchange && newIsDir) Permission.check(tgt, cred, Permission.MAY_WRITE);
        }
        if (source.isMountpoint() || target.isMountpoint()) throw new ErrnoException(Errno.EBUSY);

        oldDirInode.rename(on.last, src, newDirInode, nn.last, tgt, flags & (RENAME_EXCHANGE | RENAME_WHITEOUT));

        if (exchange) {
            source.move(np, nn.last);
            target.move(op, on.last);
        } else {
            if (tgt != null) {
                target.pruneChildren();
                target.unhash();
            }
            source.move(np, nn.last);
        }
    }
}
