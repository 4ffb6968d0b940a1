package dev.umk.sched.signal;

/**
 * The guest memory signal delivery writes frames to and rt_sigreturn reads them from:
 * copy_to_user / copy_from_user. mm's AddressSpace read/write fit it directly; tests use a
 * byte array. Both throw {@code ErrnoException(EFAULT)} when a byte is not accessible.
 */
public interface UserMemory {
    void read(long va, byte[] dst, int off, int len);

    void write(long va, byte[] src, int off, int len);
}
