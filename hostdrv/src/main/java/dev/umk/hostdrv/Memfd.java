package dev.umk.hostdrv;

import jnr.ffi.Pointer;

/**
 * A host memfd mapped shared into the JVM. Sparse: ftruncate sets its size without
 * allocating; host memory is used only for pages written, and returned by {@link #punch}.
 */
final class Memfd implements AutoCloseable {
    static final int MFD_CLOEXEC = 1;
    private static final int SYS_MMAP = 9;
    private static final int PROT_RW = 3;
    private static final int MAP_SHARED = 1;
    private static final int MAP_NORESERVE = 0x4000;
    private static final int FALLOC_FL_KEEP_SIZE = 1;
    private static final int FALLOC_FL_PUNCH_HOLE = 2;

    final int fd;
    final long size;
    final long address;
    final Pointer pointer;

    Memfd(String name, long size) {
        LibC c = Host.libc();
        fd = c.memfd_create(name, MFD_CLOEXEC);
        if (fd < 0) throw new HostException("memfd_create " + name, Host.errno());
        if (c.ftruncate(fd, size) != 0) throw new HostException("ftruncate memfd", Host.errno());
        long a = c.syscall(SYS_MMAP, 0, size, PROT_RW, MAP_SHARED | MAP_NORESERVE, fd, 0);
        if (a == -1) throw new HostException("mmap memfd", Host.errno());
        this.size = size;
        this.address = a;
        this.pointer = Pointer.wrap(Host.runtime(), a, size);
    }

    /** Frees the host pages behind a range; it reads as zeros afterwards. */
    void punch(long off, long len) {
        if (Host.libc().fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) != 0) {
            throw new HostException("fallocate punch", Host.errno());
        }
    }

    @Override
    public void close() {
        Host.libc().munmap(address, size);
        Host.libc().close(fd);
    }
}
