package dev.umk.fs.tmpfs;

import dev.umk.fs.FileOperations;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.page.CachedFile;
import dev.umk.fs.page.Page;
import dev.umk.fs.page.PageCache;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A tmpfs regular file: its data is its page cache. {@code io} is the file's I/O lock
 * (Linux's i_rwsem for data): reads share it, writes and size changes hold it exclusively.
 *
 * <p>Lock ordering: io, then the inode monitor, then the page cache monitor.
 */
final class TmpfsFile extends TmpfsInode implements CachedFile {
    final PageCache cache;
    final ReentrantReadWriteLock io = new ReentrantReadWriteLock();

    TmpfsFile(TmpfsSuperBlock sb, NewInode attrs) {
        super(sb, attrs);
        cache = new PageCache(sb.pages());
    }

    @Override
    public PageCache pageCache() {
        return cache;
    }

    @Override
    public FileOperations open(OpenFile file) {
        return TmpfsFileOps.INSTANCE;
    }

    @Override
    protected long blocks() {
        return cache.pageCount() * (Page.SIZE / 512);
    }

    @Override
    protected void truncate(long newSize) {
        io.writeLock().lock();
        try {
            long old = size();
            if (newSize < old) cache.truncate(newSize);
            synchronized (this) {
                size = newSize;
            }
        } finally {
            io.writeLock().unlock();
        }
    }

    /** Grows the size after a write or fallocate that went past the end. */
    void extendTo(long end) {
        synchronized (this) {
            if (end > size) size = end;
        }
    }

    @Override
    protected void evict() {
        cache.clear();
        super.evict();
    }
}
