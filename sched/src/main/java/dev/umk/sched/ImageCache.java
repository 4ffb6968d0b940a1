package dev.umk.sched;

import dev.umk.core.hw.PhysicalMemory;
import dev.umk.fs.VfsPath;
import dev.umk.fs.proc.MappedFileName;
import dev.umk.mm.FrameAllocator;
import dev.umk.mm.MappedFile;
import dev.umk.mm.ShmemFile;
import dev.umk.sched.exec.ElfSource;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Program images kept in guest frames, so exec maps a program's pages copy-on-write instead
 * of reading and copying the file every time (a shell loop execs the same binary again and
 * again). Keyed by the caller's identity of the file version (path, size, mtime, inode);
 * the least recently used images beyond {@link #MAX_IMAGES} are released.
 *
 * <p>This stands in for the VFS page cache until executables are mapped from it.
 */
public final class ImageCache {
    private static final int MAX_IMAGES = 32;

    private final FrameAllocator frames;
    private record Image(ImageFile file, long size) {}

    /** The frames of one image, mapped privately by exec; named in /proc/PID/maps. */
    private static final class ImageFile implements MappedFile, MappedFileName {
        private final ShmemFile pages;
        private final VfsPath path;

        ImageFile(ShmemFile pages, VfsPath path) {
            this.pages = pages;
            this.path = path;
        }

        @Override public long pageFrame(long offset) { return pages.pageFrame(offset); }
        @Override public long size() { return pages.size(); }
        @Override public boolean writableShared() { return false; }
        @Override public void vmaOpen() { pages.vmaOpen(); }
        @Override public void vmaClose() { pages.vmaClose(); }
        @Override public VfsPath mappedPath() { return path; }
    }

    private final Map<String, Image> images = new LinkedHashMap<>(16, 0.75f, true);

    public ImageCache(FrameAllocator frames) {
        this.frames = frames;
    }

    /** An ElfSource over {@code src} whose {@link ElfSource#mappable()} is the cached image. */
    public synchronized ElfSource cached(String key, VfsPath path, java.util.function.Supplier<ElfSource> load) {
        Image img = images.get(key);
        if (img == null) {
            ElfSource src = load.get();
            img = new Image(new ImageFile(fill(src), path), src.size());
            images.put(key, img);
            if (images.size() > MAX_IMAGES) {
                var it = images.entrySet().iterator();
                Image old = it.next().getValue();
                it.remove();
                old.file().pages.vmaClose(); // the cache's pin; frames go when no mapping uses them
            }
        }
        return over(img.file(), img.size());
    }

    private ShmemFile fill(ElfSource src) {
        long size = src.size();
        ShmemFile f = new ShmemFile(frames, (size + PhysicalMemory.PAGE_SIZE - 1) & -PhysicalMemory.PAGE_SIZE);
        f.vmaOpen(); // the cache's pin
        f.populateContiguous(); // few runs for every mapping of the image
        PhysicalMemory mem = frames.memory();
        byte[] page = new byte[PhysicalMemory.PAGE_SIZE];
        for (long off = 0; off < size; off += page.length) {
            int n = (int) Math.min(page.length, size - off);
            src.readFully(off, page, 0, n);
            long pa = f.pageFrame(off);
            mem.write(pa, page, 0, n);
            frames.put(pa);
        }
        return f;
    }

    /** Reads come from the image's frames; the size is the file's. */
    private ElfSource over(ImageFile img, long size) {
        PhysicalMemory mem = frames.memory();
        return new ElfSource() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) {
                if (offset >= size) return 0;
                int n = (int) Math.min(len, size - offset);
                int done = 0;
                while (done < n) {
                    long o = offset + done;
                    int inPage = (int) (o & (PhysicalMemory.PAGE_SIZE - 1));
                    int chunk = Math.min(n - done, PhysicalMemory.PAGE_SIZE - inPage);
                    long pa = img.pageFrame(o - inPage);
                    mem.read(pa + inPage, buf, off + done, chunk);
                    frames.put(pa);
                    done += chunk;
                }
                return n;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public MappedFile mappable() {
                return img;
            }
        };
    }
}
