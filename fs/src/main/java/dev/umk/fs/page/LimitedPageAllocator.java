package dev.umk.fs.page;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.concurrent.atomic.AtomicLong;

/** Counts pages against a limit (a tmpfs size= option): ENOSPC beyond it. */
public final class LimitedPageAllocator implements PageAllocator {
    private final PageAllocator inner;
    private final AtomicLong used = new AtomicLong();
    private volatile long limit;

    public LimitedPageAllocator(PageAllocator inner, long limitPages) {
        this.inner = inner;
        this.limit = limitPages;
    }

    @Override
    public Page allocate() {
        if (used.incrementAndGet() > limit) {
            used.decrementAndGet();
            throw new ErrnoException(Errno.ENOSPC);
        }
        try {
            return inner.allocate();
        } catch (RuntimeException e) {
            used.decrementAndGet();
            throw e;
        }
    }

    @Override
    public void free(Page page) {
        used.decrementAndGet();
        inner.free(page);
    }

    public long used() { return used.get(); }

    public long limit() { return limit; }

    public void setLimit(long pages) { limit = pages; }
}
