package dev.umk.mm;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/**
 * madvise, mincore and msync with Linux's checks and errors (mm/madvise.c, mm/mincore.c,
 * mm/msync.c). Advice that only tunes Linux's reclaim or THP policy is accepted and ignored.
 *
 * <p>Preconditions for every method: the owning AddressSpace's lock is held.
 */
final class Madvise {
    private final AddressSpace as;

    Madvise(AddressSpace as) {
        this.as = as;
    }

    /** Work on the part [s, e) of area v. */
    private interface Part {
        void apply(Vma v, long s, long e);
    }

    void madvise(long start, long lenIn, int advice) {
        if (!known(advice) || !MmLayout.pageAligned(start)) throw new ErrnoException(Errno.EINVAL);
        long len = MmLayout.pageUp(lenIn);
        if (lenIn != 0 && len == 0) throw new ErrnoException(Errno.EINVAL);
        long end = start + len;
        if (Long.compareUnsigned(end, start) < 0) throw new ErrnoException(Errno.EINVAL);
        if (end == start) return;
        if (advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE) throw new ErrnoException(Errno.EPERM);
        boolean whole = switch (advice) {
            case MADV_DONTNEED, MADV_DONTNEED_LOCKED, MADV_FREE -> eachPart(start, end, (v, s, e) -> dontNeed(v, s, e, advice));
            case MADV_REMOVE -> eachPart(start, end, Madvise::remove);
            case MADV_DONTFORK -> setFlag(start, end, Vma.DONTCOPY, true);
            case MADV_DOFORK -> setFlag(start, end, Vma.DONTCOPY, false);
            case MADV_WIPEONFORK -> setFlag(start, end, Vma.WIPEONFORK, true);
            case MADV_KEEPONFORK -> setFlag(start, end, Vma.WIPEONFORK, false);
            case MADV_POPULATE_READ, MADV_POPULATE_WRITE -> populate(start, end, advice == MADV_POPULATE_WRITE);
            default -> eachPart(start, end, (v, s, e) -> { });
        };
        if (!whole) throw new ErrnoException(Errno.ENOMEM);
    }

    /** Fills vec[i] with 1 when page i of [start, start+len) has a frame, else 0. */
    void mincore(long start, long len, byte[] vec) {
        if (!MmLayout.pageAligned(start)) throw new ErrnoException(Errno.EINVAL);
        if (len < 0 || start > MmLayout.TASK_SIZE || len > MmLayout.TASK_SIZE - start) {
            throw new ErrnoException(Errno.ENOMEM);
        }
        long pages = MmLayout.pageUp(len) >>> MmLayout.PAGE_SHIFT;
        if (vec.length < pages) throw new IllegalArgumentException("vec too short: " + vec.length);
        long vpn0 = start >>> MmLayout.PAGE_SHIFT;
        for (long i = 0; i < pages; ) {
            Vma v = as.vmas.find((vpn0 + i) << MmLayout.PAGE_SHIFT);
            if (v == null) throw new ErrnoException(Errno.ENOMEM);
            long stop = Math.min(pages, (v.end >>> MmLayout.PAGE_SHIFT) - vpn0);
            for (; i < stop; i++) vec[(int) i] = (byte) (as.pt.get(vpn0 + i) != 0 ? 1 : 0);
        }
    }

    void msync(long start, long len, int flags) {
        if ((flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) != 0 || !MmLayout.pageAligned(start)
                || ((flags & MS_ASYNC) != 0 && (flags & MS_SYNC) != 0)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        long end = start + MmLayout.pageUp(len);
        if (Long.compareUnsigned(end, start) < 0) throw new ErrnoException(Errno.ENOMEM);
        if (end == start) return;
        boolean whole = eachPart(start, end, (v, s, e) -> {
            if ((flags & MS_INVALIDATE) != 0 && (v.flags & Vma.LOCKED) != 0) throw new ErrnoException(Errno.EBUSY);
            if ((flags & MS_SYNC) != 0 && v.isShared() && v.file != null) v.file.writeback(v.offsetOf(s), e - s);
        });
        if (!whole) throw new ErrnoException(Errno.ENOMEM);
    }

    private static boolean known(int advice) {
        return (advice >= MADV_NORMAL && advice <= MADV_DONTNEED)
                || (advice >= MADV_FREE && advice <= MADV_COLLAPSE)
                || advice == MADV_HWPOISON || advice == MADV_SOFT_OFFLINE;
    }

    /** Calls {@code part} on each mapped piece of [start, end); false if there were holes. */
    private boolean eachPart(long start, long end, Part part) {
        boolean whole = true;
        long cur = start;
        Vma v = as.vmas.findEndingAbove(start);
        while (cur < end) {
            if (v == null || v.start >= end) return false;
            if (v.start > cur) {
                whole = false;
                cur = v.start;
            }
            Vma next = as.vmas.next(v);
            long e = Math.min(end, v.end);
            part.apply(v, cur, e);
            cur = e;
            v = next;
        }
        return whole;
    }

    /** DONTNEED drops the pages: private ones refault as zeros, shared ones from their object. */
    private void dontNeed(Vma v, long s, long e, int advice) {
        if (advice == MADV_DONTNEED && (v.flags & Vma.LOCKED) != 0) throw new ErrnoException(Errno.EINVAL);
        if (advice == MADV_FREE && v.file != null) throw new ErrnoException(Errno.EINVAL);
        FreeBatch batch = new FreeBatch(as.frames);
        as.ptes.zap(s, e, batch);
        batch.flush();
    }

    private static void remove(Vma v, long s, long e) {
        if ((v.flags & Vma.LOCKED) != 0 || v.file == null) throw new ErrnoException(Errno.EINVAL);
        if (!v.isShared()) throw new ErrnoException(Errno.EACCES);
        // Punching a hole needs every mapper's pages dropped: no reverse map yet.
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    private boolean setFlag(long start, long end, int flag, boolean on) {
        return as.changeRange(start, end, v -> {
            if (flag == Vma.WIPEONFORK && on && (v.file != null || v.isShared())) {
                throw new ErrnoException(Errno.EINVAL);
            }
            return ((v.flags & flag) != 0) != on;
        }, v -> v.flags = on ? v.flags | flag : v.flags & ~flag, false);
    }

    /** MADV_POPULATE_*: makes every page present (writable for WRITE); stops at the first hole. */
    private boolean populate(long start, long end, boolean write) {
        for (long va = start; va < end; ) {
            Vma v = as.vmas.find(va);
            if (v == null) return false;
            if (!v.accessible() || (write && !v.writable())) throw new ErrnoException(Errno.EINVAL);
            long e = Math.min(end, v.end);
            for (; va < e; va += MmLayout.PAGE_SIZE) as.uaccess.translate(va, write);
        }
        return true;
    }
}
