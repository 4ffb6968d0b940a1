package dev.umk.fs.page;

import dev.umk.core.hw.PhysicalMemory;

/**
 * Physical frames for page caches, as mm's frame allocator hands them out: {@link #alloc}
 * returns a zeroed frame with one reference; {@link #put} drops one (mm takes its own
 * references while a page is mapped, so a truncated page stays valid until unmapped).
 */
public interface FrameSource {
    PhysicalMemory memory();

    /** A zeroed frame's physical address; ErrnoException(ENOMEM) when none is left. */
    long alloc();

    void put(long pa);
}
