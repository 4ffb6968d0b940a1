package dev.umk.fs.page;

import java.nio.ByteBuffer;

/**
 * One 4 KiB page of file data. Either a frame of guest physical memory (so mm can map it
 * into a guest as is) or a heap array (when the filesystem runs without mm).
 */
public interface Page {
    int SIZE = 4096;
    int SHIFT = 12;

    /** Copies {@code len} bytes from offset {@code off} of the page into {@code dst}. */
    void read(int off, ByteBuffer dst, int len);

    /** Copies {@code len} bytes from {@code src} into the page at {@code off}. */
    void write(int off, ByteBuffer src, int len);

    void zero(int off, int len);

    /** True when this page is a physical frame ({@link #frame()} is valid). */
    boolean hasFrame();

    /** The physical address of the frame; only when {@link #hasFrame()}. */
    long frame();
}
