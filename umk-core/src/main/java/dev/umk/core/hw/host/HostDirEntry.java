package dev.umk.core.hw.host;

/** One host directory entry: name (a VFS byte string), inode number, DT_* type. */
public record HostDirEntry(String name, long ino, int type) {}
