package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.page.Page;
import dev.umk.mm.FrameAllocator;
import dev.umk.mm.MappedFile;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * What mmap of a file hands to mm ({@link MappedFile}). Files whose data lives in a page
 * cache of guest frames (tmpfs, memfd, overlay files copied up) are mapped through those
 * very frames ({@link dev.umk.fs.FileOperations#mapPage}): shared mappings, reads and
 * writes all see one copy. Files without a page cache (hostfs, ENODEV from mapPage) are
 * mapped through page copies read with pread, kept per inode while any mapping of it
 * exists so every mapping shares them; a writable shared mapping of such a file is written
 * back with pwrite on msync and when its last mapping goes.
 *
 * <p>Lock ordering: mm calls in holding an AddressSpace lock (1). Then, never the reverse:
 * (2) this registry's monitor, (3) a FileMapping's monitor, each held only briefly and never
 * across file I/O; separately (4) a {@link CopiedPages}' monitor, under which the file is
 * read or written (its own locks) and frames are allocated (FrameAllocator locks).
 *
 * <p>Known race: mapPage returns a page without a reference; a truncate that frees it
 * before {@link FrameAllocator#get} runs is not excluded (fs would need to hand out the
 * frame with its reference taken).
 */
final class FileMappings {
    private final FrameAllocator frames;
    /** Page copies per inode of files without a page cache. Guarded by this. */
    private final Map<Inode, CopiedPages> copiesByInode = new HashMap<>();

    FileMappings(FrameAllocator frames) {
        this.frames = frames;
    }

    /** The mapping of {@code f}; it takes its own reference to the file while any VMA uses it. */
    MappedFile map(OpenFile f, boolean writable) {
        return new FileMapping(f, writable);
    }

    /**
     * One mmap of an open file. Holds the file while VMAs refer to it (counted by
     * vmaOpen/vmaClose). Pages come from the file's page cache, or from the inode's shared
     * copies once the file says it has none.
     */
    private final class FileMapping implements MappedFile {
        private final OpenFile file;
        private final boolean writable;
        private int vmas;
        /** The page copies of this inode, once mapPage said ENODEV. Guarded by this. */
        private CopiedPages copies;

        FileMapping(OpenFile file, boolean writable) {
            this.file = file;
            this.writable = writable;
        }

        @Override
        public long size() {
            return file.inode().size();
        }

        /** Every mapping of the inode, whatever open file it came through, is one futex space. */
        @Override
        public Object futexIdentity() {
            return file.inode();
        }

        @Override
        public boolean writableShared() {
            return writable;
        }

        @Override
        public long pageFrame(long offset) {
            if (offset < 0 || offset >= ((size() + Page.SIZE - 1) & -Page.SIZE)) {
                throw new ErrnoException(Errno.EFAULT, "beyond end of file");
            }
            CopiedPages c;
            synchronized (this) {
                c = copies;
            }
            if (c == null) {
                try {
                    return cachedFrame(file.ops().mapPage(file, offset >>> Page.SHIFT));
                } catch (ErrnoException e) {
                    if (e.errno() != Errno.ENODEV) throw e;
                }
                c = useCopies();
            }
            return c.frame(file, offset);
        }

        /** A page-cache page as a frame with a reference for mm; a heap page becomes a private copy. */
        private long cachedFrame(Page p) {
            if (p.hasFrame()) {
                frames.get(p.frame());
                return p.frame();
            }
            long pa = frames.allocFrame();
            byte[] b = new byte[Page.SIZE];
            p.read(0, ByteBuffer.wrap(b), Page.SIZE);
            frames.memory().write(pa, b, 0, b.length);
            return pa;
        }

        private CopiedPages useCopies() {
            CopiedPages c;
            synchronized (FileMappings.this) {
                c = copiesByInode.computeIfAbsent(file.inode(), i -> new CopiedPages(frames));
                synchronized (this) {
                    if (copies != null) return copies;
                    copies = c;
                }
                c.users++;
            }
            return c;
        }

        @Override
        public void writeback(long offset, long len) {
            CopiedPages c;
            synchronized (this) {
                c = copies;
            }
            if (writable && c != null) c.writeBack(file, offset, len);
        }

        @Override
        public void vmaOpen() {
            synchronized (this) {
                if (vmas++ > 0) return;
            }
            file.get();
        }

        @Override
        public void vmaClose() {
            CopiedPages c;
            synchronized (this) {
                if (--vmas > 0) return;
                c = copies;
                copies = null;
            }
            try {
                if (c != null) release(c);
            } finally {
                file.put();
            }
        }

        private void release(CopiedPages c) {
            if (writable) c.writeBack(file, 0, Long.MAX_VALUE);
            synchronized (FileMappings.this) {
                if (--c.users > 0) return;
                copiesByInode.remove(file.inode());
            }
            c.free();
        }

        @Override
        public String toString() {
            return file.path().dentry().name();
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
