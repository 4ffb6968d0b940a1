package dev.umk.fs;

/**
 * A place in the mount tree (Linux {@code struct path}): a mount and a dentry inside it.
 * Two paths are the same place only when both parts are equal; the same dentry seen
 * through two bind mounts is two places.
 */
public record VfsPath(Mount mount, Dentry dentry) {
    /** The inode; null only for the negative result of a lookup. */
    public Inode inode() {
        return dentry.inode();
    }

    public boolean isNegative() {
        return dentry.isNegative();
    }

    /** True at the root of its mount. */
    public boolean atMountRoot() {
        return dentry == mount.root();
    }
}
