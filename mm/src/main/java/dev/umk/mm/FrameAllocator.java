package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * Hands out guest physical frames (4 KiB, named by physical address): a binary buddy allocator
 * over a {@link PhysicalMemory}, a reference count per frame, and per-CPU {@link FrameCache}s
 * of order-0 frames so the common single-frame path rarely takes the global lock.
 *
 * <p>All per-frame state is in int arrays, no object per frame: 8 GiB (2M frames) costs
 * about 24 MiB. A frame's {@code state} is its reference count when allocated (&gt; 0), 0 when
 * free, and {@code -(order+1)} when it heads a free buddy block of that order.
 *
 * <p>Invariants: every frame on a buddy free list is clean (its memory was discarded: it reads
 * zero and holds no host memory). Cached frames may be dirty and are zeroed on reuse, so every
 * frame handed out reads as zeros. Each frame of a block allocated with order k gets its own
 * count of 1 and may be freed on its own; buddies re-merge as they come back.
 *
 * <p>Lock ordering: {@code FrameCache} monitor, then {@link #mu}. Reference-count changes are
 * lock-free (atomic on the state array); only the transition to zero reaches a lock.
 */
public final class FrameAllocator {
    public static final int MAX_ORDER = 10;
    private static final int PAGE_SHIFT = PhysicalMemory.PAGE_SHIFT;
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(int[].class);

    private final PhysicalMemory mem;
    private final int nframes;
    private final int[] state;
    private final FrameCache[] caches;
    private final int cacheMask;

    /** Guards the buddy free lists: {@link #next}, {@link #prev}, {@link #heads}, {@link #buddyFree}. */
    private final Object mu = new Object();
    private final int[] next;
    private final int[] prev;
    private final int[] heads = new int[MAX_ORDER + 1];
    private long buddyFree;

    /** An allocator over all of {@code mem}, with one cache per available processor. */
    public FrameAllocator(PhysicalMemory mem) {
        this(mem, Runtime.getRuntime().availableProcessors());
    }

    public FrameAllocator(PhysicalMemory mem, int cpus) {
        long frames = mem.size() >>> PAGE_SHIFT;
        if (frames <= 0 || frames > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("physical memory size " + mem.size());
        }
        this.mem = mem;
        this.nframes = (int) frames;
        this.state = new int[nframes];
        this.next = new int[nframes];
        this.prev = new int[nframes];
        Arrays.fill(heads, -1);
        int ncaches = Integer.highestOneBit(Math.max(1, Math.min(cpus, 64)) * 2 - 1);
        this.caches = new FrameCache[ncaches];
        for (int i = 0; i < ncaches; i++) caches[i] = new FrameCache(this);
        this.cacheMask = ncaches - 1;
        synchronized (mu) {
            freeRun(0, nframes);
        }
    }

    public PhysicalMemory memory() {
        return mem;
    }

    public long totalFrames() {
        return nframes;
    }

    /** Frames not handed out: on the buddy lists or waiting in a per-CPU cache. */
    public long freeFrames() {
        long n;
        synchronized (mu) {
            n = buddyFree;
        }
        for (FrameCache c : caches) n += c.size();
        return n;
    }

    /**
     * Allocates 2^order physically contiguous frames, each with reference count 1.
     *
     * @throws ErrnoException ENOMEM when no block of that order is left
     */
    public long alloc(int order) {
        if (order < 0 || order > MAX_ORDER) throw new IllegalArgumentException("order " + order);
        int idx = takeBlockOrDrain(order);
        setRefs(idx, 1 << order);
        return pa(idx);
    }

    /**
     * Allocates {@code n} physically contiguous frames (1 &lt;= n &lt;= 2^MAX_ORDER), each with
     * reference count 1: a block of the next order up whose unused tail goes straight back.
     *
     * @throws ErrnoException ENOMEM when no such run is left
     */
    public long allocExact(int n) {
        if (n < 1 || n > 1 << MAX_ORDER) throw new IllegalArgumentException("frames " + n);
        if (n == 1) return allocFrame();
        int order = 32 - Integer.numberOfLeadingZeros(n - 1);
        int idx = takeBlockOrDrain(order);
        int tail = (1 << order) - n;
        if (tail > 0) {
            synchronized (mu) {
                freeRun(idx + n, tail); // never handed out: still clean
            }
        }
        setRefs(idx, n);
        return pa(idx);
    }

    /** Allocates one frame through the current thread's per-CPU cache. */
    public long allocFrame() {
        return allocFrame(currentCpu());
    }

    /** Allocates one frame through the cache of {@code cpu}; the frame reads as zeros. */
    public long allocFrame(int cpu) {
        FrameCache c = caches[cpu & cacheMask];
        int idx = c.popDirty();
        if (idx >= 0) {
            mem.zero(pa(idx), PhysicalMemory.PAGE_SIZE);
        } else {
            idx = c.popClean();
            if (idx < 0) idx = takeBlockOrDrain(0);
        }
        STATE.setRelease(state, idx, 1);
        return pa(idx);
    }

    /**
     * Frees a block allocated with {@code order} whose frames each still hold exactly one
     * reference. Its host memory is given back in one call.
     */
    public void free(long pa, int order) {
        if (order < 0 || order > MAX_ORDER) throw new IllegalArgumentException("order " + order);
        int idx = index(pa);
        int n = 1 << order;
        for (int i = idx; i < idx + n; i++) {
            if (!STATE.compareAndSet(state, i, 1, 0)) {
                throw new IllegalStateException("free of frame 0x" + Long.toHexString(pa(i))
                        + " with state " + state[i]);
            }
        }
        mem.discard(pa, (long) n << PAGE_SHIFT);
        synchronized (mu) {
            freeRun(idx, n);
        }
    }

    /** The reference count of a frame; 0 when it is free. */
    public int ref(long pa) {
        return Math.max(0, (int) STATE.getVolatile(state, index(pa)));
    }

    /** Takes one more reference on an allocated frame. */
    public void get(long pa) {
        int idx = index(pa);
        int old = (int) STATE.getAndAdd(state, idx, 1);
        if (old <= 0) {
            STATE.getAndAdd(state, idx, -1);
            throw new IllegalStateException("get of free frame 0x" + Long.toHexString(pa));
        }
    }

    /** Drops a reference; at zero the frame goes to the current CPU's cache. */
    public void put(long pa) {
        if (release(pa)) caches[currentCpu() & cacheMask].pushDirty(index(pa));
    }

    /** Returns every cached frame to the buddy lists (memory pressure, tests). */
    public void drainCaches() {
        for (FrameCache c : caches) c.drain();
    }

    // ---- package-private: for FrameCache and FreeBatch ----

    /** Drops a reference; true when it was the last (the caller then frees the frame). */
    boolean release(long pa) {
        int idx = index(pa);
        int old = (int) STATE.getAndAdd(state, idx, -1);
        if (old <= 0) {
            STATE.getAndAdd(state, idx, 1);
            throw new IllegalStateException("put of free frame 0x" + Long.toHexString(pa));
        }
        return old == 1;
    }

    /** Puts a frame whose last reference is gone into the current CPU's cache, dirty. */
    void cacheFreed(long pa) {
        caches[currentCpu() & cacheMask].pushDirty(index(pa));
    }

    /** Takes up to {@code n} clean order-0 frames off the buddy lists; returns how many. */
    int takeClean(int[] dst, int n) {
        synchronized (mu) {
            int got = 0;
            while (got < n) {
                int idx = takeBlock(0);
                if (idx < 0) break;
                dst[got++] = idx;
            }
            return got;
        }
    }

    /**
     * Gives freed frames back to the buddy lists: sorts them, discards each contiguous run with
     * one host call, then inserts the runs under one lock acquisition. Reorders {@code idxs}.
     */
    void releaseToBuddy(int[] idxs, int n, boolean dirty) {
        if (n == 0) return;
        Arrays.sort(idxs, 0, n);
        if (dirty) {
            for (int i = 0; i < n; ) {
                int j = runEnd(idxs, i, n);
                mem.discard(pa(idxs[i]), (long) (j - i) << PAGE_SHIFT);
                i = j;
            }
        }
        synchronized (mu) {
            for (int i = 0; i < n; ) {
                int j = runEnd(idxs, i, n);
                freeRun(idxs[i], j - i);
                i = j;
            }
        }
    }

    int index(long pa) {
        if ((pa & (PhysicalMemory.PAGE_SIZE - 1)) != 0 || pa < 0 || (pa >>> PAGE_SHIFT) >= nframes) {
            throw new IllegalArgumentException("not a frame: 0x" + Long.toHexString(pa));
        }
        return (int) (pa >>> PAGE_SHIFT);
    }

    static long pa(int idx) {
        return (long) idx << PAGE_SHIFT;
    }

    // ---- buddy internals ----

    private static int runEnd(int[] idxs, int i, int n) {
        int j = i + 1;
        while (j < n && idxs[j] == idxs[j - 1] + 1) j++;
        return j;
    }

    private static int currentCpu() {
        @SuppressWarnings("deprecation") // Thread.threadId() needs Java 19
        long id = Thread.currentThread().getId();
        return (int) id;
    }

    private void setRefs(int idx, int n) {
        for (int i = idx; i < idx + n; i++) STATE.setRelease(state, i, 1);
    }

    private int takeBlockOrDrain(int order) {
        int idx;
        synchronized (mu) {
            idx = takeBlock(order);
        }
        if (idx < 0) {
            drainCaches();
            synchronized (mu) {
                idx = takeBlock(order);
            }
            if (idx < 0) throw new ErrnoException(Errno.ENOMEM, "out of guest frames");
        }
        return idx;
    }

    /** Preconditions: mu held. Returns the first frame of a free block of {@code order}, or -1. */
    private int takeBlock(int order) {
        int k = order;
        while (k <= MAX_ORDER && heads[k] < 0) k++;
        if (k > MAX_ORDER) return -1;
        int idx = heads[k];
        unlink(idx, k);
        while (k > order) {
            k--;
            push(idx + (1 << k), k);
        }
        buddyFree -= 1L << order;
        return idx;
    }

    /** Preconditions: mu held; frames [idx, idx+len) are free and on no list. */
    private void freeRun(int idx, int len) {
        while (len > 0) {
            int k = Math.min(MAX_ORDER, Math.min(Integer.numberOfTrailingZeros(idx),
                    31 - Integer.numberOfLeadingZeros(len)));
            freeBlock(idx, k);
            idx += 1 << k;
            len -= 1 << k;
        }
    }

    /** Preconditions: mu held. Inserts a block, merging with free buddies. */
    private void freeBlock(int idx, int order) {
        buddyFree += 1L << order;
        while (order < MAX_ORDER) {
            int buddy = idx ^ (1 << order);
            if (buddy + (1 << order) > nframes || state[buddy] != -(order + 1)) break;
            unlink(buddy, order);
            idx = Math.min(idx, buddy);
            order++;
        }
        push(idx, order);
    }

    private void push(int idx, int order) {
        state[idx] = -(order + 1);
        int h = heads[order];
        next[idx] = h;
        prev[idx] = -1;
        if (h >= 0) prev[h] = idx;
        heads[order] = idx;
    }

    private void unlink(int idx, int order) {
        int p = prev[idx];
        int n = next[idx];
        if (p >= 0) next[p] = n; else heads[order] = n;
        if (n >= 0) prev[n] = p;
        state[idx] = 0;
    }
}
