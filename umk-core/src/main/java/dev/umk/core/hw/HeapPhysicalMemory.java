package dev.umk.core.hw;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/** {@link PhysicalMemory} on the Java heap, for unit tests and tools; at most 2 GiB. */
public final class HeapPhysicalMemory implements PhysicalMemory {
    private final byte[] bytes;
    private final ByteBuffer buf;

    public HeapPhysicalMemory(long size) {
        if (size <= 0 || size > Integer.MAX_VALUE - PAGE_SIZE || (size & (PAGE_SIZE - 1)) != 0) {
            throw new IllegalArgumentException("size " + size);
        }
        bytes = new byte[(int) size];
        buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override public long size() { return bytes.length; }
    @Override public byte getByte(long pa) { return bytes[(int) pa]; }
    @Override public void putByte(long pa, byte v) { bytes[(int) pa] = v; }
    @Override public long getLong(long pa) { return buf.getLong((int) pa); }
    @Override public void putLong(long pa, long v) { buf.putLong((int) pa, v); }
    @Override public int getInt(long pa) { return buf.getInt((int) pa); }
    @Override public void putInt(long pa, int v) { buf.putInt((int) pa, v); }

    @Override public void read(long pa, byte[] dst, int off, int len) {
        System.arraycopy(bytes, (int) pa, dst, off, len);
    }

    @Override public void write(long pa, byte[] src, int off, int len) {
        System.arraycopy(src, off, bytes, (int) pa, len);
    }

    @Override public void copy(long srcPa, long dstPa, long len) {
        System.arraycopy(bytes, (int) srcPa, bytes, (int) dstPa, (int) len);
    }

    @Override public void zero(long pa, long len) {
        Arrays.fill(bytes, (int) pa, (int) (pa + len), (byte) 0);
    }

    @Override public void discard(long pa, long len) {
        zero(pa, len);
    }
}
