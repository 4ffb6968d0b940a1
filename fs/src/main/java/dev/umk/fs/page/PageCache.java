package dev.umk.fs.page;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The data pages of one file (Linux {@code struct address_space}), sparse: a page exists
 * only where data was written, and holes read as zeros. In-memory filesystems keep their
 * file data here; SEEK_DATA/SEEK_HOLE follow page presence, as tmpfs does. Pages can be
 * handed to mm for mmap through {@link #pageAt}.
 *
 * <p>Guarded by this object's monitor; callers hold the file's I/O lock for size changes.
 */
public final class PageCache {
    private final PageAllocator alloc;
    private final TreeMap<Long, Page> pages = new TreeMap<>();

    public PageCache(PageAllocator alloc) {
        this.alloc = alloc;
    }

    /** Copies bytes [pos, min(pos + dst.remaining(), eof)) into dst; returns the count. */
    public synchronized int read(long pos, ByteBuffer dst, long eof) {
        if (pos >= eof) return 0;
        int total = (int) Math.min(dst.remaining(), eof - pos);
        int done = 0;
        while (done < total) {
            long p = pos + done;
            int off = (int) (p & (Page.SIZE - 1));
            int n = Math.min(total - done, Page.SIZE - off);
            Page page = pages.get(p >>> Page.SHIFT);
            if (page != null) {
                page.read(off, dst, n);
            } else {
                for (int i = 0; i < n; i++) dst.put((byte) 0);
            }
            done += n;
        }
        return total;
    }

    /**
     * Copies all of src to the file at pos, allocating pages. When allocation fails after
     * some bytes were stored the partial count is returned; with none stored it throws.
     */
    public synchronized int write(long pos, ByteBuffer src) {
        int total = src.remaining();
        int done = 0;
        while (done < total) {
            long p = pos + done;
            int off = (int) (p & (Page.SIZE - 1));
            int n = Math.min(total - done, Page.SIZE - off);
            Page page;
            try {
                page = pageAt(p >>> Page.SHIFT);
            } catch (ErrnoException e) {
                if (done > 0) return done;
                throw e;
            }
            page.write(off, src, n);
            done += n;
        }
        return total;
    }

    /** The page at {@code index}, allocated (zeroed) if absent: for writes and shared mappings. */
    public synchronized Page pageAt(long index) {
        Page page = pages.get(index);
        if (page == null) {
            page = alloc.allocate();
            pages.put(index, page);
        }
        return page;
    }

    /** The page at {@code index} if it holds data; null for a hole. */
    public synchronized Page peek(long index) {
        return pages.get(index);
    }

    /** Drops data at and beyond {@code newSize}: whole pages freed, the last partial page zeroed past the end. */
    public synchronized void truncate(long newSize) {
        long first = (newSize + Page.SIZE - 1) >>> Page.SHIFT;
        freeFrom(pages.tailMap(first, true));
        int tail = (int) (newSize & (Page.SIZE - 1));
        if (tail != 0) {
            Page last = pages.get(newSize >>> Page.SHIFT);
            if (last != null) last.zero(tail, Page.SIZE - tail);
        }
    }

    /** Makes [off, off+len) a hole: whole pages freed, partial ones zeroed. */
    public synchronized void punchHole(long off, long len) {
        long end = off + len;
        long firstWhole = (off + Page.SIZE - 1) >>> Page.SHIFT;
        long endWhole = end >>> Page.SHIFT;
        if (firstWhole < endWhole) freeFrom(pages.subMap(firstWhole, true, endWhole, false));
        zeroPartial(off, Math.min(end, firstWhole << Page.SHIFT));
        if (endWhole >= firstWhole) zeroPartial(Math.max(off, endWhole << Page.SHIFT), end);
    }

    private void zeroPartial(long from, long to) {
        if (from >= to) return;
        Page p = pages.get(from >>> Page.SHIFT);
        if (p != null) p.zero((int) (from & (Page.SIZE - 1)), (int) (to - from));
    }

    /** Allocates pages over [off, off+len) (fallocate); partial on ENOSPC rolls nothing back, like Linux. */
    public synchronized void allocateRange(long off, long len) {
        if (len <= 0) return;
        for (long i = off >>> Page.SHIFT; i <= (off + len - 1) >>> Page.SHIFT; i++) pageAt(i);
    }

    /** SEEK_DATA: the first offset at or after pos inside a page holding data, below eof; ENXIO if none. */
    public synchronized long seekData(long pos, long eof) {
        if (pos < 0 || pos >= eof) throw new ErrnoException(Errno.ENXIO);
        Long idx = pages.ceilingKey(pos >>> Page.SHIFT);
        if (idx == null) throw new ErrnoException(Errno.ENXIO);
        long at = Math.max(pos, idx << Page.SHIFT);
        if (at >= eof) throw new ErrnoException(Errno.ENXIO);
        return at;
    }

    /** SEEK_HOLE: the first offset at or after pos in a hole, or eof (the implicit hole at the end). */
    public synchronized long seekHole(long pos, long eof) {
        if (pos < 0 || pos >= eof) throw new ErrnoException(Errno.ENXIO);
        long idx = pos >>> Page.SHIFT;
        while (pages.containsKey(idx)) idx++;
        return Math.min(eof, Math.max(pos, idx << Page.SHIFT));
    }

    public synchronized long pageCount() {
        return pages.size();
    }

    /** Frees every page (the file is gone). */
    public synchronized void clear() {
        freeFrom(pages);
    }

    private void freeFrom(Map<Long, Page> range) {
        for (Iterator<Page> it = range.values().iterator(); it.hasNext(); ) {
            alloc.free(it.next());
            it.remove();
        }
    }
}
