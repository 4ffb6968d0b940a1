package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * The backing of shared anonymous memory (mmap MAP_SHARED|MAP_ANONYMOUS), like Linux's
 * shmem_zero_setup: a sparse set of zero-filled frames indexed by page, shared by every
 * mapping of it across fork and mremap. Its size is the original mapping's length; pages
 * beyond it are SIGBUS, as on Linux. Its frames are freed when the last VMA closes.
 *
 * <p>Lock ordering: taken under an AddressSpace lock; takes FrameAllocator locks inside.
 */
public final class ShmemFile implements MappedFile {
    private final FrameAllocator frames;
    private final long size;
    /** Guards pages and opens. Entries are Pte.make(frame, 0); the file owns one reference each. */
    private final Object mu = new Object();
    private final PageTable pages = new PageTable();
    private int opens;

    public ShmemFile(FrameAllocator frames, long size) {
        this.frames = frames;
        this.size = size;
    }

    @Override
    public long pageFrame(long offset) {
        if (offset < 0 || offset >= size) throw new ErrnoException(Errno.EFAULT, "beyond shmem size");
        long index = offset >>> MmLayout.PAGE_SHIFT;
        synchronized (mu) {
            long e = pages.get(index);
            long pa;
            if (e == 0) {
                pa = frames.allocFrame();
                pages.set(index, Pte.make(pa, 0));
            } else {
                pa = Pte.pa(e);
            }
            frames.get(pa);
            return pa;
        }
    }

    /**
     * Gives every missing page a frame now, in physically contiguous blocks (up to
     * 2^MAX_ORDER frames), so that mappings of this file coalesce into a few Mmu calls instead
     * of one per page (program images, which exec and fork map again and again). Best effort:
     * when no such block is left, the remaining pages get frames one by one on first use.
     */
    public void populateContiguous() {
        long pages = (size + MmLayout.PAGE_SIZE - 1) >>> MmLayout.PAGE_SHIFT;
        int max = 1 << FrameAllocator.MAX_ORDER;
        synchronized (mu) {
            long i = 0;
            while (i < pages) {
                if (this.pages.get(i) != 0) {
                    i++;
                    continue;
                }
                long end = i + 1;
                while (end < pages && end - i < max && this.pages.get(end) == 0) end++;
                int n = (int) (end - i);
                long pa;
                try {
                    pa = frames.allocExact(n);
                } catch (ErrnoException fragmented) {
                    return;
                }
                for (int k = 0; k < n; k++) this.pages.set(i + k, Pte.make(pa + ((long) k << MmLayout.PAGE_SHIFT), 0));
                i = end;
            }
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void vmaOpen() {
        synchronized (mu) {
            opens++;
        }
    }

    @Override
    public void vmaClose() {
        synchronized (mu) {
            if (--opens > 0) return;
            FreeBatch batch = new FreeBatch(frames);
            pages.clear(0, PageTable.VPN_LIMIT, (index, e) -> {
                batch.put(Pte.pa(e));
                return 0;
            });
            batch.flush();
        }
    }

    /** Pages currently allocated (for tests and /proc accounting). */
    public long residentPages() {
        synchronized (mu) {
            return pages.size();
        }
    }

    @Override
    public String toString() {
        return "/dev/zero (deleted)";
    }
}
