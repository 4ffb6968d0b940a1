package dev.umk.core.hw.host;

/** The host filesystem's statfs(2) numbers (f_type is the host filesystem's magic, 0 if unknown). */
public record HostStatFs(long type, long bsize, long blocks, long bfree, long bavail, long files, long ffree, long namelen) {}
