package dev.umk.fs;

/**
 * A process's filesystem context (Linux {@code struct fs_struct}): root directory, current
 * directory and umask. Threads created with CLONE_FS share one; fork copies it. The root
 * and cwd pin their mounts until replaced or until the last user {@link #release releases} it.
 */
public final class FsContext {
    /** Processes using this context (clone with CLONE_FS shares it between processes). */
    private int users = 1;
    // Guarded by this.
    private VfsPath root;
    private VfsPath cwd;
    private int umask;

    public FsContext(VfsPath root, VfsPath cwd, int umask) {
        root.mount().pin();
        cwd.mount().pin();
        this.root = root;
        this.cwd = cwd;
        this.umask = umask & 0777;
    }

    public synchronized VfsPath root() { return root; }

    public synchronized VfsPath cwd() { return cwd; }

    public synchronized int umask() { return umask; }

    /** umask(2): sets the mask, returns the old one. */
    public synchronized int setUmask(int mask) {
        int old = umask;
        umask = mask & 0777;
        return old;
    }

    public void setCwd(VfsPath p) {
        p.mount().pin();
        VfsPath old;
        synchronized (this) {
            old = cwd;
            cwd = p;
        }
        old.mount().unpin();
    }

    public void setRoot(VfsPath p) {
        p.mount().pin();
        VfsPath old;
        synchronized (this) {
            old = root;
            root = p;
        }
        old.mount().unpin();
    }

    /** A private copy (fork without CLONE_FS). */
    public synchronized FsContext copy() {
        return new FsContext(root, cwd, umask);
    }

    /** One more process uses this context (clone with CLONE_FS); pairs with {@link #release}. */
    public synchronized FsContext share() {
        users++;
        return this;
    }

    /** True when another process uses this context too. */
    public synchronized boolean shared() {
        return users > 1;
    }

    /** A process stops using this context; the last one drops the mount pins. */
    public synchronized void release() {
        if (users <= 0) throw new IllegalStateException("fs context released twice");
        if (--users > 0) return;
        root.mount().unpin();
        cwd.mount().unpin();
    }
}
