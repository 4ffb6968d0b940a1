package dev.umk.fs.page;

/**
 * An inode whose data lives in a {@link PageCache} (tmpfs, memfd): mmap maps those very
 * pages, so every MAP_SHARED mapping and every read and write see the same bytes. Inodes
 * without one are mapped through copies.
 */
public interface CachedFile {
    PageCache pageCache();
}
