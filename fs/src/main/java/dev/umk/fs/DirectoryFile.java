package dev.umk.fs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.nio.ByteBuffer;

/**
 * File operations of an open directory: "." at position 0, ".." at 1, then the
 * filesystem's entries from {@link Inode#readdir}. lseek accepts any non-negative position
 * (positions are the filesystem's cookies).
 */
public final class DirectoryFile implements FileOperations {
    public static final DirectoryFile OPS = new DirectoryFile();

    private DirectoryFile() {}

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        throw new ErrnoException(Errno.EISDIR);
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        throw new ErrnoException(Errno.EISDIR);
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        long p = switch (whence) {
            case SEEK_SET -> offset;
            case SEEK_CUR -> f.position() + offset;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        if (p < 0) throw new ErrnoException(Errno.EINVAL);
        return p;
    }

    @Override
    public long iterate(OpenFile f, long pos, DirSink sink) {
        Inode dir = f.inode();
        if (dir.isDeadDir()) throw new ErrnoException(Errno.ENOENT);
        long[] at = {pos};
        if (at[0] == 0) {
            if (!sink.accept(".", dir.ino(), DT_DIR, 1)) return 0;
            at[0] = 1;
        }
        if (at[0] == 1) {
            Inode parent = f.path().dentry().parent().inode();
            if (!sink.accept("..", parent.ino(), DT_DIR, 2)) return 1;
            at[0] = 2;
        }
        dir.readdir(f, at[0], (name, ino, type, next) -> {
            if (!sink.accept(name, ino, type, next)) return false;
            at[0] = next;
            return true;
        });
        dir.touchAccessed();
        return at[0];
    }
}
