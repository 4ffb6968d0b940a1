package dev.umk.core.hw;

/**
 * Guest "physical" memory: a flat range of bytes, addressed by physical address
 * (frame number times {@link #PAGE_SIZE}). On the host it is one sparse memfd mapped once
 * into the JVM, so every access here is a plain memory access. Unit tests use a heap-backed
 * implementation.
 *
 * <p>Bounds are the caller's duty (the frame allocator hands out only valid frames);
 * implementations may check them with assertions only.
 */
public interface PhysicalMemory {
    int PAGE_SHIFT = 12;
    int PAGE_SIZE = 1 << PAGE_SHIFT;

    /** Size in bytes; a multiple of {@link #PAGE_SIZE}. */
    long size();

    byte getByte(long pa);

    void putByte(long pa, byte v);

    long getLong(long pa);

    void putLong(long pa, long v);

    int getInt(long pa);

    void putInt(long pa, int v);

    void read(long pa, byte[] dst, int off, int len);

    void write(long pa, byte[] src, int off, int len);

    /** Copies {@code len} bytes between two physical ranges (copy-on-write, page moves). */
    void copy(long srcPa, long dstPa, long len);

    /** Fills a range with zeros. */
    void zero(long pa, long len);

    /**
     * Gives the host memory behind a page-aligned range back (punch a hole); the range reads
     * as zeros afterwards.
     */
    void discard(long pa, long len);

    /** The native address of {@code pa} in this process when the memory is native, else 0. */
    default long nativeAddress(long pa) {
        return 0;
    }
}
