package dev.umk.fs;

/**
 * Guest memory as ioctl handlers see it: the syscall layer passes an implementation backed
 * by the caller's address space, so file code never sees registers or page tables. Methods
 * throw ErrnoException(EFAULT) for bad addresses.
 */
public interface UserMemory {
    void read(long va, byte[] dst, int off, int len);

    void write(long va, byte[] src, int off, int len);

    default int readInt(long va) {
        byte[] b = new byte[4];
        read(va, b, 0, 4);
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    default void writeInt(long va, int v) {
        write(va, new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16), (byte) (v >> 24)}, 0, 4);
    }
}
