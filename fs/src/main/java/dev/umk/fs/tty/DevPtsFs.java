package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Stat;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.fs.Dentry;
import dev.umk.fs.DirSink;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The devpts filesystem (Linux fs/devpts/inode.c): a root directory holding "ptmx" and
 * one character device node per live pty, named by its number. Nodes appear when
 * /dev/ptmx is opened and vanish when the master closes; they cannot be created or
 * removed by hand. Inode numbers are Linux's: root 1, ptmx 2, pty N is N + 3.
 */
final class DevPtsFs extends SuperBlock {
    static final long DEVPTS_SUPER_MAGIC = 0x1cd1;

    /** Mount options (mode=, ptmxmode=, uid=, gid=, max=); -1 for "not set". */
    static final class Options {
        volatile int mode = 0600;
        volatile int ptmxMode = 0;
        volatile int uid = -1;
        volatile int gid = -1;
        volatile int max = DevPts.MAX_PTYS;
    }

    final Options opts = new Options();
    private final Root root;
    private final PtsNode ptmx;
    private final Map<Integer, PtsNode> nodes = new ConcurrentSkipListMap<>();

    DevPtsFs(FsClock clock) {
        super("devpts", DEVPTS_SUPER_MAGIC, clock);
        root = new Root(this);
        setRoot(root);
        ptmx = new PtsNode(this, 2, new NewInode(S_IFCHR | opts.ptmxMode, 0, 0,
                Stat.makedev(DevPts.TTYAUX_MAJOR, DevPts.PTMX_MINOR)));
    }

    /** devpts_pty_new: the node of pty {@code index}, owned by the opener unless uid=/gid= say otherwise. */
    void addNode(int index, int fsuid, int fsgid) {
        int uid = opts.uid >= 0 ? opts.uid : fsuid;
        int gid = opts.gid >= 0 ? opts.gid : fsgid;
        nodes.put(index, new PtsNode(this, index + 3L,
                new NewInode(S_IFCHR | (opts.mode & 07777), uid, gid, DevPts.slaveDev(index))));
        root.touchModified();
    }

    /** devpts_pty_kill: the node goes; cached dentries naming it fail revalidation. */
    void removeNode(int index) {
        PtsNode n = nodes.remove(index);
        if (n != null) {
            n.unlinked();
            root.touchModified();
        }
    }

    void setPtmxMode(int mode) {
        ptmx.chmod(mode);
    }

    private Inode find(String name) {
        if (name.equals("ptmx")) return ptmx;
        if (name.isEmpty() || name.length() > 9 || (name.length() > 1 && name.charAt(0) == '0')) return null;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') return null;
        }
        return nodes.get(Integer.parseInt(name));
    }

    @Override
    public boolean revalidate(Dentry dentry) {
        return dentry.isRoot() || dentry.inode() == find(dentry.name());
    }

    @Override
    public StatFs statfs() {
        return baseStatfs(1024);
    }

    @Override
    public String source() {
        return "devpts";
    }

    @Override
    public String options() {
        StringBuilder s = new StringBuilder();
        if (opts.gid >= 0) s.append("gid=").append(opts.gid).append(',');
        if (opts.uid >= 0) s.append("uid=").append(opts.uid).append(',');
        s.append(String.format("mode=%03o,ptmxmode=%03o", opts.mode, opts.ptmxMode));
        if (opts.max != DevPts.MAX_PTYS) s.append(",max=").append(opts.max);
        return s.toString();
    }

    /** The root directory: lookups and listings come from the live ptys. */
    private static final class Root extends Inode {
        private final DevPtsFs fs;

        Root(DevPtsFs fs) {
            super(fs, 1, S_IFDIR | 0755, 0, 0);
            this.fs = fs;
        }

        @Override
        public Inode lookup(String name) {
            return fs.find(name);
        }

        /** Positions: 2 is ptmx, N + 3 is pty N. */
        @Override
        public void readdir(OpenFile dir, long cookie, DirSink sink) {
            if (cookie <= 2 && !sink.accept("ptmx", fs.ptmx.ino(), DT_CHR, 3)) return;
            int from = (int) Math.max(0, Math.min(Integer.MAX_VALUE, cookie - 3));
            for (var e : ((ConcurrentSkipListMap<Integer, PtsNode>) fs.nodes).tailMap(from).entrySet()) {
                if (!sink.accept(String.valueOf(e.getKey()), e.getValue().ino(), DT_CHR, e.getKey() + 4L)) return;
            }
        }
    }

    /** A character device node: ptmx or a pty slave. */
    private static final class PtsNode extends Inode {
        PtsNode(SuperBlock sb, long ino, NewInode attrs) {
            super(sb, ino, attrs);
        }

        void unlinked() {
            synchronized (this) {
                nlink = 0;
            }
        }

        void chmod(int perm) {
            synchronized (this) {
                mode = (mode & S_IFMT) | (perm & 07777);
            }
        }
    }
}
