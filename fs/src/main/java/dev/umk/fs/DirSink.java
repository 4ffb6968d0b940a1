package dev.umk.fs;

/**
 * Receives directory entries from {@link Inode#readdir}; returns false when it is full,
 * in which case the entry was not taken and listing stops (it resumes at that entry).
 */
@FunctionalInterface
public interface DirSink {
    /**
     * @param name entry name (a byte string, see {@link Names})
     * @param ino inode number reported in d_ino
     * @param type DT_* type
     * @param nextCookie the position to resume after this entry
     */
    boolean accept(String name, long ino, int type, long nextCookie);
}
