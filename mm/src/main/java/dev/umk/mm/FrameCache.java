package dev.umk.mm;

/**
 * One CPU's stash of order-0 frames, so most single-frame allocations and frees skip the
 * buddy lock (Linux's per-cpu pageset). It keeps clean frames taken from the buddy lists in
 * batches, and dirty frames freed recently: reusing a dirty frame costs a 4 KiB memset, far
 * less than a host discard now plus a host page fault later. When too many dirty frames pile
 * up, the older half goes back to the buddy lists, discarded in coalesced runs.
 *
 * <p>Lock ordering: this monitor, then {@link FrameAllocator}'s lock (only while refilling).
 * Draining releases frames after leaving the monitor.
 */
final class FrameCache {
    static final int HIGH = 64;
    static final int BATCH = 16;

    private final FrameAllocator owner;
    /** Guarded by this. */
    private final int[] clean = new int[BATCH];
    private int nclean;
    private final int[] dirty = new int[HIGH];
    private int ndirty;

    FrameCache(FrameAllocator owner) {
        this.owner = owner;
    }

    /** A recently freed frame (caller zeroes it), or -1. */
    synchronized int popDirty() {
        return ndirty > 0 ? dirty[--ndirty] : -1;
    }

    /** A clean frame, refilling from the buddy lists when empty; -1 when they are empty too. */
    synchronized int popClean() {
        if (nclean == 0) nclean = owner.takeClean(clean, BATCH);
        return nclean > 0 ? clean[--nclean] : -1;
    }

    /** Takes a frame whose last reference is gone. */
    void pushDirty(int idx) {
        int[] spill = null;
        int nspill = 0;
        synchronized (this) {
            if (ndirty == HIGH) {
                nspill = HIGH / 2;
                spill = new int[nspill];
                System.arraycopy(dirty, 0, spill, 0, nspill);
                System.arraycopy(dirty, nspill, dirty, 0, HIGH - nspill);
                ndirty -= nspill;
            }
            dirty[ndirty++] = idx;
        }
        if (spill != null) owner.releaseToBuddy(spill, nspill, true);
    }

    synchronized int size() {
        return nclean + ndirty;
    }

    /** Returns everything to the buddy lists. */
    void drain() {
        int[] d;
        int[] c;
        synchronized (this) {
            d = java.util.Arrays.copyOf(dirty, ndirty);
            c = java.util.Arrays.copyOf(clean, nclean);
            ndirty = 0;
            nclean = 0;
        }
        owner.releaseToBuddy(d, d.length, true);
        owner.releaseToBuddy(c, c.length, false);
    }
}
