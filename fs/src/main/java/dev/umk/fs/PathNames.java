package dev.umk.fs;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;

/**
 * Names of places and the process's own places: getcwd and d_path (with Linux's
 * "(unreachable)" prefix for places outside the caller's root and " (deleted)" suffix for
 * unlinked files), chdir, fchdir and chroot.
 */
final class PathNames {
    private final Vfs vfs;

    PathNames(Vfs vfs) {
        this.vfs = vfs;
    }

    String getcwd(FsContext fs) {
        VfsPath cwd = fs.cwd();
        if (unlinked(cwd.dentry())) throw new ErrnoException(Errno.ENOENT);
        return name(cwd, fs.root());
    }

    /** d_path. */
    String dPath(VfsPath p, VfsPath root) {
        if (p.dentry().isAnonymous()) return p.dentry().name();
        String s = name(p, root);
        return unlinked(p.dentry()) ? s + " (deleted)" : s;
    }

    private static boolean unlinked(Dentry d) {
        return d.isUnhashed() && !d.isRoot();
    }

    /** prepend_path: walks up to {@code root}; prefixes "(unreachable)" when the namespace top comes first. */
    static String name(VfsPath p, VfsPath root) {
        StringBuilder sb = new StringBuilder();
        Mount m = p.mount();
        Dentry d = p.dentry();
        boolean unreachable = false;
        while (!(d == root.dentry() && m == root.mount())) {
            if (d == m.root() || d.isRoot()) {
                Mount parent = m.parent();
                if (parent == null || d != m.root()) {
                    unreachable = true;
                    break;
                }
                d = m.mountpoint();
                m = parent;
                continue;
            }
            sb.insert(0, d.name()).insert(0, '/');
            d = d.parent();
        }
        if (sb.length() == 0) sb.append('/');
        return unreachable ? "(unreachable)" + sb : sb.toString();
    }

    void chdir(FsContext fs, Credentials cred, VfsPath p) {
        if (!p.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        Permission.check(p.inode(), cred, Permission.MAY_EXEC);
        fs.setCwd(p);
    }

    void chroot(FsContext fs, Credentials cred, VfsPath p) {
        if (!p.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        Permission.check(p.inode(), cred, Permission.MAY_EXEC);
        if (!cred.capable(Credentials.CAP_SYS_CHROOT)) throw new ErrnoException(Errno.EPERM);
        fs.setRoot(p);
    }
}
