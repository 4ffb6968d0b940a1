package dev.umk.fs.overlay;

import dev.umk.core.kernel.Timespec;
import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.DirSink;
import dev.umk.fs.FileOperations;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SetAttr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One name in an overlay: its upper inode (once it exists there) and its lower inode
 * (when the lower layer has it and it shows through). Attributes are those of the upper
 * if any, else the lower. The parent and name are kept so a lower file can be copied up
 * to the same place; renames update them.
 *
 * <p>Inode numbers: the lower's when there is one (so they survive copy-up), else the
 * upper's with bit 62 set, keeping the two layers' numbers apart.
 */
final class OverlayInode extends Inode {
    static final long UPPER_INO_BIT = 1L << 62;
    static final String PREFIX = "trusted.overlay.";
    static final String OPAQUE = PREFIX + "opaque";
    static final String ORIGIN = PREFIX + "origin";
    private static final byte[] YES = "y".getBytes(StandardCharsets.US_ASCII);
    private static final NewInode WHITEOUT = new NewInode(S_IFCHR, 0, 0, 0);

    private final OverlaySuperBlock osb;
    private final Inode lower;
    // Set once, by copy-up or creation, under osb.copyUpLock.
    private volatile Inode upper;
    // Changed by rename, under the overlay dentry locks.
    private volatile OverlayInode parent;
    private volatile String name;
    private volatile boolean dead;

    OverlayInode(OverlaySuperBlock osb, OverlayInode parent, String name, Inode upper, Inode lower) {
        super(osb, lower != null ? lower.ino() : upper.ino() | UPPER_INO_BIT, (upper != null ? upper : lower).mode(), 0, 0);
        this.osb = osb;
        this.parent = parent;
        this.name = name;
        this.upper = upper;
        this.lower = lower;
        refresh();
    }

    Inode real() {
        Inode u = upper;
        return u != null ? u : lower;
    }

    Inode upper() {
        return upper;
    }

    @Override
    public void refresh() {
        Stat st = new Stat();
        real().getattr(st);
        copyFrom(st);
    }

    private void copyFrom(Stat st) {
        synchronized (this) {
            mode = st.mode;
            nlink = (int) st.nlink;
            uid = st.uid;
            gid = st.gid;
            size = st.size;
            rdev = st.rdev;
            atime = new dev.umk.core.kernel.Timespec(st.atimeSec, st.atimeNsec);
            mtime = new dev.umk.core.kernel.Timespec(st.mtimeSec, st.mtimeNsec);
            ctime = new dev.umk.core.kernel.Timespec(st.ctimeSec, st.ctimeNsec);
        }
    }

    @Override
    public void getattr(Stat st) {
        real().getattr(st);
        copyFrom(st);
        st.dev = osb.dev();
        st.ino = ino();
    }

    // ---- layer helpers

    static boolean isWhiteout(Inode i) {
        return i.type() == S_IFCHR && i.rdev() == 0;
    }

    private static boolean hasXattr(Inode i, String x) {
        try {
            i.getxattr(x);
            return true;
        } catch (ErrnoException e) {
            return false;
        }
    }

    /** Whether this directory's lower entries show through. */
    private boolean lowerVisible() {
        Inode u = upper;
        return lower != null && lower.isDir() && (u == null || !hasXattr(u, OPAQUE));
    }

    private boolean lowerHas(String n) {
        return lowerVisible() && lower.lookup(n) != null;
    }

    /** Removes a whiteout at {@code n} in the upper directory; true if there was one. */
    private boolean removeWhiteout(String n) {
        Inode w = upper.lookup(n);
        if (w == null || !isWhiteout(w)) return false;
        upper.unlink(n, w);
        return true;
    }

    /** Copies this name to the upper layer (parents first) if it is not there yet. */
    void copyUp() {
        if (upper != null) return;
        osb.copyUpLock.lock();
        try {
            if (upper != null) return;
            OverlayInode p = parent;
            p.copyUp();
            Inode pu = p.upper;
            Stat st = new Stat();
            lower.getattr(st);
            NewInode attrs = new NewInode(st.mode, st.uid, st.gid, st.rdev);
            Inode u = switch (st.mode & S_IFMT) {
                case S_IFDIR -> pu.mkdir(name, attrs);
                case S_IFREG -> {
                    Inode c = pu.create(name, attrs);
                    LayerIo.copyData(osb, lower, c);
                    yield c;
                }
                case S_IFLNK -> pu.symlink(name, lower.readlink(), attrs);
                default -> pu.mknod(name, attrs);
            };
            for (String x : lower.listxattr()) {
                if (x.startsWith(PREFIX)) continue;
                try {
                    u.setxattr(x, lower.getxattr(x), 0);
                } catch (ErrnoException e) {
                    // An attribute the upper cannot hold (e.g. a namespace it refuses) is dropped, as overlayfs does.
                }
            }
            if (!dev.umk.core.abi.FileFlags.isDir(st.mode)) u.setxattr(ORIGIN, YES, 0);
            SetAttr times = new SetAttr();
            times.valid = SetAttr.ATIME | SetAttr.MTIME;
            times.atime = new dev.umk.core.kernel.Timespec(st.atimeSec, st.atimeNsec);
            times.mtime = new dev.umk.core.kernel.Timespec(st.mtimeSec, st.mtimeNsec);
            if (!isLnk(st.mode)) u.setattr(times);
            upper = u;
        } finally {
            osb.copyUpLock.unlock();
        }
        refresh();
    }

    // ---- directory operations

    @Override
    public Inode lookup(String n) {
        Inode u = upper;
        Inode cu = u != null ? u.lookup(n) : null;
        if (cu != null && isWhiteout(cu)) return null;
        Inode cl = null;
        if (lowerVisible()) {
            Inode x = cu == null || cu.isDir() ? lower.lookup(n) : (hasXattr(cu, ORIGIN) ? lower.lookup(n) : null);
            if (cu == null) cl = x;
            else if (x != null && cu.isDir() && x.isDir() && !hasXattr(cu, OPAQUE)) cl = x;
            else if (x != null && !cu.isDir() && !x.isDir()) cl = x;
        }
        if (cu == null && cl == null) return null;
        return new OverlayInode(osb, this, n, cu, cl);
    }

    private Inode created(String n, Inode u) {
        refresh();
        return new OverlayInode(osb, this, n, u, null);
    }

    @Override
    public Inode create(String n, NewInode attrs) {
        copyUp();
        removeWhiteout(n);
        return created(n, upper.create(n, attrs));
    }

    @Override
    public Inode mkdir(String n, NewInode attrs) {
        copyUp();
        boolean replacesLower = removeWhiteout(n);
        Inode d = upper.mkdir(n, attrs);
        if (replacesLower) d.setxattr(OPAQUE, YES, 0);
        return created(n, d);
    }

    @Override
    public Inode mknod(String n, NewInode attrs) {
        copyUp();
        removeWhiteout(n);
        return created(n, upper.mknod(n, attrs));
    }

    @Override
    public Inode symlink(String n, String target, NewInode attrs) {
        copyUp();
        removeWhiteout(n);
        return created(n, upper.symlink(n, target, attrs));
    }

    @Override
    public Inode tmpfile(NewInode attrs) {
        copyUp();
        return new OverlayInode(osb, this, "", upper.tmpfile(attrs), null);
    }

    @Override
    public void link(String n, Inode target) {
        OverlayInode t = (OverlayInode) target;
        copyUp();
        t.copyUp();
        removeWhiteout(n);
        upper.link(n, t.upper);
        refresh();
        t.refresh();
    }

    @Override
    public void unlink(String n, Inode victim) {
        copyUp();
        Inode u = upper.lookup(n);
        if (u != null && !isWhiteout(u)) upper.unlink(n, u);
        if (lowerHas(n)) upper.mknod(n, WHITEOUT);
        refresh();
        victim.refresh();
    }

    @Override
    public void rmdir(String n, Inode victim) {
        OverlayInode v = (OverlayInode) victim;
        if (!v.merged().isEmpty()) throw new ErrnoException(Errno.ENOTEMPTY);
        copyUp();
        if (v.upper != null) {
            v.clearWhiteouts();
            upper.rmdir(n, v.upper);
        }
        if (lowerHas(n)) upper.mknod(n, WHITEOUT);
        v.dead = true;
        refresh();
    }

    private void clearWhiteouts() {
        List<String> whiteouts = new ArrayList<>();
        upper.readdir(null, 2, (n, ino, type, next) -> {
            if (type == DT_CHR) whiteouts.add(n);
            return true;
        });
        for (String n : whiteouts) {
            Inode w = upper.lookup(n);
            if (w != null && isWhiteout(w)) upper.unlink(n, w);
        }
    }

    @Override
    public void rename(String oldName, Inode source, Inode newDirInode, String newName, Inode target, int flags) {
        if (flags != 0) throw new ErrnoException(Errno.EINVAL);
        OverlayInode s = (OverlayInode) source;
        OverlayInode nd = (OverlayInode) newDirInode;
        OverlayInode t = (OverlayInode) target;
        if (s.isDir() && s.lower != null) throw new ErrnoException(Errno.EXDEV);
        if (t != null && t.isDir() && !t.merged().isEmpty()) throw new ErrnoException(Errno.ENOTEMPTY);
        copyUp();
        nd.copyUp();
        s.copyUp();
        if (t != null && t.isDir() && t.upper != null) t.clearWhiteouts();
        Inode at = nd.upper.lookup(newName);
        upper.rename(oldName, s.upper, nd.upper, newName, at, 0);
        if (s.isDir() && nd.lowerHas(newName)) s.upper.setxattr(OPAQUE, YES, 0);
        if (lowerHas(oldName)) upper.mknod(oldName, WHITEOUT);
        s.parent = nd;
        s.name = newName;
        if (t != null && t.isDir()) t.dead = true;
        refresh();
        if (nd != this) nd.refresh();
        s.refresh();
    }

    /** One entry of a merged listing. */
    private record Entry(String name, long ino, int type) {}

    /** The merged directory: upper entries without whiteouts, then lower entries not hidden. */
    private List<Entry> merged() {
        Map<String, Entry> lowerEntries = new LinkedHashMap<>();
        if (lowerVisible()) {
            lower.readdir(null, 2, (n, ino, type, next) -> {
                lowerEntries.put(n, new Entry(n, ino, type));
                return true;
            });
        }
        List<Entry> out = new ArrayList<>();
        Inode u = upper;
        if (u != null) {
            List<Entry> upperEntries = new ArrayList<>();
            u.readdir(null, 2, (n, ino, type, next) -> {
                upperEntries.add(new Entry(n, ino, type));
                return true;
            });
            for (Entry e : upperEntries) {
                Entry low = lowerEntries.remove(e.name);
                if (e.type == DT_CHR) {
                    Inode w = u.lookup(e.name);
                    if (w != null && isWhiteout(w)) continue;
                }
                boolean sameObject = low != null && (e.type == DT_DIR) == (low.type == DT_DIR);
                out.add(new Entry(e.name, sameObject ? low.ino : e.ino | UPPER_INO_BIT, e.type));
            }
        }
        out.addAll(lowerEntries.values());
        return out;
    }

    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        @SuppressWarnings("unchecked")
        List<Entry> entries = dir == null ? null : (List<Entry>) dir.privateData();
        if (entries == null || cookie == 2) {
            entries = merged();
            if (dir != null) dir.setPrivateData(entries);
        }
        for (long i = cookie - 2; i < entries.size(); i++) {
            Entry e = entries.get((int) i);
            if (!sink.accept(e.name, e.ino, e.type, i + 3)) return;
        }
    }

    @Override
    public boolean isDeadDir() {
        Inode u = upper;
        return dead || (u != null && u.isDeadDir());
    }

    // ---- other operations

    @Override
    public String readlink() {
        return real().readlink();
    }

    @Override
    public void setattr(SetAttr a) {
        copyUp();
        upper.setattr(a);
        refresh();
    }

    @Override
    public FileOperations open(OpenFile f) {
        if (isDir()) return super.open(f);
        if (f.canWrite()) copyUp();
        Inode u = upper;
        OpenFile inner = LayerIo.open(u != null ? osb.upperMount : osb.lowerMount, real(), f.flags(), f.cred());
        return new OverlayFileOps(this, inner);
    }

    @Override
    public void killPrivileges(Credentials cred) {
        if ((mode() & (S_ISUID | S_ISGID)) != 0) super.killPrivileges(cred);
    }

    @Override
    public byte[] getxattr(String n) {
        if (n.startsWith(PREFIX)) throw new ErrnoException(Errno.ENODATA);
        return real().getxattr(n);
    }

    @Override
    public void setxattr(String n, byte[] value, int flags) {
        if (n.startsWith(PREFIX)) throw new ErrnoException(Errno.EPERM);
        copyUp();
        upper.setxattr(n, value, flags);
    }

    @Override
    public List<String> listxattr() {
        List<String> out = new ArrayList<>();
        for (String x : real().listxattr()) if (!x.startsWith(PREFIX)) out.add(x);
        return out;
    }

    @Override
    public void removexattr(String n) {
        if (n.startsWith(PREFIX)) throw new ErrnoException(Errno.EPERM);
        copyUp();
        upper.removexattr(n);
    }
}
