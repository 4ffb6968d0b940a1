package dev.umk.fs;

/**
 * mount(2) and umount2(2) flags (linux/mount.h). The per-mount subset (RDONLY, NOSUID,
 * NODEV, NOEXEC, NOSYMFOLLOW, NOATIME, NODIRATIME, RELATIME, STRICTATIME) is also what
 * {@link Mount#flags()} holds.
 */
public final class MountFlags {
    private MountFlags() {}

    public static final long MS_RDONLY = 1;
    public static final long MS_NOSUID = 2;
    public static final long MS_NODEV = 4;
    public static final long MS_NOEXEC = 8;
    public static final long MS_SYNCHRONOUS = 16;
    public static final long MS_REMOUNT = 32;
    public static final long MS_MANDLOCK = 64;
    public static final long MS_DIRSYNC = 128;
    public static final long MS_NOSYMFOLLOW = 256;
    public static final long MS_NOATIME = 1024;
    public static final long MS_NODIRATIME = 2048;
    public static final long MS_BIND = 4096;
    public static final long MS_MOVE = 8192;
    public static final long MS_REC = 16384;
    public static final long MS_SILENT = 32768;
    public static final long MS_UNBINDABLE = 1 << 17;
    public static final long MS_PRIVATE = 1 << 18;
    public static final long MS_SLAVE = 1 << 19;
    public static final long MS_SHARED = 1 << 20;
    public static final long MS_RELATIME = 1 << 21;
    public static final long MS_STRICTATIME = 1 << 24;
    public static final long MS_LAZYTIME = 1 << 25;
    public static final long MS_MGC_MSK = 0xffff0000L;
    public static final long MS_MGC_VAL = 0xC0ED0000L;

    /** Flags that live on a mount rather than on the superblock. */
    public static final long PER_MOUNT = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC
            | MS_NOSYMFOLLOW | MS_NOATIME | MS_NODIRATIME | MS_RELATIME | MS_STRICTATIME;

    public static final int MNT_FORCE = 1;
    public static final int MNT_DETACH = 2;
    public static final int MNT_EXPIRE = 4;
    public static final int UMOUNT_NOFOLLOW = 8;
}
