package dev.umk.fs;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A name in the directory tree (Linux {@code struct dentry}): a parent, a name and the
 * inode it names. Directory dentries cache their looked-up children, which makes repeated
 * path walks lock-free map lookups. A negative dentry (no inode) only ever lives in a
 * single walk's result; it is never cached.
 *
 * <p>A directory dentry's {@link #lock()} is its namespace lock (Linux's i_rwsem of the
 * directory inode): lookups that miss the cache, and every create/unlink/rename in the
 * directory, hold it, so the cache and the filesystem cannot disagree.
 *
 * <p>Lock ordering: SuperBlock.renameLock, then directory dentry locks ancestor before
 * descendant (unrelated directories, only ever locked together under the rename lock, in
 * ascending {@link #id()} order), then filesystem-internal locks.
 */
public final class Dentry {
    private static final AtomicLong IDS = new AtomicLong();

    private final long id = IDS.incrementAndGet();
    private final Inode inode;
    private final ConcurrentHashMap<String, Dentry> children;
    private final ReentrantLock lock;
    // Written under the parent's lock and the superblock's rename lock; read without locks.
    private volatile String name;
    private volatile Dentry parent;
    private volatile boolean unhashed;
    private volatile int mounts;
    private boolean anonymous;

    private Dentry(Dentry parent, String name, Inode inode) {
        this.parent = parent == null ? this : parent;
        this.name = name;
        this.inode = inode;
        boolean dir = inode != null && inode.isDir();
        this.children = dir ? new ConcurrentHashMap<>() : null;
        this.lock = dir ? new ReentrantLock() : null;
    }

    /** The root dentry of a superblock: its own parent, named "/". */
    public static Dentry newRoot(Inode root) {
        return new Dentry(null, "/", root);
    }

    /** A dentry outside any tree (pipes, anonymous inodes) with a display name like "pipe:[12]". */
    public static Dentry anonymous(String name, Inode inode) {
        Dentry d = new Dentry(null, name, inode);
        d.anonymous = true;
        return d;
    }

    /** A name for an inode that has none (O_TMPFILE): a child of {@code parent} that was never linked in. */
    public static Dentry unlinked(Dentry parent, String name, Inode inode) {
        Dentry d = new Dentry(parent, name, inode);
        d.unhashed = true;
        return d;
    }

    /** True for dentries outside any tree, whose name is all d_path shows (Linux's d_dname). */
    public boolean isAnonymous() { return anonymous; }

    static Dentry negative(Dentry parent, String name) {
        return new Dentry(parent, name, null);
    }

    static Dentry child(Dentry parent, String name, Inode inode) {
        return new Dentry(parent, name, inode);
    }

    public long id() { return id; }

    /** The inode, or null for a negative dentry. */
    public Inode inode() { return inode; }

    public boolean isNegative() { return inode == null; }

    public String name() { return name; }

    public Dentry parent() { return parent; }

    /** True for the root of a superblock (or an anonymous dentry). */
    public boolean isRoot() { return parent == this; }

    /** True once unlinked or replaced: the name no longer leads here (d_unhashed). */
    public boolean isUnhashed() { return unhashed; }

    public boolean isMountpoint() { return mounts > 0; }

    /** The namespace lock of a directory dentry; null for other dentries. */
    public ReentrantLock lock() { return lock; }

    Dentry cachedChild(String n) {
        return children == null ? null : children.get(n);
    }

    void cacheChild(Dentry d) {
        children.put(d.name, d);
    }

    void uncacheChild(String n, Dentry d) {
        children.remove(n, d);
    }

    /** Detaches from the tree after an unlink or when a rename replaced it. */
    void unhash() {
        Dentry p = parent;
        unhashed = true;
        if (p != this && p.children != null) p.children.remove(name, this);
    }

    /** d_move: gives this dentry a new parent and name (caller holds the rename locks). */
    void move(Dentry newParent, String newName) {
        Dentry p = parent;
        if (p.children != null) p.children.remove(name, this);
        parent = newParent;
        name = newName;
        unhashed = false;
        newParent.children.put(newName, this);
    }

    void mounted(int delta) {
        synchronized (this) {
            mounts += delta;
        }
    }

    /** Drops every cached child (after a filesystem changed behind the VFS's back). */
    public void pruneChildren() {
        if (children != null) children.clear();
    }

    /** True when this dentry is {@code other} or below it. */
    public boolean isSubdirOf(Dentry other) {
        for (Dentry d = this; ; d = d.parent) {
            if (d == other) return true;
            if (d.isRoot()) return false;
        }
    }

    @Override
    public String toString() {
        return "Dentry(" + name + ", " + inode + ")";
    }
}
