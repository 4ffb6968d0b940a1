package dev.umk.fs.page;

import dev.umk.core.hw.PhysicalMemory;
import java.nio.ByteBuffer;

/** Pages that are frames of guest physical memory, so mm can map page-cache pages directly. */
public final class FramePageAllocator implements PageAllocator {
    private final FrameSource frames;

    public FramePageAllocator(FrameSource frames) {
        this.frames = frames;
    }

    private record FramePage(PhysicalMemory mem, long pa) implements Page {
        @Override
        public void read(int off, ByteBuffer dst, int len) {
            if (dst.hasArray()) {
                mem.read(pa + off, dst.array(), dst.arrayOffset() + dst.position(), len);
                dst.position(dst.position() + len);
            } else {
                byte[] tmp = new byte[len];
                mem.read(pa + off, tmp, 0, len);
                dst.put(tmp);
            }
        }

        @Override
        public void write(int off, ByteBuffer src, int len) {
            if (src.hasArray()) {
                mem.write(pa + off, src.array(), src.arrayOffset() + src.position(), len);
                src.position(src.position() + len);
            } else {
                byte[] tmp = new byte[len];
                src.get(tmp);
                mem.write(pa + off, tmp, 0, len);
            }
        }

        @Override
        public void zero(int off, int len) {
            mem.zero(pa + off, len);
        }

        @Override
        public boolean hasFrame() {
            return true;
        }

        @Override
        public long frame() {
            return pa;
        }
    }

    @Override
    public Page allocate() {
        return new FramePage(frames.memory(), frames.alloc());
    }

    @Override
    public void free(Page page) {
        frames.put(page.frame());
    }
}
