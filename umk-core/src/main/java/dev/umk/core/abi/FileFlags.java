package dev.umk.core.abi;

/**
 * Linux x86-64 constants for file syscalls: open flags, *at() flags, file types and mode
 * bits, fcntl commands, rename flags, lseek whence values, access modes, utimensat
 * specials, directory entry types and xattr flags. Values are from the kernel's uapi
 * headers (asm-generic/fcntl.h, linux/stat.h, linux/fcntl.h, linux/fs.h).
 */
public final class FileFlags {
    private FileFlags() {}

    // open(2) flags (octal in the headers).
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_ACCMODE = 03;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_DSYNC = 010000;
    public static final int O_ASYNC = 020000;
    public static final int O_DIRECT = 040000;
    public static final int O_LARGEFILE = 0100000;
    public static final int O_DIRECTORY = 0200000;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_NOATIME = 01000000;
    public static final int O_CLOEXEC = 02000000;
    public static final int O_SYNC = 04000000 | O_DSYNC;
    public static final int O_PATH = 010000000;
    public static final int O_TMPFILE = 020000000 | O_DIRECTORY;
    /** The __O_TMPFILE bit alone. */
    public static final int O_TMPFILE_BIT = 020000000;
    /** Every flag open(2) accepts; others are silently ignored by open and rejected by openat2. */
    public static final int VALID_OPEN_FLAGS = O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC
            | O_APPEND | O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY
            | O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE;
    /** Flags F_SETFL may change. */
    public static final int SETFL_MASK = O_APPEND | O_ASYNC | O_DIRECT | O_NOATIME | O_NONBLOCK;

    // *at() flags.
    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_EACCESS = 0x200;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_SYMLINK_FOLLOW = 0x400;
    public static final int AT_NO_AUTOMOUNT = 0x800;
    public static final int AT_EMPTY_PATH = 0x1000;
    public static final int AT_STATX_SYNC_TYPE = 0x6000;
    public static final int AT_STATX_FORCE_SYNC = 0x2000;
    public static final int AT_STATX_DONT_SYNC = 0x4000;
    public static final int AT_RECURSIVE = 0x8000;

    // File types and mode bits (st_mode).
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;
    public static final int S_ISUID = 04000;
    public static final int S_ISGID = 02000;
    public static final int S_ISVTX = 01000;
    public static final int S_IRWXU = 0700;
    public static final int S_IRUSR = 0400;
    public static final int S_IWUSR = 0200;
    public static final int S_IXUSR = 0100;
    public static final int S_IRWXG = 070;
    public static final int S_IRGRP = 040;
    public static final int S_IWGRP = 020;
    public static final int S_IXGRP = 010;
    public static final int S_IRWXO = 07;
    public static final int S_IROTH = 04;
    public static final int S_IWOTH = 02;
    public static final int S_IXOTH = 01;
    public static final int S_IXUGO = S_IXUSR | S_IXGRP | S_IXOTH;
    /** Permission bits plus set-id and sticky bits: what chmod may change. */
    public static final int S_IALLUGO = S_ISUID | S_ISGID | S_ISVTX | 0777;

    public static boolean isDir(int mode) { return (mode & S_IFMT) == S_IFDIR; }
    public static boolean isReg(int mode) { return (mode & S_IFMT) == S_IFREG; }
    public static boolean isLnk(int mode) { return (mode & S_IFMT) == S_IFLNK; }
    public static boolean isChr(int mode) { return (mode & S_IFMT) == S_IFCHR; }
    public static boolean isBlk(int mode) { return (mode & S_IFMT) == S_IFBLK; }
    public static boolean isFifo(int mode) { return (mode & S_IFMT) == S_IFIFO; }
    public static boolean isSock(int mode) { return (mode & S_IFMT) == S_IFSOCK; }

    // fcntl(2) commands.
    public static final int F_DUPFD = 0;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int F_GETLK = 5;
    public static final int F_SETLK = 6;
    public static final int F_SETLKW = 7;
    public static final int F_SETOWN = 8;
    public static final int F_GETOWN = 9;
    public static final int F_SETSIG = 10;
    public static final int F_GETSIG = 11;
    public static final int F_SETOWN_EX = 15;
    public static final int F_GETOWN_EX = 16;
    public static final int F_GETOWNER_UIDS = 17;
    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final int F_OFD_SETLKW = 38;
    public static final int F_SETLEASE = 1024;
    public static final int F_GETLEASE = 1025;
    public static final int F_NOTIFY = 1026;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETPIPE_SZ = 1031;
    public static final int F_GETPIPE_SZ = 1032;
    public static final int F_ADD_SEALS = 1033;
    public static final int F_GET_SEALS = 1034;
    public static final int FD_CLOEXEC = 1;
    public static final int F_RDLCK = 0;
    public static final int F_WRLCK = 1;
    public static final int F_UNLCK = 2;

    // renameat2(2) flags.
    public static final int RENAME_NOREPLACE = 1;
    public static final int RENAME_EXCHANGE = 2;
    public static final int RENAME_WHITEOUT = 4;

    // lseek(2) whence.
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;
    public static final int SEEK_END = 2;
    public static final int SEEK_DATA = 3;
    public static final int SEEK_HOLE = 4;

    // access(2) modes.
    public static final int F_OK = 0;
    public static final int X_OK = 1;
    public static final int W_OK = 2;
    public static final int R_OK = 4;

    // utimensat(2) special nanosecond values.
    public static final long UTIME_NOW = (1L << 30) - 1;
    public static final long UTIME_OMIT = (1L << 30) - 2;

    // d_type values of linux_dirent64.
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;
    public static final int DT_WHT = 14;

    /** The d_type for an st_mode. */
    public static int dtype(int mode) {
        return (mode & S_IFMT) >>> 12;
    }

    // setxattr(2) flags.
    public static final int XATTR_CREATE = 1;
    public static final int XATTR_REPLACE = 2;
    public static final int XATTR_NAME_MAX = 255;
    public static final int XATTR_SIZE_MAX = 65536;
    public static final int XATTR_LIST_MAX = 65536;

    // close_range(2) flags.
    public static final int CLOSE_RANGE_UNSHARE = 1 << 1;
    public static final int CLOSE_RANGE_CLOEXEC = 1 << 2;

    // fallocate(2) modes.
    public static final int FALLOC_FL_KEEP_SIZE = 0x01;
    public static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    public static final int FALLOC_FL_COLLAPSE_RANGE = 0x08;
    public static final int FALLOC_FL_ZERO_RANGE = 0x10;
    public static final int FALLOC_FL_INSERT_RANGE = 0x20;

    // Limits.
    public static final int NAME_MAX = 255;
    /** PATH_MAX includes the terminating NUL, so a path may have at most 4095 bytes. */
    public static final int PATH_MAX = 4096;
    public static final int MAXSYMLINKS = 40;
    public static final int PIPE_BUF = 4096;
}
