package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The VMAs of one address space, ordered by start address: O(log n) lookup with a last-hit
 * cache, split, merge of adjacent compatible areas, and the free-gap searches mmap uses
 * (top-down from mmap_base as Linux's default layout, bottom-up as its fallback).
 *
 * <p>The tree owns the areas' references on their backing files: inserting an area opens one
 * ({@link MappedFile#vmaOpen}), removing one closes it. Callers replacing a mapping of an
 * object must insert the new area before removing the old, so the object never sees zero.
 *
 * <p>Gap searches walk the areas next to the search window, so they cost O(areas passed);
 * fine for the usual hundreds, not an augmented tree as Linux's maple tree is.
 *
 * <p>Not thread-safe: the owning {@link AddressSpace}'s lock guards it.
 */
public final class VmaTree {
    private final TreeMap<Long, Vma> byStart = new TreeMap<>();
    private Vma lastHit;

    public int size() {
        return byStart.size();
    }

    /** The area containing {@code addr}, or null. */
    public Vma find(long addr) {
        Vma v = lastHit;
        if (v != null && addr >= v.start && addr < v.end) return v;
        Map.Entry<Long, Vma> e = byStart.floorEntry(addr);
        if (e == null || e.getValue().end <= addr) return null;
        lastHit = e.getValue();
        return lastHit;
    }

    /** The first area ending above {@code addr} (Linux find_vma), or null. */
    public Vma findEndingAbove(long addr) {
        Vma v = find(addr);
        if (v != null) return v;
        Map.Entry<Long, Vma> e = byStart.higherEntry(addr);
        return e == null ? null : e.getValue();
    }

    /** The first area intersecting [start, end), or null. */
    public Vma firstIntersecting(long start, long end) {
        Vma v = findEndingAbove(start);
        return v != null && v.start < end ? v : null;
    }

    /** The area after {@code v}, or null. */
    public Vma next(Vma v) {
        Map.Entry<Long, Vma> e = byStart.higherEntry(v.start);
        return e == null ? null : e.getValue();
    }

    /** The area before {@code v}, or null. */
    public Vma prev(Vma v) {
        Map.Entry<Long, Vma> e = byStart.lowerEntry(v.start);
        return e == null ? null : e.getValue();
    }

    public List<Vma> all() {
        return new ArrayList<>(byStart.values());
    }

    /** Adds an area that overlaps none, taking a reference on its file. */
    void insert(Vma v) {
        if (v.start >= v.end || firstIntersecting(v.start, v.end) != null) {
            throw new IllegalStateException("overlapping or empty VMA " + v);
        }
        byStart.put(v.start, v);
        if (v.file != null) v.file.vmaOpen();
    }

    /** Removes an area, dropping its reference on its file. */
    void remove(Vma v) {
        if (byStart.remove(v.start) != v) throw new IllegalStateException("not in tree: " + v);
        if (lastHit == v) lastHit = null;
        if (v.file != null) v.file.vmaClose();
    }

    /**
     * Splits {@code v} at {@code addr}: v keeps [start, addr); returns the new [addr, end).
     *
     * @throws ErrnoException ENOMEM at Linux's max_map_count
     */
    Vma split(Vma v, long addr) {
        if (addr <= v.start || addr >= v.end || !MmLayout.pageAligned(addr)) {
            throw new IllegalArgumentException("split " + v + " at " + Long.toHexString(addr));
        }
        if (byStart.size() >= MmLayout.MAX_MAP_COUNT) throw new ErrnoException(Errno.ENOMEM);
        Vma hi = v.copy();
        hi.start = addr;
        hi.fileOffset = v.offsetOf(addr);
        v.end = addr;
        byStart.put(hi.start, hi);
        if (hi.file != null) hi.file.vmaOpen();
        lastHit = null;
        return hi;
    }

    /** Moves the end of {@code v}; the caller has checked the range it grows into is free. */
    void setEnd(Vma v, long end) {
        v.end = end;
        lastHit = null;
    }

    /** Moves the start of {@code v} (stack growth), adjusting its file offset. */
    void setStart(Vma v, long start) {
        byStart.remove(v.start);
        v.fileOffset -= v.start - start;
        v.start = start;
        byStart.put(start, v);
        lastHit = null;
    }

    /** Merges {@code v} with its neighbours where compatible; returns the surviving area. */
    Vma mergeAround(Vma v) {
        Vma p = prev(v);
        if (p != null && p.canMerge(v)) {
            remove(v);
            setEnd(p, v.end);
            v = p;
        }
        Vma n = next(v);
        if (n != null && v.canMerge(n)) {
            remove(n);
            setEnd(v, n.end);
        }
        return v;
    }

    /** Whether [addr, addr+len) is free and clear of the guard gap below a stack above it. */
    boolean isFree(long addr, long len) {
        Vma v = findEndingAbove(addr);
        return v == null || addr + len <= v.startGap();
    }

    /** The highest start of a free [a, a+len) inside [low, high), or -1. */
    long gapTopDown(long len, long low, long high) {
        long gapEnd = high;
        Map.Entry<Long, Vma> e = byStart.ceilingEntry(high);
        if (e != null) gapEnd = Math.min(gapEnd, e.getValue().startGap());
        for (Vma v : byStart.headMap(high, false).descendingMap().values()) {
            long gapStart = Math.max(v.end, low);
            if (gapEnd >= gapStart && gapEnd - gapStart >= len) return gapEnd - len;
            gapEnd = Math.min(gapEnd, v.startGap());
            if (gapEnd < low || gapEnd - low < len) return -1;
        }
        return gapEnd >= low && gapEnd - low >= len ? gapEnd - len : -1;
    }

    /** The lowest start of a free [a, a+len) inside [low, high), or -1. */
    long gapBottomUp(long len, long low, long high) {
        long gapStart = low;
        Map.Entry<Long, Vma> first = byStart.floorEntry(low);
        Long from = first != null ? first.getKey() : low;
        for (Vma v : byStart.tailMap(from, true).values()) {
            if (v.end <= gapStart) continue;
            long gapEnd = Math.min(high, v.startGap());
            if (gapEnd > gapStart && gapEnd - gapStart >= len) return gapStart;
            gapStart = Math.max(gapStart, v.end);
            if (gapStart >= high) return -1;
        }
        return high - gapStart >= len ? gapStart : -1;
    }
}
