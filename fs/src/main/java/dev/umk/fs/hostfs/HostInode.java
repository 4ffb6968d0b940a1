package dev.umk.fs.hostfs;

import dev.umk.core.hw.host.HostDirEntry;
import dev.umk.core.hw.host.HostStat;
import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.DirSink;
import dev.umk.fs.FileOperations;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SetAttr;
import java.util.List;

/**
 * A host file seen through hostfs. It knows its parent and name, so its host path stays
 * right across renames; its attributes are the host's, refreshed on lookup,
 * revalidation, getattr and after every change. Each name gets its own HostInode (hard
 * links share the host inode number, not the object).
 */
final class HostInode extends Inode {
    private final HostFsSuperBlock hsb;
    // Written under the parent dentry's lock (rename); read without locks.
    private volatile HostInode parent;
    private volatile String name;
    private volatile long validatedAt;
    private long hostBlocks;

    HostInode(HostFsSuperBlock sb, HostInode parent, String name, HostStat st) {
        super(sb, st.ino(), st.mode(), st.uid(), st.gid());
        this.hsb = sb;
        this.parent = parent;
        this.name = name;
        apply(st);
    }

    String hostPath() {
        HostInode p = parent;
        if (p == null) return hsb.rootPath();
        String pp = p.hostPath();
        return pp.endsWith("/") ? pp + name : pp + "/" + name;
    }

    private String child(String n) {
        String p = hostPath();
        return p.endsWith("/") ? p + n : p + "/" + n;
    }

    long validatedAt() {
        return validatedAt;
    }

    void apply(HostStat st) {
        synchronized (this) {
            mode = st.mode();
            nlink = st.nlink();
            uid = st.uid();
            gid = st.gid();
            size = st.size();
            rdev = st.rdev();
            atime = st.atime();
            mtime = st.mtime();
            ctime = st.ctime();
            btime = st.btime();
            hostBlocks = st.blocks();
        }
        validatedAt = System.nanoTime();
    }

    @Override
    public void refresh() {
        try {
            apply(hsb.host().lstat(hostPath()));
        } catch (ErrnoException e) {
            // Gone on the host: keep the last attributes, as an open file of a deleted name does.
        }
    }

    @Override
    protected synchronized long blocks() {
        return hostBlocks;
    }

    /** Grows the cached size after a write past the end. */
    synchronized void wrote(long end) {
        if (end > size) size = end;
    }

    // ---- directory operations

    @Override
    public Inode lookup(String n) {
        try {
            return new HostInode(hsb, this, n, hsb.host().lstat(child(n)));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENOENT) return null;
            throw e;
        }
    }

    private Inode made(String n) {
        refresh();
        return new HostInode(hsb, this, n, hsb.host().lstat(child(n)));
    }

    @Override
    public Inode create(String n, NewInode attrs) {
        hsb.host().open(child(n), O_CREAT | O_EXCL | O_WRONLY, attrs.mode() & 07777).close();
        return made(n);
    }

    @Override
    public Inode mkdir(String n, NewInode attrs) {
        hsb.host().mkdir(child(n), attrs.mode() & 07777);
        return made(n);
    }

    @Override
    public Inode mknod(String n, NewInode attrs) {
        if (isReg(attrs.mode())) return create(n, attrs);
        hsb.host().mknod(child(n), attrs.mode(), attrs.rdev());
        return made(n);
    }

    @Override
    public Inode symlink(String n, String target, NewInode attrs) {
        hsb.host().symlink(target, child(n));
        return made(n);
    }

    @Override
    public void link(String n, Inode target) {
        hsb.host().link(((HostInode) target).hostPath(), child(n));
        refresh();
        target.refresh();
    }

    @Override
    public void unlink(String n, Inode victim) {
        hsb.host().unlink(child(n));
        refresh();
        victim.refresh();
    }

    @Override
    public void rmdir(String n, Inode victim) {
        hsb.host().rmdir(child(n));
        refresh();
    }

    @Override
    public void rename(String oldName, Inode source, Inode newDir, String newName, Inode target, int flags) {
        if (flags != 0) throw new ErrnoException(Errno.EINVAL);
        HostInode nd = (HostInode) newDir;
        hsb.host().rename(child(oldName), nd.child(newName));
        HostInode s = (HostInode) source;
        s.parent = nd;
        s.name = newName;
        refresh();
        if (nd != this) nd.refresh();
        if (target != null) target.refresh();
    }

    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        @SuppressWarnings("unchecked")
        List<HostDirEntry> entries = dir == null ? null : (List<HostDirEntry>) dir.privateData();
        if (entries == null || cookie == 2) {
            entries = hsb.host().readdir(hostPath());
            if (dir != null) dir.setPrivateData(entries);
        }
        for (long i = cookie - 2; i < entries.size(); i++) {
            HostDirEntry e = entries.get((int) i);
            if (!sink.accept(e.name(), e.ino(), e.type(), i + 3)) return;
        }
    }

    @Override
    public boolean isDeadDir() {
        return false;
    }

    // ---- other operations

    @Override
    public String readlink() {
        return hsb.host().readlink(hostPath());
    }

    @Override
    public void setattr(SetAttr a) {
        String p = hostPath();
        if (a.has(SetAttr.SIZE)) hsb.host().truncate(p, a.size);
        if (a.has(SetAttr.MODE)) hsb.host().chmod(p, a.mode & 07777);
        if (a.has(SetAttr.UID) || a.has(SetAttr.GID)) {
            hsb.host().chown(p, a.has(SetAttr.UID) ? a.uid : -1, a.has(SetAttr.GID) ? a.gid : -1);
        }
        if (a.has(SetAttr.ATIME) || a.has(SetAttr.MTIME)) {
            hsb.host().utimes(p, a.has(SetAttr.ATIME) ? a.atime : null, a.has(SetAttr.MTIME) ? a.mtime : null);
        }
        refresh();
    }

    @Override
    public FileOperations open(OpenFile f) {
        if (isDir()) return super.open(f);
        int acc = f.canRead() && f.canWrite() ? O_RDWR : f.canWrite() ? O_WRONLY : O_RDONLY;
        return new HostFileOps(hsb.host().open(hostPath(), acc, 0));
    }

    @Override
    public void touchAccessed() {}

    @Override
    public void touchModified() {}

    @Override
    public void touchChanged() {}

    @Override
    public byte[] getxattr(String n) {
        return hsb.host().getxattr(hostPath(), n);
    }

    @Override
    public void setxattr(String n, byte[] value, int flags) {
        boolean exists;
        try {
            hsb.host().getxattr(hostPath(), n);
            exists = true;
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENODATA) throw e;
            exists = false;
        }
        if ((flags & XATTR_CREATE) != 0 && exists) throw new ErrnoException(Errno.EEXIST);
        if ((flags & XATTR_REPLACE) != 0 && !exists) throw new ErrnoException(Errno.ENODATA);
        hsb.host().setxattr(hostPath(), n, value);
    }

    @Override
    public List<String> listxattr() {
        return hsb.host().listxattr(hostPath());
    }

    @Override
    public void removexattr(String n) {
        hsb.host().removexattr(hostPath(), n);
    }
}
