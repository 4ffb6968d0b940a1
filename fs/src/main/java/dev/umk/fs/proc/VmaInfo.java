package dev.umk.fs.proc;

import dev.umk.fs.VfsPath;

/**
 * One memory area as /proc/PID/maps and smaps show it.
 *
 * @param start    first address
 * @param end      first address after the area
 * @param prot     PROT_READ | PROT_WRITE | PROT_EXEC bits
 * @param flags    {@link #SHARED}, {@link #GROWSDOWN}, {@link #LOCKED}, {@link #DONTCOPY},
 *                 {@link #WIPEONFORK}
 * @param offset   file offset of {@code start} (0 for anonymous memory)
 * @param dev      device of the mapped file (0 for anonymous memory)
 * @param ino      inode of the mapped file (0 for anonymous memory)
 * @param file     the mapped file's place, named from the reader's root; null when the area
 *                 has no file (then {@code name} is shown)
 * @param name     what maps shows for an area without {@code file}: "[heap]", "[stack]",
 *                 "[anon:x]", "/dev/zero (deleted)", or "" for plain anonymous memory
 * @param rssPages resident pages, when asked for
 */
public record VmaInfo(long start, long end, int prot, int flags, long offset, long dev, long ino,
                      VfsPath file, String name, long rssPages) {
    public static final int SHARED = 1;
    public static final int GROWSDOWN = 1 << 1;
    public static final int DONTCOPY = 1 << 2;
    public static final int WIPEONFORK = 1 << 3;
    public static final int LOCKED = 1 << 4;

    public long length() { return end - start; }

    public boolean shared() { return (flags & SHARED) != 0; }

    /** Private memory with no file and no backing object (what RssAnon and Anonymous count). */
    public boolean anonymous() { return file == null && (flags & SHARED) == 0; }
}
