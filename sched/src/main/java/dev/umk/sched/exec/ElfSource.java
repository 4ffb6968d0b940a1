package dev.umk.sched.exec;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.Objects;

/**
 * Random-access bytes of an executable. The loader reads through this rather than a
 * {@code byte[]} so execve can hand it a VFS file (page cache) without copying the whole file.
 */
public interface ElfSource {
    /**
     * Reads up to {@code len} bytes at {@code offset}; returns how many were read, fewer only at
     * end of file (0 at or past it). I/O failures are thrown as {@link ErrnoException}.
     */
    int read(long offset, byte[] buf, int off, int len);

    /** File size in bytes. */
    long size();

    /**
     * The file's pages as frames, when it has them (a page cache): the loader then maps
     * segments copy-on-write instead of copying them. Null for plain byte sources.
     */
    default dev.umk.mm.MappedFile mappable() {
        return null;
    }

    /** The file's absolute path with symlinks resolved (/proc/PID/exe), when known; else null. */
    default String resolvedPath() {
        return null;
    }

    /**
     * The file's owner and mode bits as execve's credential rules need them: set-user-ID
     * and set-group-ID bits count only on a mount without MS_NOSUID ({@code nosuid}). Null
     * for sources that are not files (tests, in-memory images): no set-id change.
     */
    default SetIdInfo setIdInfo() {
        return null;
    }

    /** What bprm_fill_uid looks at: i_mode, i_uid, i_gid, and the mount's MNT_NOSUID. */
    record SetIdInfo(int mode, int uid, int gid, boolean nosuid) {}

    /** Reads exactly {@code len} bytes or fails with EIO, as Linux's elf_read does on a short read. */
    default void readFully(long offset, byte[] buf, int off, int len) {
        int done = 0;
        while (done < len) {
            int n = read(offset + done, buf, off + done, len - done);
            if (n <= 0) throw new ErrnoException(Errno.EIO, "short read at " + (offset + done));
            done += n;
        }
    }

    /** A source over an in-memory file image (tests, small files, already-read buffers). */
    public static ElfSource of(byte[] image) {
        Objects.requireNonNull(image);
        return new ElfSource() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) {
                if (offset < 0) throw new ErrnoException(Errno.EINVAL);
                if (offset >= image.length) return 0;
                int n = (int) Math.min(len, image.length - offset);
                System.arraycopy(image, (int) offset, buf, off, n);
                return n;
            }

            @Override
            public long size() {
                return image.length;
            }
        };
    }
}
