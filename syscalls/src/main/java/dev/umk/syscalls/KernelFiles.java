package dev.umk.syscalls;

import dev.umk.fs.FdTable;
import dev.umk.fs.FsClock;
import dev.umk.fs.OpenFile;
import dev.umk.fs.Vfs;
import dev.umk.fs.lock.FileLocks;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.pipe.Pipes;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.Kernel;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.WeakHashMap;

/**
 * Kernel-wide state of the file syscalls that belongs to no single process: the internal
 * pipefs, the lock table, the memfd filesystem, and the cache of file pages mapped from
 * filesystems without a page cache. One per {@link Kernel}; boot creates it with
 * {@link #install}, handlers find it with {@link #of}.
 */
public final class KernelFiles {
    private static final Map<Kernel, KernelFiles> BY_KERNEL = Collections.synchronizedMap(new WeakHashMap<>());
    /** The last lookup, so the common one-kernel case costs no map access. */
    private static volatile KernelFiles last;

    private final Kernel kernel;
    private final Vfs vfs;
    private final Pipes pipes;
    private final FileLocks locks = new FileLocks();
    private final Memfds memfds;
    private final FileMappings mappings;

    /**
     * @param pages where memfd and page-cache data lives (frames of guest memory, so it can be mapped)
     * @param memoryBytes the memory budget memfd sizes are limited by
     */
    public KernelFiles(Kernel kernel, Vfs vfs, FsClock clock, PageAllocator pages, long memoryBytes) {
        this.kernel = kernel;
        this.vfs = vfs;
        this.pipes = new Pipes(clock);
        this.memfds = new Memfds(clock, pages, memoryBytes);
        this.mappings = new FileMappings(kernel.frames());
    }

    /** Makes {@code files} the file state of its kernel. */
    public static void install(KernelFiles files) {
        BY_KERNEL.put(files.kernel, files);
        last = files;
    }

    public static KernelFiles of(Kernel k) {
        KernelFiles f = last;
        if (f != null && f.kernel == k) return f;
        f = BY_KERNEL.get(k);
        Objects.requireNonNull(f, "no KernelFiles installed for this kernel");
        last = f;
        return f;
    }

    public Vfs vfs() { return vfs; }

    public Pipes pipes() { return pipes; }

    public FileLocks locks() { return locks; }

    Memfds memfds() { return memfds; }

    FileMappings mappings() { return mappings; }

    FrameAllocator frames() { return kernel.frames(); }

    /** A new fd table whose closes release POSIX locks (and, on the last reference, OFD and flock locks). */
    public FdTable newFdTable() {
        return new FdTable(this::closed);
    }

    private void closed(FdTable table, OpenFile f) {
        locks.releasePosix(f.inode(), table);
        if (f.refCount() == 1) locks.releaseFile(f);
    }
}
