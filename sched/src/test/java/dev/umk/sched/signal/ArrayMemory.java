package dev.umk.sched.signal;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/** Guest memory for tests: one readable, writable window [base, base+size). */
final class ArrayMemory implements UserMemory {
    final long base;
    final byte[] bytes;

    ArrayMemory(long base, int size) {
        this.base = base;
        this.bytes = new byte[size];
    }

    private int offset(long va, int len) {
        if (va < base || va + len > base + bytes.length) throw new ErrnoException(Errno.EFAULT);
        return (int) (va - base);
    }

    @Override
    public void read(long va, byte[] dst, int off, int len) {
        System.arraycopy(bytes, offset(va, len), dst, off, len);
    }

    @Override
    public void write(long va, byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, offset(va, len), len);
    }

    long readLong(long va) {
        int o = offset(va, 8);
        long v = 0;
        for (int i = 7; i >= 0; i--) v = v << 8 | (bytes[o + i] & 0xff);
        return v;
    }

    void writeLong(long va, long v) {
        int o = offset(va, 8);
        for (int i = 0; i < 8; i++) bytes[o + i] = (byte) (v >>> (8 * i));
    }

    int readInt(long va) {
        return (int) (readLong(va) & 0xffffffffL) ;
    }

    void writeInt(long va, int v) {
        int o = offset(va, 4);
        for (int i = 0; i < 4; i++) bytes[o + i] = (byte) (v >>> (8 * i));
    }
}
