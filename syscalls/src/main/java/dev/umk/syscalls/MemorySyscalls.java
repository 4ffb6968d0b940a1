package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Mman;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Task;

/** Address-space syscalls: handlers decode; {@link dev.umk.mm.AddressSpace} decides. */
final class MemorySyscalls {
    private MemorySyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.BRK, "mm", MemorySyscalls::brk);
        t.add(Sysno.MMAP, "mm", MemorySyscalls::mmap);
        t.add(Sysno.MUNMAP, "mm", MemorySyscalls::munmap);
        t.add(Sysno.MPROTECT, "mm", MemorySyscalls::mprotect);
        t.add(Sysno.MREMAP, "mm", MemorySyscalls::mremap);
        t.add(Sysno.MADVISE, "mm", MemorySyscalls::madvise);
        t.add(Sysno.MINCORE, "mm", MemorySyscalls::mincore);
        t.add(Sysno.MSYNC, "mm", MemorySyscalls::msync);
    }

    /** brk implements Linux syscall brk(2): returns the new break, or the old one on failure. */
    static long brk(Task t, Args a) {
        return t.mm().brk(a.u64(0));
    }

    /** mmap implements Linux syscall mmap(2); file mappings are checked and made by {@link FileMmap}. */
    static long mmap(Task t, Args a) {
        int flags = a.i32(3);
        long off = a.u64(5);
        if ((off & 0xfff) != 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & Mman.MAP_ANONYMOUS) == 0) {
            return FileMmap.mmap(t, a.u64(0), a.u64(1), a.i32(2), flags, a.i32(4), off);
        }
        return t.mm().mmap(a.u64(0), a.u64(1), a.i32(2), flags, null, 0);
    }

    /** munmap implements Linux syscall munmap(2). */
    static long munmap(Task t, Args a) {
        t.mm().munmap(a.u64(0), a.u64(1));
        return 0;
    }

    /** mprotect implements Linux syscall mprotect(2). */
    static long mprotect(Task t, Args a) {
        t.mm().mprotect(a.u64(0), a.u64(1), a.i32(2));
        return 0;
    }

    /** mremap implements Linux syscall mremap(2). */
    static long mremap(Task t, Args a) {
        return t.mm().mremap(a.u64(0), a.u64(1), a.u64(2), a.i32(3), a.u64(4));
    }

    /** madvise implements Linux syscall madvise(2). */
    static long madvise(Task t, Args a) {
        t.mm().madvise(a.u64(0), a.u64(1), a.i32(2));
        return 0;
    }

    /** mincore implements Linux syscall mincore(2). */
    static long mincore(Task t, Args a) {
        long len = a.u64(1);
        long pages = (len + 0xfff) >>> 12;
        if (pages > (1 << 24)) throw new ErrnoException(Errno.ENOMEM);
        byte[] vec = new byte[(int) pages];
        t.mm().mincore(a.u64(0), len, vec);
        t.mm().write(a.u64(2), vec, 0, vec.length);
        return 0;
    }

    /** msync implements Linux syscall msync(2). */
    static long msync(Task t, Args a) {
        t.mm().msync(a.u64(0), a.u64(1), a.i32(2));
        return 0;
    }
}
