package dev.umk.fs;

/**
 * A symlink whose target is a place, not a string (Linux's "magic links": /proc/PID/fd/N,
 * /proc/PID/cwd, /proc/PID/exe). Following one jumps straight to that place, so it works
 * for deleted files, pipes and places outside the caller's root; readlink still returns
 * the textual name. Implemented by symlink inodes of synthetic filesystems.
 */
public interface MagicLink {
    /** Where following the link leads; null when this one is an ordinary textual link. */
    VfsPath jump();
}
