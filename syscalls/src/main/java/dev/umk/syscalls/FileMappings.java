package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.page.CachedFile;
import dev.umk.fs.page.Page;
import dev.umk.fs.page.PageCache;
import dev.umk.mm.FrameAllocator;
import dev.umk.mm.MappedFile;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * What mmap of a file hands to mm ({@link MappedFile}). Files whose data lives in a page
 * cache of guest frames (tmpfs, memfd) are mapped through those very frames: shared
 * mappings, reads and writes all see one copy. Other files (hostfs) are mapped through
 * page copies read with pread, kept per inode while any mapping of it exists so every
 * mapping shares them; a writable shared mapping of such a file is written back with
 * pwrite on msync and when its last mapping goes.
 *
 * <p>Lock ordering: mm calls in holding an AddressSpace lock; these classes then take a
 * page cache's or a {@link CopiedPages}' monitor, then FrameAllocator locks, and never the
 * reverse.
 */
final class FileMappings {
    private final FrameAllocator frames;
    /** Page copies per inode of files without a frame page cache. Guarded by this. */
    private final Map<Inode, CopiedPages> copies = new HashMap<>();

    FileMappings(FrameAllocator frames) {
        this.frames = frames;
    }

    /** The mapping of {@code f}; it takes its own reference to the file while any VMA uses it. */
    MappedFile map(OpenFile f, boolean writable) {
        if (f.inode() instanceof CachedFile c) return new CacheMapping(f, c.pageCache(), writable);
        return new CopyMapping(f, writable);
    }

    /** Holds the file while VMAs refer to the mapping (counted by vmaOpen/vmaClose). */
    private abstract static class FileMapping implements MappedFile {
        final OpenFile file;
        final boolean writable;
        private int vmas;

        FileMapping(OpenFile file, boolean writable) {
            this.file = file;
            this.writable = writable;
        }

        @Override
        public long size() {
            return file.inode().size();
        }

        @Override
        public boolean writableShared() {
            return writable;
        }

        @Override
        public void vmaOpen() {
            synchronized (this) {
                if (vmas++ > 0) return;
            }
            file.get();
            opened();
        }

        @Override
        public void vmaClose() {
            synchronized (this) {
                if (--vmas > 0) return;
            }
            try {
                closed();
            } finally {
                file.put();
            }
        }

        void opened() {}

        void closed() {}

        void checkInFile(long offset) {
            if (offset < 0 || offset >= ((size() + Page.SIZE - 1) & -Page.SIZE)) {
                throw new ErrnoException(Errno.EFAULT, "beyond end of file");
            }
        }

        @Override
        public String toString() {
            return file.path().dentry().name();
        }
    }

    /** A file whose page cache pages are guest frames. */
    private final class CacheMapping extends FileMapping {
        private final PageCache cache;

        CacheMapping(OpenFile file, PageCache cache, boolean writable) {
            super(file, writable);
            this.cache = cache;
        }

        @Override
        public long pageFrame(long offset) {
            checkInFile(offset);
            // Under the cache's monitor, so a truncate cannot free the frame before mm holds it.
            synchronized (cache) {
                Page p = cache.pageAt(offset >>> Page.SHIFT);
                if (p.hasFrame()) {
                    frames.get(p.frame());
                    return p.frame();
                }
                // A heap page cache cannot be mapped as is: hand out a private copy.
                long pa = frames.allocFrame();
                byte[] b = new byte[Page.SIZE];
                p.read(0, ByteBuffer.wrap(b), Page.SIZE);
                frames.memory().write(pa, b, 0, b.length);
                return pa;
            }
        }
    }

    /** A file read into frames page by page, shared by all mappings of its inode. */
    private final class CopyMapping extends FileMapping {
        private CopiedPages pages;

        CopyMapping(OpenFile file, boolean writable) {
            super(file, writable);
        }

        @Override
        void opened() {
            synchronized (FileMappings.this) {
                pages = copies.computeIfAbsent(file.inode(), i -> new CopiedPages(frames));
                pages.users++;
            }
        }

        @Override
        void closed() {
            if (writable) pages.writeBack(file, 0, Long.MAX_VALUE);
            synchronized (FileMappings.this) {
                if (--pages.users > 0) return;
                copies.remove(file.inode());
            }
            pages.free();
        }

        @Override
        public long pageFrame(long offset) {
            checkInFile(offset);
            return pages.frame(file, offset);
        }

        @Override
        public void writeback(long offset, long len) {
            if (writable) pages.writeBack(file, offset, len);
        }
    }

    /** Frames holding copies of one file's pages. Guarded by this. */
    private static final class CopiedPages {
        private final FrameAllocator frames;
        private final Map<Long, Long> byIndex = new HashMap<>();
        int users; // guarded by FileMappings.this

        CopiedPages(FrameAllocator frames) {
            this.frames = frames;
        }

        synchronized long frame(OpenFile f, long offset) {
            long index = offset >>> Page.SHIFT;
            Long pa = byIndex.get(index);
            if (pa == null) {
                byte[] b = new byte[Page.SIZE];
                int done = 0;
                while (done < b.length) {
                    int n = f.pread(ByteBuffer.wrap(b, done, b.length - done), offset + done, Blocker.NONBLOCKING);
                    if (n <= 0) break;
                    done += n;
                }
                pa = frames.allocFrame();
                frames.memory().write(pa, b, 0, done);
                byIndex.put(index, pa);
            }
            frames.get(pa);
            return pa;
        }

        /** Writes the copies in [offset, offset+len) back to the file, never past its end. */
        synchronized void writeBack(OpenFile f, long offset, long len) {
            PhysicalMemory mem = frames.memory();
            long size = f.inode().size();
            long end = offset + len < 0 ? Long.MAX_VALUE : offset + len;
            byte[] b = new byte[Page.SIZE];
            for (Map.Entry<Long, Long> e : byIndex.entrySet()) {
                long at = e.getKey() << Page.SHIFT;
                if (at + Page.SIZE <= offset || at >= end || at >= size) continue;
                int n = (int) Math.min(Page.SIZE, size - at);
                mem.read(e.getValue(), b, 0, n);
                f.pwrite(ByteBuffer.wrap(b, 0, n), at, Blocker.NONBLOCKING);
            }
        }

        synchronized void free() {
            for (long pa : byIndex.values()) frames.put(pa);
            byIndex.clear();
        }
    }
}
