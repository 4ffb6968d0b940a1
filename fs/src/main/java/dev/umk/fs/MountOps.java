package dev.umk.fs;

import static dev.umk.fs.MountFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import java.util.ArrayList;
import java.util.List;

/**
 * mount(2) and umount2(2) as Linux's path_mount / path_umount: new mounts by filesystem
 * type, bind mounts (MS_BIND, MS_REC), remounts (flags of the superblock or, with
 * MS_BIND, of the mount), moves (MS_MOVE), and the /proc/mounts table. Propagation
 * changes (MS_SHARED, MS_PRIVATE, MS_SLAVE, MS_UNBINDABLE) are accepted and change
 * nothing: there is one mount namespace, so no peer group could ever receive events.
 */
final class MountOps {
    private static final long PROPAGATION = MS_SHARED | MS_PRIVATE | MS_SLAVE | MS_UNBINDABLE;

    private final Vfs vfs;

    MountOps(Vfs vfs) {
        this.vfs = vfs;
    }

    Mount mount(FsContext fs, Credentials cred, String source, VfsPath dir, String target, String fstype, long flags, String data) {
        if ((flags & MS_MGC_MSK) == MS_MGC_VAL) flags &= ~MS_MGC_MSK;
        VfsPath at = vfs.lookup(fs, cred, dir, target, 0, true);
        if (!cred.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EPERM);
        if ((flags & (MS_REMOUNT | MS_BIND)) == (MS_REMOUNT | MS_BIND)) {
            requireMountRoot(at);
            at.mount().setFlags(flags);
            return at.mount();
        }
        if ((flags & MS_REMOUNT) != 0) {
            requireMountRoot(at);
            at.mount().sb().setReadOnly((flags & MS_RDONLY) != 0);
            at.mount().setFlags(flags & ~MS_RDONLY);
            return at.mount();
        }
        if ((flags & MS_BIND) != 0) {
            if (source == null || source.isEmpty()) throw new ErrnoException(Errno.EINVAL);
            VfsPath from = vfs.lookup(fs, cred, null, source, 0, true);
            return bind(from, at, (flags & MS_REC) != 0, flags);
        }
        if ((flags & PROPAGATION) != 0) {
            requireMountRoot(at);
            return at.mount();
        }
        if ((flags & MS_MOVE) != 0) {
            if (source == null || source.isEmpty()) throw new ErrnoException(Errno.EINVAL);
            VfsPath from = vfs.lookup(fs, cred, null, source, 0, true);
            requireMountRoot(from);
            if (at.inode().isDir() != from.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
            vfs.namespace().move(from.mount(), at);
            return from.mount();
        }
        if (fstype == null || fstype.isEmpty()) throw new ErrnoException(Errno.EINVAL);
        FileSystemType type = vfs.fileSystemType(fstype);
        SuperBlock sb = type.mount(source, flags, data == null ? "" : data);
        return attachNew(at, sb, flags);
    }

    /** do_add_mount: a new mount of {@code sb} at {@code at}. */
    Mount attachNew(VfsPath at, SuperBlock sb, long flags) {
        if (at.dentry().isUnhashed() && !at.dentry().isRoot()) throw new ErrnoException(Errno.ENOENT);
        if (at.inode().isDir() != sb.root().inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        if (at.mount().sb() == sb && at.atMountRoot()) throw new ErrnoException(Errno.EBUSY);
        Mount m = new Mount(sb, sb.root(), flags);
        vfs.namespace().attach(m, at);
        return m;
    }

    /** do_loopback: the subtree at {@code from} (with the mounts below it when recursive) appears at {@code at}. */
    private Mount bind(VfsPath from, VfsPath at, boolean recursive, long flags) {
        if (at.inode().isDir() != from.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
        MountNamespace ns = vfs.namespace();
        Mount top = new Mount(from.mount().sb(), from.dentry(), from.mount().flags());
        ns.attach(top, at);
        if (recursive) {
            List<Mount> below = ns.subtree(from.mount());
            copyChildren(ns, from.mount(), top, from.dentry(), below);
        }
        return top;
    }

    private void copyChildren(MountNamespace ns, Mount src, Mount copy, Dentry under, List<Mount> all) {
        for (Mount c : all) {
            if (c.parent() != src || !c.mountpoint().isSubdirOf(under)) continue;
            Mount cc = new Mount(c.sb(), c.root(), c.flags());
            ns.attach(cc, new VfsPath(copy, c.mountpoint()));
            copyChildren(ns, c, cc, c.root(), all);
        }
    }

    void umount(FsContext fs, Credentials cred, VfsPath dir, String target, int flags) {
        if ((flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW)) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & MNT_EXPIRE) != 0 && (flags & (MNT_FORCE | MNT_DETACH)) != 0) throw new ErrnoException(Errno.EINVAL);
        VfsPath at = vfs.lookup(fs, cred, dir, target, 0, (flags & UMOUNT_NOFOLLOW) == 0);
        if (!cred.capable(Credentials.CAP_SYS_ADMIN)) throw new ErrnoException(Errno.EPERM);
        requireMountRoot(at);
        Mount m = at.mount();
        if (m == vfs.namespace().root()) throw new ErrnoException((flags & MNT_DETACH) != 0 ? Errno.EINVAL : Errno.EBUSY);
        vfs.namespace().umount(m, (flags & MNT_DETACH) != 0, 0);
    }

    private static void requireMountRoot(VfsPath p) {
        if (!p.atMountRoot()) throw new ErrnoException(Errno.EINVAL);
    }

    /** ST_* bits a mount adds to statfs f_flags. */
    static long statfsFlags(Mount m) {
        long f = m.flags(), s = 0;
        if ((f & MS_RDONLY) != 0) s |= StatFs.ST_RDONLY;
        if ((f & MS_NOSUID) != 0) s |= StatFs.ST_NOSUID;
        if ((f & MS_NODEV) != 0) s |= StatFs.ST_NODEV;
        if ((f & MS_NOEXEC) != 0) s |= StatFs.ST_NOEXEC;
        if ((f & MS_NOATIME) != 0) s |= StatFs.ST_NOATIME;
        if ((f & MS_NODIRATIME) != 0) s |= StatFs.ST_NODIRATIME;
        if ((f & MS_NOSYMFOLLOW) != 0) s |= StatFs.ST_NOSYMFOLLOW;
        if ((f & MS_STRICTATIME) == 0 && (f & MS_NOATIME) == 0) s |= StatFs.ST_RELATIME;
        return s;
    }

    /** /proc/mounts lines for the mounts visible from {@code fs}'s root. */
    List<String> table(FsContext fs) {
        VfsPath root = fs.root();
        List<String> out = new ArrayList<>();
        for (Mount m : vfs.namespace().mounts()) {
            String where = PathNames.name(m.rootPath(), root);
            if (where.startsWith("(unreachable)")) continue;
            out.add(escape(m.sb().source()) + " " + escape(where) + " " + m.sb().type() + " " + options(m) + " 0 0");
        }
        return out;
    }

    private static String options(Mount m) {
        long f = m.flags();
        StringBuilder sb = new StringBuilder(m.readOnly() ? "ro" : "rw");
        if ((f & MS_NOSUID) != 0) sb.append(",nosuid");
        if ((f & MS_NODEV) != 0) sb.append(",nodev");
        if ((f & MS_NOEXEC) != 0) sb.append(",noexec");
        if ((f & MS_NOATIME) != 0) sb.append(",noatime");
        else if ((f & MS_STRICTATIME) == 0) sb.append(",relatime");
        if ((f & MS_NOSYMFOLLOW) != 0) sb.append(",nosymfollow");
        String extra = m.sb().options();
        if (!extra.isEmpty()) sb.append(',').append(extra);
        return sb.toString();
    }

    /** Octal escapes for space, tab, newline and backslash, as /proc/mounts writes them. */
    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == ' ' || c == '\t' || c == '\n' || c == '\\') sb.append('\\').append(String.format("%03o", (int) c));
            else sb.append(c);
        }
        return sb.toString();
    }
}
