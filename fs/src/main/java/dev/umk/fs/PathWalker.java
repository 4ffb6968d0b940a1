package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Nameidata.LastType;

/**
 * Linux path resolution (fs/namei.c): absolute and relative walks from the process root or
 * a start directory, search permission on every directory traversed, "." and ".." (never
 * above the process root, crossing mounts upwards), mount crossing downwards, symlink
 * expansion with the 40-link limit, ENAMETOOLONG for long components, ENOTDIR for
 * non-directories in the middle of a path.
 *
 * <p>Walks take no locks on cache hits; a miss takes the directory dentry's lock around
 * the filesystem lookup (see {@link Dentry}).
 */
public final class PathWalker {
    /** Follow a symlink in the last component. */
    public static final int FOLLOW = 1;
    /** The last component must be a directory. */
    public static final int DIRECTORY = 2;

    private final MountNamespace ns;

    public PathWalker(MountNamespace ns) {
        this.ns = ns;
    }

    public MountNamespace namespace() {
        return ns;
    }

    /** Per-walk state: the root not to climb above, where we are, and the symlink count. */
    private static final class Walk {
        final VfsPath root;
        final Credentials cred;
        VfsPath cur;
        int links;

        Walk(VfsPath root, VfsPath cur, Credentials cred) {
            this.root = root;
            this.cur = cur;
            this.cred = cred;
        }
    }

    /**
     * Walks every component but the last (LOOKUP_PARENT). The last is not looked up, but
     * search permission on its directory has been checked.
     *
     * @param start where relative paths begin (a dirfd's path or the cwd)
     */
    public Nameidata walkParent(VfsPath root, VfsPath start, Credentials cred, String path) {
        checkPathLength(path);
        return walkToLast(new Walk(root, start, cred), path);
    }

    /**
     * Resolves the whole path; the last component may be missing (negative
     * {@link Nameidata#child()}). A final symlink is followed with {@link #FOLLOW} or a
     * trailing slash; the result is then whatever the link leads to.
     */
    public Nameidata resolve(VfsPath root, VfsPath start, Credentials cred, String path, int flags) {
        checkPathLength(path);
        Walk w = new Walk(root, start, cred);
        Nameidata nd = resolveLast(w, walkToLast(w, path), (flags & FOLLOW) != 0);
        VfsPath c = nd.child;
        if (!c.isNegative() && (nd.trailingSlash || (flags & DIRECTORY) != 0) && !c.inode().isDir()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        return nd;
    }

    /** Resolves a path that must exist. */
    public VfsPath lookup(VfsPath root, VfsPath start, Credentials cred, String path, int flags) {
        VfsPath c = resolve(root, start, cred, path, flags).child;
        if (c.isNegative()) throw new ErrnoException(Errno.ENOENT);
        return c;
    }

    /** Looks {@code name} up in directory {@code dir} (no permission check), crossing mounts; may be negative. */
    public VfsPath lookupOne(VfsPath dir, String name) {
        Dentry d = lookupChild(dir.dentry(), name);
        return d.isNegative() ? new VfsPath(dir.mount(), d) : ns.followDown(new VfsPath(dir.mount(), d));
    }

    static void checkPathLength(String path) {
        if (path.length() >= PATH_MAX) throw new ErrnoException(Errno.ENAMETOOLONG);
    }

    private Nameidata walkToLast(Walk w, String path) {
        int n = path.length();
        if (n == 0) throw new ErrnoException(Errno.ENOENT);
        int i = 0;
        if (path.charAt(0) == '/') {
            w.cur = w.root;
            while (i < n && path.charAt(i) == '/') i++;
        } else if (!w.cur.inode().isDir()) {
            throw new ErrnoException(Errno.ENOTDIR);
        }
        while (true) {
            if (i >= n) return new Nameidata(w.cur, "", LastType.ROOT, false);
            int j = path.indexOf('/', i);
            if (j < 0) j = n;
            String comp = path.substring(i, j);
            int k = j;
            while (k < n && path.charAt(k) == '/') k++;
            Permission.check(w.cur.inode(), w.cred, Permission.MAY_EXEC);
            if (k >= n) return new Nameidata(w.cur, comp, Nameidata.typeOf(comp), k > j);
            step(w, comp);
            if (!w.cur.inode().isDir()) throw new ErrnoException(Errno.ENOTDIR);
            i = k;
        }
    }

    /** Moves w.cur through one non-final component, expanding a symlink fully. */
    private void step(Walk w, String comp) {
        switch (Nameidata.typeOf(comp)) {
            case DOT -> { }
            case DOTDOT -> w.cur = dotdot(w, w.cur);
            default -> {
                VfsPath c = lookupOne(w.cur, comp);
                if (c.isNegative()) throw new ErrnoException(Errno.ENOENT);
                if (c.inode().isSymlink()) {
                    Nameidata nd = followLink(w, w.cur, c);
                    nd = resolveLast(w, nd, true);
                    if (nd.child.isNegative()) throw new ErrnoException(Errno.ENOENT);
                    c = nd.child;
                }
                w.cur = c;
            }
        }
    }

    /** Resolves the last component of {@code nd}, following final symlinks while asked to. */
    private Nameidata resolveLast(Walk w, Nameidata nd, boolean follow) {
        while (true) {
            VfsPath c = switch (nd.type) {
                case ROOT, DOT, JUMPED -> nd.parent;
                case DOTDOT -> dotdot(w, nd.parent);
                case NORMAL -> lookupOne(nd.parent, nd.last);
            };
            if (nd.type == LastType.NORMAL && !c.isNegative() && c.inode().isSymlink()
                    && (follow || nd.trailingSlash)) {
                Nameidata next = followLink(w, nd.parent, c);
                nd = nd.trailingSlash ? next.withTrailingSlash() : next;
                continue;
            }
            nd.child = c;
            return nd;
        }
    }

    /** Reads a symlink and walks its body up to its last component, from the link's directory. */
    private Nameidata followLink(Walk w, VfsPath dir, VfsPath link) {
        if (++w.links > MAXSYMLINKS) throw new ErrnoException(Errno.ELOOP);
        if (link.inode() instanceof MagicLink m) {
            VfsPath to = m.jump();
            if (to != null) {
                w.cur = to;
                return new Nameidata(to, "", LastType.JUMPED, false);
            }
        }
        if (link.mount().noSymFollow()) throw new ErrnoException(Errno.ELOOP);
        String target = link.inode().readlink();
        link.inode().touchAccessed();
        if (target.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        w.cur = dir;
        return walkToLast(w, target);
    }

    /** "..": stays at the process root, climbs out of mounts, then crosses mounts down. */
    private VfsPath dotdot(Walk w, VfsPath p) {
        while (true) {
            if (p.equals(w.root)) return p;
            if (!p.atMountRoot()) return ns.followDown(new VfsPath(p.mount(), p.dentry().parent()));
            Mount parent = p.mount().parent();
            if (parent == null) return p;
            p = new VfsPath(parent, p.mount().mountpoint());
        }
    }

    /** The cached child, or a filesystem lookup under the directory's lock; negative when absent. */
    Dentry lookupChild(Dentry dir, String name) {
        SuperBlock sb = dir.inode().sb();
        if (name.length() > sb.nameMax()) throw new ErrnoException(Errno.ENAMETOOLONG);
        Dentry c = dir.cachedChild(name);
        if (c != null && !c.isUnhashed() && sb.revalidate(c)) return c;
        dir.lock().lock();
        try {
            c = dir.cachedChild(name);
            if (c != null) {
                if (!c.isUnhashed() && sb.revalidate(c)) return c;
                c.unhash();
            }
            Inode i = dir.inode().lookup(name);
            if (i == null) return Dentry.negative(dir, name);
            c = Dentry.child(dir, name, i);
            dir.cacheChild(c);
            return c;
        } finally {
            dir.lock().unlock();
        }
    }
}
