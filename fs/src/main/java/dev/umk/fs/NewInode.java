package dev.umk.fs;

/**
 * What the VFS decided a new inode gets: full mode (type and permission bits, umask and
 * set-gid rules already applied), owner, group and device number (for device nodes).
 */
public record NewInode(int mode, int uid, int gid, long rdev) {
    public NewInode(int mode, int uid, int gid) {
        this(mode, uid, gid, 0);
    }
}
