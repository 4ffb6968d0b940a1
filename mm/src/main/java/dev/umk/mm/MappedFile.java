package dev.umk.mm;

/**
 * What a file-backed mapping needs from the file: its pages as guest frames. The fs page
 * cache implements it (one instance per open file description or inode, as fs prefers);
 * {@link ShmemFile} implements it for shared anonymous memory.
 *
 * <p>Contract: {@link #pageFrame} returns a frame holding the file's page and takes one
 * reference on it for the caller, which mm drops when the page leaves the page table. While
 * the file keeps a page cached it must keep handing out the same frame, so MAP_SHARED
 * mappings see each other's writes and the file's. A MAP_PRIVATE mapping maps that frame
 * read-only and copies it on the first write.
 *
 * <p>Lock ordering: mm calls these methods holding an {@link AddressSpace} lock, so an
 * implementation must never call into an AddressSpace (user copies) while holding a lock that
 * these methods take.
 */
public interface MappedFile {
    /**
     * The frame of the page at {@code offset} (page-aligned), with one reference taken for the
     * caller.
     *
     * @throws dev.umk.core.kernel.ErrnoException beyond the end of the file (the guest gets
     *     SIGBUS) or when the page cannot be read or allocated
     */
    long pageFrame(long offset);

    /** File size in bytes: pages wholly beyond it are not mapped (SIGBUS on access). */
    long size();

    /** Whether MAP_SHARED mappings may be writable (the file was opened for writing). */
    default boolean writableShared() {
        return true;
    }

    /** A VMA now refers to this file (mmap, split, fork). */
    default void vmaOpen() {}

    /** A VMA that referred to this file is gone. */
    default void vmaClose() {}

    /**
     * The object whose pages these are, for shared futex keys: every mapping of one file (an
     * inode, a shared memory object) must answer the same object.
     */
    default Object futexIdentity() {
        return this;
    }

    /** msync(MS_SYNC) of a shared mapping: write [offset, offset+len) back. */
    default void writeback(long offset, long len) {}
}
