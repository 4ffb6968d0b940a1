package dev.umk.fs.lock;

/**
 * struct flock as fcntl(2) passes it: l_type (F_RDLCK, F_WRLCK, F_UNLCK), l_whence, l_start,
 * l_len (0 = to end of file, negative = the bytes before l_start) and l_pid.
 */
public record Flock(int type, int whence, long start, long len, int pid) {}
