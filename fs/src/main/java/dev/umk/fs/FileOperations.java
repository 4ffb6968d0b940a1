package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;

/**
 * What an open file does (Linux {@code struct file_operations}). One implementation per
 * kind of file: page-cache regular files, directories, devices, pipes, host files.
 * {@link OpenFile} checks access modes, positions and ranges before calling, and keeps the
 * position; implementations move data and report the position after it.
 */
public interface FileOperations {
    /** A queue nobody ever wakes: for files whose readiness never changes. */
    WaitQueue NO_WAKEUPS = new WaitQueue();

    /**
     * Reads into {@code dst} (up to its remaining bytes) from {@code pos}.
     *
     * @return the file position after the data read (Linux's updated *ppos); stream files
     *     may return anything
     */
    default long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        throw new ErrnoException(Errno.EINVAL);
    }

    /**
     * Writes {@code src}'s remaining bytes at {@code pos}, or at end of file when the file
     * is in append mode.
     *
     * @return the file position after the data written
     */
    default long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        throw new ErrnoException(Errno.EINVAL);
    }

    /** Stream files (pipes, sockets, ttys) have no position: pread, pwrite and lseek fail with ESPIPE. */
    default boolean stream() {
        return false;
    }

    /** lseek(2); the default is generic_file_llseek over the inode's size. */
    default long llseek(OpenFile f, long offset, int whence) {
        return genericLlseek(f, offset, whence, f.inode().size());
    }

    /** Lists a directory from position {@code pos}; returns the position to continue at. */
    default long iterate(OpenFile f, long pos, DirSink sink) {
        throw new ErrnoException(Errno.ENOTDIR);
    }

    /** Device-specific ioctl(2); generic ones (FIONBIO...) are handled by OpenFile first. */
    default long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
        throw new ErrnoException(Errno.ENOTTY);
    }

    /** Current readiness, as poll(2) event bits. */
    default int poll(OpenFile f) {
        return PollEvents.DEFAULT_MASK;
    }

    /** The queue woken when {@link #poll} may change. */
    default WaitQueue waitQueue(OpenFile f) {
        return NO_WAKEUPS;
    }

    default void fsync(OpenFile f, boolean dataOnly) {}

    /** fallocate(2) modes; the VFS has checked the file is a regular file open for writing. */
    default void fallocate(OpenFile f, int mode, long offset, long len) {
        throw new ErrnoException(Errno.EOPNOTSUPP);
    }

    /**
     * The page-cache page holding file bytes [index*4096, index*4096+4096), for mmap: mm
     * maps it directly when it {@link dev.umk.fs.page.Page#hasFrame() is a frame} (MAP_SHARED)
     * or copies it (MAP_PRIVATE). ENXIO for a page wholly past end of file (mm raises
     * SIGBUS); ENODEV for files without a page cache, which mm reads with pread instead.
     */
    default dev.umk.fs.page.Page mapPage(OpenFile f, long index) {
        throw new ErrnoException(Errno.ENODEV);
    }

    /** F_GETPIPE_SZ; EBADF for anything but a pipe. */
    default int pipeSize(OpenFile f) {
        throw new ErrnoException(Errno.EBADF);
    }

    /** F_SETPIPE_SZ; returns the size set. */
    default int setPipeSize(OpenFile f, int size, boolean privileged) {
        throw new ErrnoException(Errno.EBADF);
    }

    /** Called once when the open file description goes away. */
    default void release(OpenFile f) {}

    /** generic_file_llseek_size: SEEK_SET/CUR/END, and SEEK_DATA/HOLE treating the file as all data. */
    static long genericLlseek(OpenFile f, long offset, int whence, long eof) {
        long p;
        switch (whence) {
            case SEEK_SET -> p = offset;
            case SEEK_CUR -> p = f.position() + offset;
            case SEEK_END -> p = eof + offset;
            case SEEK_DATA -> {
                if (Long.compareUnsigned(offset, eof) >= 0) throw new ErrnoException(Errno.ENXIO);
                p = offset;
            }
            case SEEK_HOLE -> {
                if (Long.compareUnsigned(offset, eof) >= 0) throw new ErrnoException(Errno.ENXIO);
                p = eof;
            }
            default -> throw new ErrnoException(Errno.EINVAL);
        }
        if (p < 0) throw new ErrnoException(Errno.EINVAL);
        return p;
    }
}
