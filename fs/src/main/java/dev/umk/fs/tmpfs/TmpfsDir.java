package dev.umk.fs.tmpfs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.DirSink;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tmpfs directory: its entries, each with a stable readdir position (a cookie that only
 * grows, so a listing in progress neither repeats nor skips entries that stay). The size
 * is 20 bytes per entry plus 40, as Linux's BOGO_DIRENT_SIZE accounting shows it.
 *
 * <p>Entries are guarded by this object's monitor; a rename between two directories takes
 * both monitors in ascending inode-number order.
 */
final class TmpfsDir extends TmpfsInode {
    private static final int BOGO_DIRENT_SIZE = 20;

    private record Entry(String name, TmpfsInode inode, long cookie) {}

    // Guarded by this.
    private final Map<String, Entry> byName = new HashMap<>();
    private final TreeMap<Long, Entry> byCookie = new TreeMap<>();
    private long nextCookie = 2;

    TmpfsDir(TmpfsSuperBlock sb, NewInode attrs) {
        super(sb, attrs);
        this.size = 2 * BOGO_DIRENT_SIZE;
    }

    @Override
    public synchronized Inode lookup(String name) {
        Entry e = byName.get(name);
        return e == null ? null : e.inode;
    }

    @Override
    public Inode create(String name, NewInode attrs) {
        return add(name, () -> new TmpfsFile(tsb(), attrs));
    }

    @Override
    public Inode mkdir(String name, NewInode attrs) {
        Inode d = add(name, () -> new TmpfsDir(tsb(), attrs));
        addLink(1);
        return d;
    }

    @Override
    public Inode mknod(String name, NewInode attrs) {
        if (isReg(attrs.mode())) return create(name, attrs);
        return add(name, () -> new TmpfsNode(tsb(), attrs));
    }

    @Override
    public Inode symlink(String name, String target, NewInode attrs) {
        return add(name, () -> new TmpfsSymlink(tsb(), attrs, target));
    }

    @Override
    public Inode tmpfile(NewInode attrs) {
        tsb().chargeInode();
        TmpfsFile f = new TmpfsFile(tsb(), attrs);
        f.setNlink(0);
        return f;
    }

    @Override
    public void link(String name, Inode target) {
        TmpfsInode t = (TmpfsInode) target;
        synchronized (this) {
            checkAlive();
            if (byName.containsKey(name)) throw new ErrnoException(Errno.EEXIST);
            put(name, t);
        }
        t.addLink(1);
        t.touchChanged();
        touchModified();
    }

    @Override
    public void unlink(String name, Inode victim) {
        TmpfsInode v;
        synchronized (this) {
            v = take(name);
        }
        v.addLink(-1);
        v.touchChanged();
        touchModified();
        v.evictIfUnused();
    }

    @Override
    public void rmdir(String name, Inode victim) {
        TmpfsDir v = (TmpfsDir) victim;
        synchronized (this) {
            synchronized (v) {
                if (!v.byName.isEmpty()) throw new ErrnoException(Errno.ENOTEMPTY);
                take(name);
                v.setNlink(0);
            }
            addLink(-1);
        }
        v.touchChanged();
        touchModified();
        v.evictIfUnused();
    }

    @Override
    public void rename(String oldName, Inode source, Inode newDirInode, String newName, Inode target, int flags) {
        if ((flags & RENAME_WHITEOUT) != 0 && (flags & RENAME_EXCHANGE) != 0) throw new ErrnoException(Errno.EINVAL);
        TmpfsDir newDir = (TmpfsDir) newDirInode;
        TmpfsDir first = ino() <= newDir.ino() ? this : newDir;
        TmpfsDir second = first == this ? newDir : this;
        TmpfsInode replaced = null;
        synchronized (first) {
            synchronized (second) {
                TmpfsInode src = byName.get(oldName).inode;
                Entry tgtEntry = newDir.byName.get(newName);
                TmpfsInode tgt = tgtEntry == null ? null : tgtEntry.inode;
                if ((flags & RENAME_EXCHANGE) != 0) {
                    exchange(oldName, src, newDir, newName, tgt);
                } else {
                    if (tgt instanceof TmpfsDir td) {
                        synchronized (td) {
                            if (!td.byName.isEmpty()) throw new ErrnoException(Errno.ENOTEMPTY);
                        }
                    }
                    if ((flags & RENAME_WHITEOUT) != 0) tsb().chargeInode();
                    take(oldName);
                    if (tgt != null) {
                        newDir.take(newName);
                        replaced = tgt;
                        if (tgt instanceof TmpfsDir) {
                            tgt.setNlink(0);
                            newDir.addLink(-1);
                        } else {
                            tgt.addLink(-1);
                        }
                    }
                    newDir.put(newName, src);
                    if (src instanceof TmpfsDir && newDir != this) {
                        addLink(-1);
                        newDir.addLink(1);
                    }
                    if ((flags & RENAME_WHITEOUT) != 0) {
                        put(oldName, new TmpfsNode(tsb(), new NewInode(S_IFCHR, 0, 0, 0)));
                    }
                }
            }
        }
        source.touchChanged();
        touchModified();
        if (newDir != this) newDir.touchModified();
        if (replaced != null) {
            replaced.touchChanged();
            replaced.evictIfUnused();
        }
    }

    private void exchange(String oldName, TmpfsInode src, TmpfsDir newDir, String newName, TmpfsInode tgt) {
        if (tgt == null) throw new ErrnoException(Errno.ENOENT);
        take(oldName);
        newDir.take(newName);
        put(oldName, tgt);
        newDir.put(newName, src);
        if (newDir != this) {
            int delta = (src instanceof TmpfsDir ? 1 : 0) - (tgt instanceof TmpfsDir ? 1 : 0);
            newDir.addLink(delta);
            addLink(-delta);
        }
        tgt.touchChanged();
    }

    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        synchronized (this) {
            for (Entry e : byCookie.tailMap(cookie, true).values()) {
                int type = dtype(e.inode.mode());
                if (!sink.accept(e.name, e.inode.ino(), type, e.cookie + 1)) return;
            }
        }
    }

    synchronized boolean isEmpty() {
        return byName.isEmpty();
    }

    private interface Maker {
        TmpfsInode make();
    }

    private Inode add(String name, Maker maker) {
        TmpfsInode i;
        synchronized (this) {
            checkAlive();
            if (byName.containsKey(name)) throw new ErrnoException(Errno.EEXIST);
            tsb().chargeInode();
            i = maker.make();
            put(name, i);
        }
        touchModified();
        return i;
    }

    private void checkAlive() {
        if (nlink == 0) throw new ErrnoException(Errno.ENOENT);
    }

    // put and take: callers hold this monitor.
    private void put(String name, TmpfsInode inode) {
        Entry e = new Entry(name, inode, nextCookie++);
        byName.put(name, e);
        byCookie.put(e.cookie, e);
        size += BOGO_DIRENT_SIZE;
    }

    private TmpfsInode take(String name) {
        Entry e = byName.remove(name);
        if (e == null) throw new ErrnoException(Errno.ENOENT);
        byCookie.remove(e.cookie);
        size -= BOGO_DIRENT_SIZE;
        return e.inode;
    }
}
