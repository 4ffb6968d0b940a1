package dev.umk.hostdrv;

import jnr.ffi.Pointer;
import jnr.ffi.annotations.SaveError;

/**
 * The host C library calls umk makes. Only hostdrv sees this interface. Calls that can fail in
 * ways we report carry {@link SaveError}; hot-path calls (ptrace, waitpid) do not pay for
 * errno saving and are checked by return value.
 */
public interface LibC {
    long ptrace(long request, int pid, long addr, long data);

    @SaveError
    long ptrace(long request, int pid, long addr, Pointer data);

    /** {@code status} is the native address of an int. */
    int waitpid(int pid, long status, int options);

    @SaveError
    int memfd_create(String name, int flags);

    @SaveError
    int ftruncate(int fd, long length);


    @SaveError
    int munmap(long addr, long length);

    @SaveError
    int fallocate(int fd, int mode, long offset, long len);

    int tgkill(int tgid, int tid, int sig);

    int kill(int pid, int sig);

    int getpid();

    int getuid();

    int getgid();

    @SaveError
    int close(int fd);

    @SaveError
    long read(int fd, Pointer buf, long count);

    @SaveError
    long write(int fd, Pointer buf, long count);

    @SaveError
    long read(int fd, byte[] buf, long count);

    @SaveError
    long write(int fd, byte[] buf, long count);

    @SaveError
    long pread(int fd, Pointer buf, long count, long offset);

    int isatty(int fd);

    @SaveError
    int ioctl(int fd, long request, Pointer arg);

    @SaveError
    int ioctl(int fd, long request, byte[] arg);

    long getauxval(long type);

    /** Raw syscall: -1 and errno on failure. (jnr's binding of glibc mmap passes a bad offset.) */
    @SaveError
    long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    /** open(2); the host terminal tests open a host pty with it. */
    @SaveError
    int open(String path, int flags, int mode);
}
