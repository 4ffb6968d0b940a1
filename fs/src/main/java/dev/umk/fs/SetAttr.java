package dev.umk.fs;

import dev.umk.core.kernel.Timespec;

/**
 * An attribute change the VFS has already validated (Linux {@code struct iattr}): which
 * fields to set and their new values. Filesystems apply it in {@link Inode#setattr}.
 */
public final class SetAttr {
    public static final int MODE = 1;
    public static final int UID = 2;
    public static final int GID = 4;
    public static final int SIZE = 8;
    public static final int ATIME = 16;
    public static final int MTIME = 32;
    public static final int CTIME = 64;

    public int valid;
    public int mode;
    public int uid;
    public int gid;
    public long size;
    public Timespec atime;
    public Timespec mtime;
    public Timespec ctime;

    public boolean has(int bit) {
        return (valid & bit) != 0;
    }

    public static SetAttr size(long size, Timespec now) {
        SetAttr a = new SetAttr();
        a.valid = SIZE | MTIME | CTIME;
        a.size = size;
        a.mtime = now;
        a.ctime = now;
        return a;
    }
}
