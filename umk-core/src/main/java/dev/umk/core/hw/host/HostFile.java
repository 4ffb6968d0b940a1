package dev.umk.core.hw.host;

import java.nio.ByteBuffer;

/**
 * An open host file. Positions are explicit; appends are done by the caller writing at
 * {@link #size()} under its own lock. Errors are ErrnoExceptions with Linux errnos.
 */
public interface HostFile extends AutoCloseable {
    /** Reads at {@code pos} into dst; returns the count, 0 at end of file. */
    int pread(ByteBuffer dst, long pos);

    /** Writes all of src at {@code pos}; returns the count. */
    int pwrite(ByteBuffer src, long pos);

    long size();

    void truncate(long length);

    void sync(boolean dataOnly);

    @Override
    void close();
}
