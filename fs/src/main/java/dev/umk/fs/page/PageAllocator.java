package dev.umk.fs.page;

/**
 * Where page caches get pages. {@link #allocate} returns a zeroed page or throws
 * ErrnoException (ENOSPC when a filesystem's size limit is reached, ENOMEM when memory is).
 */
public interface PageAllocator {
    Page allocate();

    void free(Page page);
}
