package dev.umk.core.hw.host;

import dev.umk.core.kernel.Timespec;

/** A host file's attributes as lstat(2) on the host reports them. */
public record HostStat(long dev, long ino, int mode, int nlink, int uid, int gid, long rdev, long size,
                       long blocks, Timespec atime, Timespec mtime, Timespec ctime, Timespec btime) {}
