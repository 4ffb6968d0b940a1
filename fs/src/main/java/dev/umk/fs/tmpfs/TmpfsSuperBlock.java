package dev.umk.fs.tmpfs;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat.StatFs;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsClock;
import dev.umk.fs.NewInode;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.page.LimitedPageAllocator;
import dev.umk.fs.page.Page;
import dev.umk.fs.page.PageAllocator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A tmpfs instance: files live only in the page cache, bounded by a size limit (ENOSPC)
 * and an inode limit. statfs reports TMPFS_MAGIC.
 */
public final class TmpfsSuperBlock extends SuperBlock {
    public static final long TMPFS_MAGIC = 0x01021994L;

    private final LimitedPageAllocator pages;
    private final AtomicLong inodes = new AtomicLong();
    private volatile long maxInodes;
    private final String source;

    /**
     * @param sizeBytes size limit, rounded up to pages
     * @param rootAttrs mode, uid and gid of the root directory
     */
    public TmpfsSuperBlock(FsClock clock, PageAllocator alloc, long sizeBytes, long maxInodes,
                           NewInode rootAttrs, String source) {
        super("tmpfs", TMPFS_MAGIC, clock);
        this.pages = new LimitedPageAllocator(alloc, (sizeBytes + Page.SIZE - 1) / Page.SIZE);
        this.maxInodes = maxInodes;
        this.source = source;
        setRoot(new TmpfsDir(this, rootAttrs));
    }

    PageAllocator pages() { return pages; }

    /** Counts a new inode against nr_inodes; ENOSPC at the limit. */
    void chargeInode() {
        if (inodes.incrementAndGet() > maxInodes) {
            inodes.decrementAndGet();
            throw new ErrnoException(Errno.ENOSPC);
        }
    }

    void unchargeInode() {
        inodes.decrementAndGet();
    }

    /** remount -o size=: may not shrink below what is in use. */
    public void setLimits(long sizeBytes, long nrInodes) {
        long p = (sizeBytes + Page.SIZE - 1) / Page.SIZE;
        if (p < pages.used() || nrInodes < inodes.get()) throw new ErrnoException(Errno.EINVAL);
        pages.setLimit(p);
        maxInodes = nrInodes;
    }

    @Override
    public String source() { return source; }

    @Override
    public String options() {
        return "size=" + (pages.limit() * 4) + "k,nr_inodes=" + maxInodes;
    }

    @Override
    public StatFs statfs() {
        StatFs s = baseStatfs(Page.SIZE);
        s.blocks = pages.limit();
        s.bfree = Math.max(0, pages.limit() - pages.used());
        s.bavail = s.bfree;
        s.files = maxInodes;
        s.ffree = Math.max(0, maxInodes - inodes.get());
        return s;
    }
}
