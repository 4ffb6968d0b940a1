package dev.umk.fs.tty;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.FileSystemType;
import dev.umk.fs.FsClock;
import dev.umk.fs.FsContext;
import dev.umk.fs.Mount;
import dev.umk.fs.MountFlags;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.Vfs;
import dev.umk.fs.VfsPath;
import dev.umk.fs.devfs.DeviceRegistry;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Unix98 ptys: the /dev/ptmx driver (each open makes a {@link PtyPair} and its
 * /dev/pts/N node), the pty slave driver behind /dev/pts/N, and the one devpts instance
 * they live in, which "devpts" mounts share (as Linux before per-mount instances).
 *
 * <p>Pty numbers are the lowest free, up to max= (default 4096), and become free again
 * once both ends of a pair are closed. Slave nodes are character devices (136, N).
 *
 * <p>The number allocator is guarded by this object's monitor, a leaf lock.
 */
public final class DevPts implements PtyPair.Owner {
    public static final int TTYAUX_MAJOR = 5;
    public static final int TTY_MINOR = 0;
    public static final int CONSOLE_MINOR = 1;
    public static final int PTMX_MINOR = 2;
    public static final int UNIX98_PTY_SLAVE_MAJOR = 136;
    /** /proc/sys/kernel/pty/max. */
    public static final int MAX_PTYS = 4096;

    private final TtySignals signals;
    private final TtyJobControl jc;
    private final DevPtsFs sb;
    private final Map<Integer, PtyPair> ptys = new ConcurrentHashMap<>();
    // Guarded by this.
    private final BitSet used = new BitSet();
    private volatile Mount mount;

    public DevPts(FsClock clock, TtySignals signals, TtyJobControl jc) {
        this.signals = signals;
        this.jc = jc;
        this.sb = new DevPtsFs(clock);
    }

    /** The device number of /dev/pts/{@code index}. */
    public static long slaveDev(int index) {
        return Stat.makedev(UNIX98_PTY_SLAVE_MAJOR, index);
    }

    public SuperBlock superBlock() {
        return sb;
    }

    /** Claims /dev/ptmx (5, 2) and the pty slave major (136) in the kernel's device registry. */
    public void registerDevices(DeviceRegistry devices) {
        devices.register(TTYAUX_MAJOR, PTMX_MINOR, this::openMaster);
        devices.registerMajor(UNIX98_PTY_SLAVE_MAJOR, this::openSlave);
    }

    /** Mounts devpts at {@code path} (nosuid, noexec, as Linux's /dev/pts is) and remembers the mount for TIOCGPTPEER. */
    public Mount mount(Vfs vfs, FsContext fs, String path) {
        Mount m = vfs.mountAt(fs, Credentials.root(), null, path, sb, MountFlags.MS_NOSUID | MountFlags.MS_NOEXEC);
        mount = m;
        return m;
    }

    /** The "devpts" type for mount(2): options mode=, ptmxmode=, uid=, gid=, max=; newinstance is accepted and shares the instance. */
    public FileSystemType fileSystemType() {
        return new FileSystemType() {
            @Override
            public String name() {
                return "devpts";
            }

            @Override
            public SuperBlock mount(String source, long flags, String data) {
                applyOptions(data);
                return sb;
            }
        };
    }

    private void applyOptions(String data) {
        if (data == null || data.isEmpty()) return;
        for (String opt : data.split(",")) {
            int eq = opt.indexOf('=');
            String key = eq < 0 ? opt : opt.substring(0, eq);
            String val = eq < 0 ? "" : opt.substring(eq + 1);
            try {
                switch (key) {
                    case "" , "newinstance" -> { }
                    case "mode" -> sb.opts.mode = Integer.parseInt(val, 8) & 07777;
                    case "ptmxmode" -> {
                        sb.opts.ptmxMode = Integer.parseInt(val, 8) & 07777;
                        sb.setPtmxMode(sb.opts.ptmxMode);
                    }
                    case "uid" -> sb.opts.uid = Integer.parseInt(val);
                    case "gid" -> sb.opts.gid = Integer.parseInt(val);
                    case "max" -> sb.opts.max = Math.min(MAX_PTYS, Integer.parseInt(val));
                    default -> throw new ErrnoException(Errno.EINVAL, "devpts option " + key);
                }
            } catch (NumberFormatException e) {
                throw new ErrnoException(Errno.EINVAL, "devpts option " + opt);
            }
        }
    }

    /** The live pair numbered {@code index}, or null. */
    public PtyPair pty(int index) {
        return ptys.get(index);
    }

    /** ptmx_open: a new pair with the lowest free number, its slave locked, its node in /dev/pts. */
    public FileOperations openMaster(OpenFile f) {
        int index;
        synchronized (this) {
            index = used.nextClearBit(0);
            if (index >= sb.opts.max) throw new ErrnoException(Errno.ENOSPC);
            used.set(index);
        }
        PtyPair pair = new PtyPair(index, signals, jc, this);
        ptys.put(index, pair);
        sb.addNode(index, f.cred().fsuid(), f.cred().fsgid());
        return pair.master().open(f, true);
    }

    /** pts_unix98_lookup + tty_open: EIO when the pair is gone, locked, or its master closed. */
    FileOperations openSlave(OpenFile f) {
        long rdev = f.inode().rdev();
        PtyPair pair = ptys.get(Stat.minor(rdev));
        // Only the node devpts made leads to the pty; a copy made with mknod elsewhere does not.
        if (pair == null || f.inode().sb() != sb) throw new ErrnoException(Errno.EIO);
        return pair.slave().open(f, noctty(f));
    }

    /**
     * TIOCGPTPEER (ptm_open_peer): opens the slave of the pty whose master is
     * {@code masterFile}, found as devpts_mntget does: the devpts mount the master was
     * opened through, else the "pts" directory beside the ptmx node, else the mount
     * {@link #mount} made. The syscall layer installs the result as a new fd.
     */
    public OpenFile openPeer(Vfs vfs, FsContext fs, Credentials cred, OpenFile masterFile, int flags, Blocker blocker) {
        if (!(masterFile.ops() instanceof TtyFile tf) || !tf.tty().isPtyMaster()) throw new ErrnoException(Errno.EIO);
        String name = String.valueOf(tf.tty().index());
        int open = flags & ~(O_CREAT | O_EXCL | O_TRUNC);
        VfsPath at = masterFile.path();
        if (at.mount().sb() == sb) return vfs.open(fs, cred, at.mount().rootPath(), name, open, 0, blocker);
        VfsPath dir = new VfsPath(at.mount(), at.dentry().parent());
        try {
            Stat st = vfs.stat(fs, cred, dir, "pts/" + name, 0);
            if (st.dev == sb.dev() && st.rdev == slaveDev(tf.tty().index())) {
                return vfs.open(fs, cred, dir, "pts/" + name, open, 0, blocker);
            }
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ENOENT && e.errno() != Errno.ENOTDIR) throw e;
        }
        Mount m = mount;
        if (m == null) throw new ErrnoException(Errno.EIO);
        return vfs.open(fs, cred, m.rootPath(), name, open, 0, blocker);
    }

    /**
     * Whether an open asked for no controlling terminal. OpenFile drops O_NOCTTY from the
     * flags it keeps, so until the VFS passes it through this is always false.
     */
    static boolean noctty(OpenFile f) {
        return (f.flags() & O_NOCTTY) != 0;
    }

    @Override
    public void masterClosed(PtyPair pair) {
        sb.removeNode(pair.index());
    }

    @Override
    public void released(PtyPair pair) {
        if (ptys.remove(pair.index(), pair)) {
            synchronized (this) {
                used.clear(pair.index());
            }
        }
    }
}
