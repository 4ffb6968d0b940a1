package dev.umk.sched.coredump;

/** The dumped process's memory, a page at a time (Linux get_dump_page). */
@FunctionalInterface
public interface PageSource {
    /**
     * Copies the page at {@code va} into {@code page} and returns true, or returns false for
     * a page that reads as zeros and is left as a hole in the file.
     */
    boolean readPage(long va, byte[] page);
}
