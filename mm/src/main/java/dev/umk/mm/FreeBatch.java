package dev.umk.mm;

/**
 * Gathers the frames an operation drops (munmap, MADV_DONTNEED, exit) so that the ones whose
 * last reference goes are freed together: their host memory is discarded in coalesced runs
 * (one host call per physically contiguous run, not per page) and they reach the buddy lists
 * in one lock round trip. Linux's mmu_gather plays this part. A handful of frames goes to the
 * per-CPU cache instead, where reuse is cheaper than a discard.
 *
 * <p>Not thread-safe: one batch per operation; call {@link #flush()} at its end.
 */
public final class FreeBatch {
    private static final int FLUSH_AT = 16384;
    private static final int TO_CACHE = 4;

    private final FrameAllocator frames;
    private int[] idx = new int[64];
    private int n;

    public FreeBatch(FrameAllocator frames) {
        this.frames = frames;
    }

    /** Drops one reference on a frame; it is freed at the next flush if that was the last. */
    public void put(long pa) {
        if (!frames.release(pa)) return;
        if (n == idx.length) {
            if (n >= FLUSH_AT) {
                flush();
            } else {
                idx = java.util.Arrays.copyOf(idx, n * 2);
            }
        }
        idx[n++] = frames.index(pa);
    }

    /** Frees everything gathered so far. */
    public void flush() {
        if (n <= TO_CACHE) {
            for (int i = 0; i < n; i++) frames.cacheFreed(FrameAllocator.pa(idx[i]));
        } else {
            frames.releaseToBuddy(idx, n, true);
        }
        n = 0;
    }
}
