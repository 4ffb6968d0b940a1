package dev.umk.fs;

/**
 * The result of a path walk (Linux {@code struct nameidata}'s outcome): the directory that
 * holds the last component, the last component itself and its kind, whether the path
 * ended in a slash, and, when the walk resolved the last component too, what it names
 * (possibly a negative dentry).
 */
public final class Nameidata {
    /**
     * Kind of the last component, as Linux's LAST_NORM / LAST_DOT / LAST_DOTDOT / LAST_ROOT;
     * JUMPED when a magic link replaced it with a place (the parent is that place).
     */
    public enum LastType { NORMAL, DOT, DOTDOT, ROOT, JUMPED }

    public final VfsPath parent;
    public final String last;
    public final LastType type;
    public final boolean trailingSlash;
    VfsPath child;

    Nameidata(VfsPath parent, String last, LastType type, boolean trailingSlash) {
        this.parent = parent;
        this.last = last;
        this.type = type;
        this.trailingSlash = trailingSlash;
    }

    Nameidata withTrailingSlash() {
        return trailingSlash ? this : new Nameidata(parent, last, type, true);
    }

    /** What the last component resolved to; negative when it does not exist. */
    public VfsPath child() {
        return child;
    }

    static LastType typeOf(String comp) {
        if (comp.equals(".")) return LastType.DOT;
        if (comp.equals("..")) return LastType.DOTDOT;
        return LastType.NORMAL;
    }
}
