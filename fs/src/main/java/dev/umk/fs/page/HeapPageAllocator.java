package dev.umk.fs.page;

import java.nio.ByteBuffer;
import java.util.Arrays;

/** Pages as byte arrays on the Java heap: for tests and for page caches not shared with mm. */
public final class HeapPageAllocator implements PageAllocator {
    public static final HeapPageAllocator INSTANCE = new HeapPageAllocator();

    private static final class HeapPage implements Page {
        final byte[] data = new byte[SIZE];

        @Override
        public void read(int off, ByteBuffer dst, int len) {
            dst.put(data, off, len);
        }

        @Override
        public void write(int off, ByteBuffer src, int len) {
            src.get(data, off, len);
        }

        @Override
        public void zero(int off, int len) {
            Arrays.fill(data, off, off + len, (byte) 0);
        }

        @Override
        public boolean hasFrame() {
            return false;
        }

        @Override
        public long frame() {
            throw new IllegalStateException("heap page has no frame");
        }
    }

    @Override
    public Page allocate() {
        return new HeapPage();
    }

    @Override
    public void free(Page page) {}
}
