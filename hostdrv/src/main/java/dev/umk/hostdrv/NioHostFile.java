package dev.umk.hostdrv;

import dev.umk.core.hw.host.HostFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** An open host file behind a FileChannel. */
final class NioHostFile implements HostFile {
    private final FileChannel ch;

    NioHostFile(FileChannel ch) {
        this.ch = ch;
    }

    @Override
    public int pread(ByteBuffer dst, long pos) {
        try {
            int total = 0;
            while (dst.hasRemaining()) {
                int n = ch.read(dst, pos + total);
                if (n <= 0) break;
                total += n;
            }
            return total;
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public int pwrite(ByteBuffer src, long pos) {
        try {
            int total = 0;
            while (src.hasRemaining()) total += ch.write(src, pos + total);
            return total;
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public long size() {
        try {
            return ch.size();
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void truncate(long length) {
        try {
            resize(ch, length);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    /** FileChannel only shrinks; growing writes one zero byte at the new end (a hole before it). */
    static void resize(FileChannel ch, long length) throws IOException {
        long size = ch.size();
        if (length < size) ch.truncate(length);
        else if (length > size) ch.write(ByteBuffer.allocate(1), length - 1);
    }

    @Override
    public void sync(boolean dataOnly) {
        try {
            ch.force(!dataOnly);
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }

    @Override
    public void close() {
        try {
            ch.close();
        } catch (IOException e) {
            throw HostErrors.map(e);
        }
    }
}
