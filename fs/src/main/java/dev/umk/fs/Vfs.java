package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.devfs.DeviceRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The VFS facade the file syscalls call: one method per operation, taking the caller's
 * {@link FsContext} (root, cwd, umask), {@link Credentials}, the directory a relative path
 * starts from ({@code dir}: a dirfd's path, or null for AT_FDCWD; ignored for absolute
 * paths, so resolve a dirfd only when the path is relative or empty) and the path as a
 * byte string ({@link Names}). Every failure is an ErrnoException with Linux's errno.
 *
 * <p>The work is done by one class per family ({@link OpenOps}, {@link DirOps},
 * {@link RenameOp}, {@link AttrOps}, {@link XattrOps}, {@link MountOps}, {@link PathNames});
 * this class holds the shared state and path helpers.
 */
public final class Vfs {
    private final FsClock clock;
    private final MountNamespace ns;
    private final PathWalker walker;
    private final DeviceRegistry devices = new DeviceRegistry();
    private final Map<String, FileSystemType> types = new ConcurrentHashMap<>();
    private final OpenOps openOps = new OpenOps(this);
    private final DirOps dirOps = new DirOps(this);
    private final RenameOp renameOp = new RenameOp(this);
    private final AttrOps attrOps = new AttrOps(this);
    private final XattrOps xattrOps = new XattrOps(this);
    private final MountOps mountOps = new MountOps(this);
    private final PathNames pathNames = new PathNames(this);

    /** A VFS whose mount tree starts with {@code rootSb} mounted at "/". */
    public Vfs(SuperBlock rootSb, FsClock clock) {
        this.clock = clock;
        this.ns = new MountNamespace(new Mount(rootSb, rootSb.root(), 0));
        this.walker = new PathWalker(ns);
    }

    public FsClock clock() { return clock; }

    public MountNamespace namespace() { return ns; }

    public PathWalker walker() { return walker; }

    public DeviceRegistry devices() { return devices; }

    /** A context at the namespace root (for init). */
    public FsContext newContext(int umask) {
        VfsPath r = ns.rootPath();
        return new FsContext(r, r, umask);
    }

    public void registerFileSystem(FileSystemType type) {
        types.put(type.name(), type);
    }

    FileSystemType fileSystemType(String name) {
        FileSystemType t = types.get(name);
        if (t == null) throw new ErrnoException(Errno.ENODEV);
        return t;
    }

    /** Registered type names (for /proc/filesystems). */
    public List<String> fileSystemTypes() {
        return List.copyOf(types.keySet());
    }

    // ---- open

    /** openat(2). */
    public OpenFile open(FsContext fs, Credentials cred, VfsPath dir, String path, int flags, int mode, Blocker blocker) {
        return openOps.open(fs, cred, dir, path, flags, mode, blocker);
    }

    /** Opens an already resolved place (O_PATH fds reopened through /proc, kernel-internal opens). */
    public OpenFile openPath(VfsPath p, int flags, Credentials cred, Blocker blocker) {
        return openOps.openResolved(p, flags, cred, blocker, false);
    }

    /**
     * Opens a program for execve: a regular file the caller may execute, on a mount
     * without noexec; EACCES otherwise.
     */
    public OpenFile openExec(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags) {
        return openOps.openExec(fs, cred, dir, path, atFlags);
    }

    // ---- names

    /** mkdirat(2). */
    public void mkdir(FsContext fs, Credentials cred, VfsPath dir, String path, int mode) {
        dirOps.mkdir(fs, cred, dir, path, mode);
    }

    /** mknodat(2). */
    public void mknod(FsContext fs, Credentials cred, VfsPath dir, String path, int mode, long dev) {
        dirOps.mknod(fs, cred, dir, path, mode, dev);
    }

    /** symlinkat(2). */
    public void symlink(FsContext fs, Credentials cred, String target, VfsPath dir, String path) {
        dirOps.symlink(fs, cred, target, dir, path);
    }

    /** linkat(2): flags AT_SYMLINK_FOLLOW, AT_EMPTY_PATH. */
    public void link(FsContext fs, Credentials cred, VfsPath oldDir, String oldPath, VfsPath newDir, String newPath, int flags) {
        dirOps.link(fs, cred, oldDir, oldPath, newDir, newPath, flags);
    }

    /** unlinkat(2): flags 0 or AT_REMOVEDIR. */
    public void unlinkat(FsContext fs, Credentials cred, VfsPath dir, String path, int flags) {
        if ((flags & ~AT_REMOVEDIR) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & AT_REMOVEDIR) != 0) dirOps.rmdir(fs, cred, dir, path);
        else dirOps.unlink(fs, cred, dir, path);
    }

    public void unlink(FsContext fs, Credentials cred, VfsPath dir, String path) {
        dirOps.unlink(fs, cred, dir, path);
    }

    public void rmdir(FsContext fs, Credentials cred, VfsPath dir, String path) {
        dirOps.rmdir(fs, cred, dir, path);
    }

    /** renameat2(2). */
    public void rename(FsContext fs, Credentials cred, VfsPath oldDir, String oldPath, VfsPath newDir, String newPath, int flags) {
        renameOp.rename(fs, cred, oldDir, oldPath, newDir, newPath, flags);
    }

    /** readlinkat(2); an empty path reads the symlink {@code dir} itself refers to. */
    public String readlink(FsContext fs, Credentials cred, VfsPath dir, String path) {
        VfsPath p = path.isEmpty() && dir != null ? dir : lookup(fs, cred, dir, path, 0, false);
        Inode i = p.inode();
        if (!i.isSymlink()) throw new ErrnoException(Errno.EINVAL);
        i.touchAccessed();
        return i.readlink();
    }

    // ---- attributes

    /** fstatat(2)/statx(2): flags AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH, AT_NO_AUTOMOUNT, AT_STATX_*. */
    public Stat stat(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags) {
        return attrOps.stat(fs, cred, dir, path, atFlags);
    }

    public void chmod(FsContext fs, Credentials cred, VfsPath dir, String path, int mode, int atFlags) {
        attrOps.chmod(lookupAt(fs, cred, dir, path, atFlags), cred, mode);
    }

    public void fchmod(OpenFile f, Credentials cred, int mode) {
        attrOps.chmod(fileForAttrs(f), cred, mode);
    }

    /** fchownat(2); -1 leaves an id unchanged. */
    public void chown(FsContext fs, Credentials cred, VfsPath dir, String path, int uid, int gid, int atFlags) {
        attrOps.chown(lookupAt(fs, cred, dir, path, atFlags), cred, uid, gid);
    }

    public void fchown(OpenFile f, Credentials cred, int uid, int gid) {
        attrOps.chown(fileForAttrs(f), cred, uid, gid);
    }

    /**
     * utimensat(2). {@code times} is the guest's two timespecs as {atime sec, atime nsec,
     * mtime sec, mtime nsec} (nsec may be UTIME_NOW or UTIME_OMIT), or null for "both now".
     * Both UTIME_OMIT succeeds without even resolving the path, as Linux does.
     */
    public void utimens(FsContext fs, Credentials cred, VfsPath dir, String path, long[] times, int atFlags) {
        if (times != null && !(AttrOps.validNsec(times[1]) && AttrOps.validNsec(times[3]))) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (times != null && times[1] == UTIME_OMIT && times[3] == UTIME_OMIT) return;
        if ((atFlags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) != 0) throw new ErrnoException(Errno.EINVAL);
        attrOps.utimens(lookupAt(fs, cred, dir, path, atFlags), cred, times);
    }

    /** futimens(2) (utimensat with a NULL path on an fd). */
    public void futimens(OpenFile f, Credentials cred, long[] times) {
        if (times != null && !(AttrOps.validNsec(times[1]) && AttrOps.validNsec(times[3]))) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if (times != null && times[1] == UTIME_OMIT && times[3] == UTIME_OMIT) return;
        attrOps.utimens(fileForAttrs(f), cred, times);
    }

    /** truncate(2). */
    public void truncate(FsContext fs, Credentials cred, VfsPath dir, String path, long length) {
        attrOps.truncate(lookup(fs, cred, dir, path, 0, true), cred, length);
    }

    /** ftruncate(2): EINVAL unless a regular file open for writing. */
    public void ftruncate(OpenFile f, long length) {
        attrOps.ftruncate(f, length);
    }

    /** fallocate(2). */
    public void fallocate(OpenFile f, int mode, long offset, long len) {
        attrOps.fallocate(f, mode, offset, len);
    }

    /** faccessat2(2): mode R_OK|W_OK|X_OK or F_OK; flags AT_EACCESS, AT_SYMLINK_NOFOLLOW, AT_EMPTY_PATH. */
    public void access(FsContext fs, Credentials cred, VfsPath dir, String path, int mode, int flags) {
        attrOps.access(fs, cred, dir, path, mode, flags);
    }

    public StatFs statfs(FsContext fs, Credentials cred, VfsPath dir, String path) {
        return statfsOf(lookup(fs, cred, dir, path, 0, true));
    }

    public StatFs fstatfs(OpenFile f) {
        return statfsOf(f.path());
    }

    private static StatFs statfsOf(VfsPath p) {
        StatFs s = p.mount().sb().statfs();
        s.flags |= MountOps.statfsFlags(p.mount());
        return s;
    }

    // ---- xattrs

    public byte[] getxattr(FsContext fs, Credentials cred, VfsPath dir, String path, String name, boolean follow) {
        return xattrOps.get(lookup(fs, cred, dir, path, 0, follow), cred, name);
    }

    public byte[] fgetxattr(OpenFile f, Credentials cred, String name) {
        return xattrOps.get(fileForAttrs(f), cred, name);
    }

    public void setxattr(FsContext fs, Credentials cred, VfsPath dir, String path, String name, byte[] value, int flags, boolean follow) {
        xattrOps.set(lookup(fs, cred, dir, path, 0, follow), cred, name, value, flags);
    }

    public void fsetxattr(OpenFile f, Credentials cred, String name, byte[] value, int flags) {
        xattrOps.set(fileForAttrs(f), cred, name, value, flags);
    }

    public List<String> listxattr(FsContext fs, Credentials cred, VfsPath dir, String path, boolean follow) {
        return xattrOps.list(lookup(fs, cred, dir, path, 0, follow), cred);
    }

    public List<String> flistxattr(OpenFile f, Credentials cred) {
        return xattrOps.list(fileForAttrs(f), cred);
    }

    public void removexattr(FsContext fs, Credentials cred, VfsPath dir, String path, String name, boolean follow) {
        xattrOps.remove(lookup(fs, cred, dir, path, 0, follow), cred, name);
    }

    public void fremovexattr(OpenFile f, Credentials cred, String name) {
        xattrOps.remove(fileForAttrs(f), cred, name);
    }

    // ---- process context

    /** getcwd(2): ENOENT when the cwd was removed; "(unreachable)" prefix when outside the root. */
    public String getcwd(FsContext fs) {
        return pathNames.getcwd(fs);
    }

    /** d_path: the name of {@code p} as seen from {@code fs}'s root (for /proc/PID/fd, /proc/PID/cwd). */
    public String pathOf(FsContext fs, VfsPath p) {
        return pathNames.dPath(p, fs.root());
    }

    public void chdir(FsContext fs, Credentials cred, VfsPath dir, String path) {
        pathNames.chdir(fs, cred, lookup(fs, cred, dir, path, 0, true));
    }

    public void fchdir(FsContext fs, Credentials cred, OpenFile f) {
        pathNames.chdir(fs, cred, f.path());
    }

    /** chroot(2): EPERM without CAP_SYS_CHROOT. */
    public void chroot(FsContext fs, Credentials cred, VfsPath dir, String path) {
        pathNames.chroot(fs, cred, lookup(fs, cred, dir, path, 0, true));
    }

    // ---- mounts

    /** mount(2) with its flag-selected variants (new mount, MS_REMOUNT, MS_BIND, MS_MOVE, propagation). */
    public Mount mount(FsContext fs, Credentials cred, String source, VfsPath dir, String target, String fstype, long flags, String data) {
        return mountOps.mount(fs, cred, source, dir, target, fstype, flags, data);
    }

    /** Attaches a superblock the kernel made itself (boot: /proc, /dev, /dev/shm). */
    public Mount mountAt(FsContext fs, Credentials cred, VfsPath dir, String target, SuperBlock sb, long flags) {
        return mountOps.attachNew(lookup(fs, cred, dir, target, 0, true), sb, flags);
    }

    /** umount2(2). */
    public void umount(FsContext fs, Credentials cred, VfsPath dir, String target, int flags) {
        mountOps.umount(fs, cred, dir, target, flags);
    }

    /** The lines of /proc/PID/mounts as seen from {@code fs}'s root. */
    public List<String> mountsTable(FsContext fs) {
        return mountOps.table(fs);
    }

    // ---- helpers for the op classes

    VfsPath start(FsContext fs, VfsPath dir) {
        return dir != null ? dir : fs.cwd();
    }

    /** Resolves an existing path; {@code atFlags} may hold AT_EMPTY_PATH; {@code follow} follows a final symlink. */
    VfsPath lookup(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags, boolean follow) {
        if (path.isEmpty() && (atFlags & AT_EMPTY_PATH) != 0) return start(fs, dir);
        return walker.lookup(fs.root(), start(fs, dir), cred, path, follow ? PathWalker.FOLLOW : 0);
    }

    /** Resolution for *at() calls that take AT_SYMLINK_NOFOLLOW and AT_EMPTY_PATH. */
    VfsPath lookupAt(FsContext fs, Credentials cred, VfsPath dir, String path, int atFlags) {
        return lookup(fs, cred, dir, path, atFlags, (atFlags & AT_SYMLINK_NOFOLLOW) == 0);
    }

    /** Attribute calls on an fd work on O_PATH files only through the *at(AT_EMPTY_PATH) forms. */
    private static VfsPath fileForAttrs(OpenFile f) {
        if (f.isPath()) throw new ErrnoException(Errno.EBADF);
        return f.path();
    }

    /** mnt_want_write: EROFS on a read-only mount or superblock. */
    static void wantWrite(Mount m) {
        if (m.readOnly()) throw new ErrnoException(Errno.EROFS);
    }

    /**
     * inode_init_owner + vfs_prepare_mode: the new inode's owner is the fsuid; its group is
     * the directory's when that is set-gid (subdirectories inherit the bit), else the fsgid;
     * set-gid is stripped from group-executable files when the caller is not in the group.
     */
    static NewInode newInode(Inode dir, Credentials cred, int mode, long rdev) {
        int gid = cred.fsgid();
        int dirMode = dir.mode();
        if ((dirMode & S_ISGID) != 0) {
            gid = dir.gid();
            if (isDir(mode)) {
                mode |= S_ISGID;
            } else if ((mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP) && !cred.inGroup(gid)
                    && !cred.capable(Credentials.CAP_FSETID)) {
                mode &= ~S_ISGID;
            }
        }
        return new NewInode(mode, cred.fsuid(), gid, rdev);
    }
}
