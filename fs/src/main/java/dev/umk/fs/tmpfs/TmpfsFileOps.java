package dev.umk.fs.tmpfs;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;

/** read/write/seek/fallocate of tmpfs regular files over their page cache. */
final class TmpfsFileOps implements FileOperations {
    static final TmpfsFileOps INSTANCE = new TmpfsFileOps();

    private static TmpfsFile file(OpenFile f) {
        return (TmpfsFile) f.inode();
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        TmpfsFile t = file(f);
        t.io.readLock().lock();
        try {
            int n = t.cache.read(pos, dst, t.size());
            if ((f.flags() & O_NOATIME) == 0) t.touchAccessed();
            return pos + n;
        } finally {
            t.io.readLock().unlock();
        }
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        TmpfsFile t = file(f);
        t.io.writeLock().lock();
        try {
            if (f.isAppend()) pos = t.size();
            if (src.remaining() == 0) return pos;
            if (pos + src.remaining() < 0) throw new ErrnoException(Errno.EFBIG);
            t.killPrivileges(f.cred());
            int n = t.cache.write(pos, src);
            t.extendTo(pos + n);
            t.touchModified();
            return pos + n;
        } finally {
            t.io.writeLock().unlock();
        }
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        TmpfsFile t = file(f);
        if (whence != SEEK_DATA && whence != SEEK_HOLE) {
            return FileOperations.genericLlseek(f, offset, whence, t.size());
        }
        t.io.readLock().lock();
        try {
            long eof = t.size();
            if (offset < 0) throw new ErrnoException(Errno.ENXIO);
            return whence == SEEK_DATA ? t.cache.seekData(offset, eof) : t.cache.seekHole(offset, eof);
        } finally {
            t.io.readLock().unlock();
        }
    }

    @Override
    public dev.umk.fs.page.Page mapPage(OpenFile f, long index) {
        TmpfsFile t = file(f);
        t.io.readLock().lock();
        try {
            if (index < 0 || index << dev.umk.fs.page.Page.SHIFT >= t.size()) throw new ErrnoException(Errno.ENXIO);
            return t.cache.pageAt(index);
        } finally {
            t.io.readLock().unlock();
        }
    }

    @Override
    public void fallocate(OpenFile f, int mode, long offset, long len) {
        TmpfsFile t = file(f);
        t.io.writeLock().lock();
        try {
            if ((mode & FALLOC_FL_PUNCH_HOLE) != 0) {
                if (mode != (FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)) throw new ErrnoException(Errno.EOPNOTSUPP);
                long eof = t.size();
                if (offset < eof) t.cache.punchHole(offset, Math.min(len, eof - offset));
                t.touchModified();
                return;
            }
            if ((mode & ~FALLOC_FL_KEEP_SIZE) != 0) throw new ErrnoException(Errno.EOPNOTSUPP);
            t.cache.allocateRange(offset, len);
            if ((mode & FALLOC_FL_KEEP_SIZE) == 0) t.extendTo(offset + len);
            t.touchChanged();
        } finally {
            t.io.writeLock().unlock();
        }
    }
}
