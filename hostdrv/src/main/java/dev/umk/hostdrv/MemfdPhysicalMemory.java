package dev.umk.hostdrv;

import dev.umk.core.hw.PhysicalMemory;
import jnr.ffi.Pointer;

/**
 * Guest physical memory as one sparse host memfd, mapped once into the JVM: every access is
 * a plain memory access through that mapping; stub processes map ranges of the same memfd,
 * so guest and kernel see the same bytes.
 */
public final class MemfdPhysicalMemory implements PhysicalMemory, AutoCloseable {
    private final Memfd memfd;
    private final Pointer p;

    public MemfdPhysicalMemory(long size) {
        if ((size & (PAGE_SIZE - 1)) != 0 || size <= 0) throw new IllegalArgumentException("size " + size);
        memfd = new Memfd("umk-physmem", size);
        p = memfd.pointer;
    }

    /** The memfd's host file descriptor (stubs receive a copy). */
    public int fd() {
        return memfd.fd;
    }

    @Override public long size() { return memfd.size; }
    @Override public byte getByte(long pa) { return p.getByte(pa); }
    @Override public void putByte(long pa, byte v) { p.putByte(pa, v); }
    @Override public long getLong(long pa) { return p.getLong(pa); }
    @Override public void putLong(long pa, long v) { p.putLong(pa, v); }
    @Override public int getInt(long pa) { return p.getInt(pa); }
    @Override public void putInt(long pa, int v) { p.putInt(pa, v); }

    @Override public void read(long pa, byte[] dst, int off, int len) {
        p.get(pa, dst, off, len);
    }

    @Override public void write(long pa, byte[] src, int off, int len) {
        p.put(pa, src, off, len);
    }

    @Override public void copy(long srcPa, long dstPa, long len) {
        p.transferTo(srcPa, p, dstPa, len);
    }

    @Override public void zero(long pa, long len) {
        p.setMemory(pa, len, (byte) 0);
    }

    @Override public void discard(long pa, long len) {
        memfd.punch(pa, len);
    }

    @Override public long nativeAddress(long pa) {
        return memfd.address + pa;
    }

    @Override public void close() {
        memfd.close();
    }
}
