package dev.umk.core.hw.host;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.core.kernel.Timespec;
import java.util.List;

/**
 * The host's file API as hostfs needs it: the only way fs reaches host files. Implemented
 * in hostdrv (NioHostFiles); unit tests use an in-memory one. Paths are absolute host
 * paths as VFS byte strings (see dev.umk.fs.Names); no call follows a final symlink.
 * Every failure is an ErrnoException carrying the host's errno as a Linux errno.
 */
public interface HostFiles {
    HostStat lstat(String path);

    /** The entries of a directory, without "." and "..". */
    List<HostDirEntry> readdir(String path);

    /**
     * Opens a file. {@code flags} may hold O_RDONLY/O_WRONLY/O_RDWR, O_CREAT, O_EXCL and
     * O_TRUNC; {@code mode} is the exact permission for a created file (no host umask).
     */
    HostFile open(String path, int flags, int mode);

    void mkdir(String path, int mode);

    void unlink(String path);

    void rmdir(String path);

    /** rename(2): replaces an existing target as Linux does. */
    void rename(String from, String to);

    void link(String existing, String newPath);

    void symlink(String target, String path);

    String readlink(String path);

    /** Sets the permission bits (07777). */
    void chmod(String path, int mode);

    /** Changes owner and/or group; -1 leaves one unchanged. */
    void chown(String path, int uid, int gid);

    /** Sets access and/or modification time; null leaves one unchanged. */
    void utimes(String path, Timespec atime, Timespec mtime);

    void truncate(String path, long length);

    HostStatFs statfs(String path);

    /** Creates a FIFO or device node; hosts that cannot say EPERM. */
    default void mknod(String path, int mode, long rdev) {
        throw new ErrnoException(Errno.EPERM);
    }

    default byte[] getxattr(String path, String name) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    default void setxattr(String path, String name, byte[] value) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    default List<String> listxattr(String path) {
        return List.of();
    }

    default void removexattr(String path, String name) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }
}
