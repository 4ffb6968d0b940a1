package dev.umk.mm;

import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.hw.PhysicalMemory;

import java.util.ArrayList;
import java.util.List;

/** Heap memory that records discard calls, to check host memory is given back in runs. */
final class CountingMemory implements PhysicalMemory {
    final HeapPhysicalMemory heap;
    final List<long[]> discards = new ArrayList<>();

    CountingMemory(long size) {
        heap = new HeapPhysicalMemory(size);
    }

    long discardedBytes() {
        return discards.stream().mapToLong(d -> d[1]).sum();
    }

    @Override public long size() { return heap.size(); }
    @Override public byte getByte(long pa) { return heap.getByte(pa); }
    @Override public void putByte(long pa, byte v) { heap.putByte(pa, v); }
    @Override public long getLong(long pa) { return heap.getLong(pa); }
    @Override public void putLong(long pa, long v) { heap.putLong(pa, v); }
    @Override public int getInt(long pa) { return heap.getInt(pa); }
    @Override public void putInt(long pa, int v) { heap.putInt(pa, v); }
    @Override public void read(long pa, byte[] d, int o, int l) { heap.read(pa, d, o, l); }
    @Override public void write(long pa, byte[] s, int o, int l) { heap.write(pa, s, o, l); }
    @Override public void copy(long s, long d, long l) { heap.copy(s, d, l); }
    @Override public void zero(long pa, long len) { heap.zero(pa, len); }

    @Override
    public void discard(long pa, long len) {
        discards.add(new long[] {pa, len});
        heap.discard(pa, len);
    }
}
