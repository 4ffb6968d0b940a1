package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.Mmu;
import dev.umk.core.hw.PhysicalMemory;
import dev.umk.core.kernel.ErrnoException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One guest address space (Linux's mm_struct): its VMAs, its page table, the Mmu that makes
 * them real for guest code, the brk heap, and the system calls that change them. This class
 * takes the lock and delegates; the work is in {@link Mmap}, {@link Mprotect}, {@link Mremap},
 * {@link Madvise}, {@link PageFault}, {@link UserAccess} and {@link ForkCopy}.
 *
 * <p>The page table is the truth; the Mmu is a cache of it. Every page mapped in the Mmu has
 * a PTE whose frame is what is mapped, with no more permission than the VMA and COW allow.
 * Mmu operations may be queued: callers flush the Mmu before the guest runs again.
 *
 * <p>Lock ordering: {@link #mu} (one per address space; never two at once, except fork,
 * whose child is not yet visible), then {@link MappedFile} locks, then FrameAllocator locks.
 */
public final class AddressSpace {
    private static final AtomicLong IDS = new AtomicLong();

    final long id = IDS.incrementAndGet();
    /** Processes using this address space; one at creation. */
    private final AtomicInteger users = new AtomicInteger(1);
    final FrameAllocator frames;
    final PhysicalMemory mem;
    final Mmu mmu;

    /** Guards everything below, and the state of the helpers. */
    final Object mu = new Object();
    final VmaTree vmas = new VmaTree();
    final PageTable pt = new PageTable();
    long mmapBase;
    long startBrk;
    long brk;
    long startStack;
    long stackRlimit = MmLayout.DEFAULT_STACK_RLIMIT;
    /** The auxiliary vector execve gave the program (mm->saved_auxv), for /proc and core files. */
    private volatile long[] savedAuxv = new long[0];

    final PteRange ptes;
    final PageFault faults;
    final UserAccess uaccess;
    private final Mmap mmapOps;
    private final Mprotect mprotectOps;
    private final Mremap mremapOps;
    private final Madvise madviseOps;

    public AddressSpace(FrameAllocator frames, Mmu mmu) {
        this(frames, mmu, MmLayout.DEFAULT_MMAP_BASE);
    }

    /** @param mmapBase where top-down allocation starts (chosen by the ELF loader) */
    public AddressSpace(FrameAllocator frames, Mmu mmu, long mmapBase) {
        if (!MmLayout.pageAligned(mmapBase) || mmapBase <= MmLayout.MMAP_MIN_ADDR
                || mmapBase > MmLayout.TASK_SIZE) {
            throw new IllegalArgumentException("mmap base 0x" + Long.toHexString(mmapBase));
        }
        this.frames = frames;
        this.mem = frames.memory();
        this.mmu = mmu;
        this.mmapBase = mmapBase;
        this.ptes = new PteRange(this);
        this.faults = new PageFault(this);
        this.uaccess = new UserAccess(this);
        this.mmapOps = new Mmap(this);
        this.mprotectOps = new Mprotect(this);
        this.mremapOps = new Mremap(this, mmapOps);
        this.madviseOps = new Madvise(this);
    }

    public Mmu mmu() { return mmu; }
    public FrameAllocator frames() { return frames; }
    public long taskSize() { return MmLayout.TASK_SIZE; }

    public long mmapBase() {
        synchronized (mu) {
            return mmapBase;
        }
    }

    /** Moves where top-down allocation starts (the loader may pick it after creating this). */
    public void setMmapBase(long base) {
        if (!MmLayout.pageAligned(base) || base <= MmLayout.MMAP_MIN_ADDR || base > MmLayout.TASK_SIZE) {
            throw new IllegalArgumentException("mmap base 0x" + Long.toHexString(base));
        }
        synchronized (mu) {
            mmapBase = base;
        }
    }

    // ---- system calls ----

    /** Implements Linux syscall mmap(2); {@code file} is null for MAP_ANONYMOUS. */
    public long mmap(long addr, long len, int prot, int flags, MappedFile file, long pgoffBytes) {
        synchronized (mu) {
            return mmapOps.mmap(addr, len, prot, flags, file, pgoffBytes);
        }
    }

    /** Implements Linux syscall munmap(2). */
    public void munmap(long addr, long len) {
        synchronized (mu) {
            mmapOps.munmap(addr, len);
        }
    }

    /** Implements Linux syscall mprotect(2). */
    public void mprotect(long addr, long len, int prot) {
        synchronized (mu) {
            mprotectOps.mprotect(addr, len, prot);
        }
    }

    /** Implements Linux syscall mremap(2); returns the new address. */
    public long mremap(long oldAddr, long oldLen, long newLen, int flags, long newAddr) {
        synchronized (mu) {
            return mremapOps.mremap(oldAddr, oldLen, newLen, flags, newAddr);
        }
    }

    /** Sets where the heap starts (end of the loaded image); the break starts there too. */
    public void setBrkBase(long start) {
        synchronized (mu) {
            startBrk = brk = MmLayout.pageUp(start);
        }
    }

    /** Implements Linux syscall brk(2): returns the break after the call (unchanged on failure). */
    public long brk(long newBrk) {
        synchronized (mu) {
            return mmapOps.brk(newBrk);
        }
    }

    /** Implements Linux syscall madvise(2). */
    public void madvise(long addr, long len, int advice) {
        synchronized (mu) {
            madviseOps.madvise(addr, len, advice);
        }
    }

    /** Implements Linux syscall mincore(2): one byte per page of [addr, addr+len) into vec. */
    public void mincore(long addr, long len, byte[] vec) {
        synchronized (mu) {
            madviseOps.mincore(addr, len, vec);
        }
    }

    /** Implements Linux syscall msync(2). */
    public void msync(long addr, long len, int flags) {
        synchronized (mu) {
            madviseOps.msync(addr, len, flags);
        }
    }

    /** RLIMIT_STACK: how far a MAP_GROWSDOWN area may grow. */
    public void setStackRlimit(long bytes) {
        synchronized (mu) {
            stackRlimit = bytes < 0 ? Long.MAX_VALUE : bytes;
        }
    }

    /** The initial stack pointer: the area holding it is shown as [stack]. */
    public void setStackStart(long sp) {
        synchronized (mu) {
            startStack = sp;
        }
    }

    /**
     * Names the areas of [addr, addr+len) (e.g. [vdso], or prctl PR_SET_VMA_ANON_NAME's
     * "[anon:x]"); null clears. Splits areas at the range ends.
     *
     * @throws ErrnoException ENOMEM if part of the range is unmapped
     */
    public void setName(long addr, long len, String name) {
        synchronized (mu) {
            if (!MmLayout.pageAligned(addr) || len <= 0) throw new ErrnoException(Errno.EINVAL);
            long end = MmLayout.pageUp(addr + len);
            boolean whole = changeRange(addr, end, v -> !java.util.Objects.equals(v.name, name),
                    v -> v.name = name, true);
            if (!whole) throw new ErrnoException(Errno.ENOMEM);
        }
    }

    /** execve's auxiliary vector as (type, value) pairs ending with AT_NULL (mm->saved_auxv). */
    public void setSavedAuxv(long[] auxv) {
        savedAuxv = auxv.clone();
    }

    /** The saved auxiliary vector; empty when none was recorded. */
    public long[] savedAuxv() {
        return savedAuxv.clone();
    }

    // ---- faults, fork, teardown ----

    /**
     * Resolves a guest fault at {@code addr}. {@code siCode} is SEGV_MAPERR when nothing was
     * mapped in the Mmu there, SEGV_ACCERR when something was but forbade the access.
     */
    public FaultResult handleFault(long addr, int siCode) {
        synchronized (mu) {
            return faults.handle(addr, siCode);
        }
    }

    /**
     * A copy of this address space for a forked child, copy-on-write: private pages become
     * shared read-only in both (each side copies on its first write), shared mappings stay
     * shared. The child's Mmu starts empty and fills on faults.
     */
    public AddressSpace fork(Mmu childMmu) {
        synchronized (mu) {
            AddressSpace child = ForkCopy.fork(this, childMmu);
            child.savedAuxv = savedAuxv;
            return child;
        }
    }

    /**
     * Another process now uses this address space (clone with CLONE_VM and without
     * CLONE_THREAD: vfork, posix_spawn). Pairs with {@link #mmput()}.
     */
    public void mmget() {
        users.incrementAndGet();
    }

    /** A process stops using this address space; the last one frees it. Returns true then. */
    public boolean mmput() {
        int left = users.decrementAndGet();
        if (left < 0) throw new IllegalStateException("mmput without a user");
        if (left > 0) return false;
        destroy();
        return true;
    }

    /** How many processes use this address space (Linux counts mm_users per thread; umk per process). */
    public int users() {
        return users.get();
    }

    /** Releases every frame and area (exit, exec). The address space is empty afterwards. */
    public void destroy() {
        synchronized (mu) {
            FreeBatch batch = new FreeBatch(frames);
            ptes.zap(MmLayout.MMAP_MIN_ADDR, MmLayout.TASK_SIZE, batch);
            for (Vma v : vmas.all()) vmas.remove(v);
            batch.flush();
        }
    }

    /**
     * get_futex_key: a FUTEX_PRIVATE futex is this address space and {@code addr}; a shared
     * one in a MAP_SHARED mapping is the mapped object and the offset in it (so it is the same
     * futex in every process mapping it), elsewhere again this address space and the address.
     * A shared key needs the word mapped readable (Linux pins the page): EFAULT otherwise.
     */
    public FutexKey futexKey(long addr, boolean shared) {
        if (!shared) return new FutexKey(this, addr);
        synchronized (mu) {
            Vma v = vmas.find(addr);
            if (v == null || (v.prot & dev.umk.core.abi.Mman.PROT_READ) == 0) throw new ErrnoException(Errno.EFAULT);
            long offset = v.fileOffset + (addr - v.start);
            // A page wholly past the end of the file cannot be pinned (it would be SIGBUS).
            if (v.file != null && offset >= ((v.file.size() + MmLayout.PAGE_SIZE - 1) & -MmLayout.PAGE_SIZE)) {
                throw new ErrnoException(Errno.EFAULT);
            }
            if (!v.isShared() || v.file == null) return new FutexKey(this, addr);
            return new FutexKey(v.file.futexIdentity(), offset);
        }
    }

    // ---- introspection ----

    /** A snapshot of the areas for /proc/PID/maps, with [heap] and [stack] named. */
    public List<Vma> vmas() {
        synchronized (mu) {
            List<Vma> out = new ArrayList<>(vmas.size());
            for (Vma v : vmas.all()) {
                Vma c = v.copy();
                if (c.name == null && c.file == null) {
                    if (brk > startBrk && c.start < brk && c.end > startBrk) c.name = "[heap]";
                    else if (startStack != 0 && c.start <= startStack && c.end >= startStack) c.name = "[stack]";
                }
                out.add(c);
            }
            return out;
        }
    }

    /** Pages with a frame (VmRSS in pages). */
    public long residentPages() {
        synchronized (mu) {
            return pt.size();
        }
    }

    /**
     * The most pages this address space has had resident at once (VmHWM, getrusage's
     * ru_maxrss); a fork child's starts at what it inherited, as Linux's dup_mm sets it.
     */
    public long peakResidentPages() {
        synchronized (mu) {
            return pt.peakSize();
        }
    }

    /** Bytes covered by areas (VmSize). */
    public long mappedBytes() {
        synchronized (mu) {
            long n = 0;
            for (Vma v : vmas.all()) n += v.length();
            return n;
        }
    }

    // ---- safe user-memory access (every syscall's copy in/out) ----

    /** Copies guest memory at {@code va} into {@code dst}. @throws ErrnoException EFAULT */
    public void read(long va, byte[] dst, int off, int len) {
        synchronized (mu) {
            uaccess.read(va, dst, off, len);
        }
    }

    /** Copies {@code src} into guest memory at {@code va}. @throws ErrnoException EFAULT */
    public void write(long va, byte[] src, int off, int len) {
        synchronized (mu) {
            uaccess.write(va, src, off, len);
        }
    }

    /**
     * A tracer's access to this address space (ptrace PEEK/POKE, Linux's FOLL_FORCE): reads
     * and writes ignore the areas' protections, except that a shared mapping is only written
     * where writable; a written private page gets its own copy first (so a breakpoint in
     * shared text stays in this process). @throws ErrnoException EFAULT where nothing is mapped
     */
    public void accessForced(long va, byte[] buf, int off, int len, boolean write) {
        synchronized (mu) {
            uaccess.accessForced(va, buf, off, len, write);
        }
    }

    public long readLong(long va) {
        synchronized (mu) {
            return uaccess.readLong(va);
        }
    }

    public void writeLong(long va, long v) {
        synchronized (mu) {
            uaccess.writeLong(va, v);
        }
    }

    public int readInt(long va) {
        synchronized (mu) {
            return uaccess.readInt(va);
        }
    }

    public void writeInt(long va, int v) {
        synchronized (mu) {
            uaccess.writeInt(va, v);
        }
    }

    /**
     * The NUL-terminated string at {@code va}, without its NUL.
     *
     * @throws ErrnoException ENAMETOOLONG when no NUL is within {@code maxLen} bytes, EFAULT
     */
    public byte[] readCString(long va, int maxLen) {
        synchronized (mu) {
            return uaccess.readCString(va, maxLen);
        }
    }

    /**
     * An iovec array: {base0, len0, base1, len1, ...}.
     *
     * @throws ErrnoException EINVAL for a count above UIO_MAXIOV (1024) or a negative length
     */
    public long[] readIovec(long va, int count) {
        synchronized (mu) {
            return uaccess.readIovec(va, count);
        }
    }

    /**
     * One page for a core file (Linux get_dump_page): copies the page at {@code va}
     * (page-aligned) into {@code page} and returns true, or returns false for a hole, a page
     * that reads as zeros without being made present: untouched anonymous memory, a page
     * beyond a mapped file's end, an address no readable area covers. File pages not yet
     * present are read in, as Linux faults them in for the dump.
     */
    public boolean dumpPage(long va, byte[] page) {
        synchronized (mu) {
            return uaccess.dumpPage(va, page);
        }
    }

    /** Fills guest memory with zeros. @throws ErrnoException EFAULT */
    public void zero(long va, long len) {
        synchronized (mu) {
            uaccess.zero(va, len);
        }
    }

    // ---- helpers shared by the operation classes (preconditions: mu held) ----

    /** Decides whether an area needs a change; applies it. */
    interface VmaChange {
        boolean needed(Vma v);
    }

    interface VmaApply {
        void apply(Vma v);
    }

    /**
     * Applies a change to the areas in [start, end), splitting areas at the ends where the
     * change is needed, then re-merging neighbours. With {@code stopAtHole} it stops at the
     * first unmapped gap. Returns false when part of the range was unmapped.
     */
    boolean changeRange(long start, long end, VmaChange needed, VmaApply apply, boolean stopAtHole) {
        boolean whole = true;
        long cur = start;
        try {
            Vma v = vmas.findEndingAbove(start);
            while (cur < end) {
                if (v == null || v.start >= end) return false;
                if (v.start > cur) {
                    whole = false;
                    if (stopAtHole) return false;
                    cur = v.start;
                }
                Vma next = vmas.next(v);
                if (needed.needed(v)) {
                    if (v.start < cur) v = vmas.split(v, cur);
                    if (v.end > end) vmas.split(v, end);
                    apply.apply(v);
                }
                cur = v.end;
                v = next;
            }
            return whole;
        } finally {
            mergeRange(start, Math.min(cur, end));
        }
    }

    /** Re-merges compatible neighbours among the areas touching [start, end]. */
    void mergeRange(long start, long end) {
        Vma v = vmas.findEndingAbove(start > 0 ? start - 1 : 0);
        while (v != null && v.start <= end) {
            v = vmas.mergeAround(v);
            v = vmas.next(v);
        }
    }
}
