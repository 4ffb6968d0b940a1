package dev.umk.fs.hostfs;

/** One host directory entry: name (a VFS byte string), inode number, DT_* type. */
public record HostDirEntry(String name, long ino, int type) {}
