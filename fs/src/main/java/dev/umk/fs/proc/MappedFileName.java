package dev.umk.fs.proc;

import dev.umk.fs.VfsPath;

/**
 * Implemented by the mm {@code MappedFile} of a file mapping, so /proc/PID/maps can show the
 * mapped file's device, inode and path. The process layer checks for it when it describes a
 * memory area ({@link VmaInfo}).
 */
public interface MappedFileName {
    /** The place of the mapped file (the open file's path). */
    VfsPath mappedPath();
}
