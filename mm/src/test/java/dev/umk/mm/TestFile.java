package dev.umk.mm;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;

/** A {@link MappedFile} whose pages are frames it keeps, like a page cache would. */
final class TestFile implements MappedFile {
    final FrameAllocator frames;
    final long[] pagePa;
    final long size;
    boolean writable = true;
    int opens;
    long writebacks;

    TestFile(FrameAllocator frames, byte[] content) {
        this.frames = frames;
        this.size = content.length;
        this.pagePa = new long[(int) ((size + 4095) / 4096)];
        for (int i = 0; i < pagePa.length; i++) {
            pagePa[i] = frames.allocFrame();
            int n = (int) Math.min(4096, size - i * 4096L);
            frames.memory().write(pagePa[i], content, i * 4096, n);
        }
    }

    @Override
    public long pageFrame(long offset) {
        if (offset >= size) throw new ErrnoException(Errno.EFAULT);
        long pa = pagePa[(int) (offset / 4096)];
        frames.get(pa);
        return pa;
    }

    @Override public long size() { return size; }
    @Override public boolean writableShared() { return writable; }
    @Override public void vmaOpen() { opens++; }
    @Override public void vmaClose() { opens--; }
    @Override public void writeback(long offset, long len) { writebacks += len; }

    byte byteAt(long offset) {
        return frames.memory().getByte(pagePa[(int) (offset / 4096)] + offset % 4096);
    }
}
