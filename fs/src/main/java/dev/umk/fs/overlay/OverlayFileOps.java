package dev.umk.fs.overlay;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.UserMemory;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * An open overlay file: the real file (upper after copy-up, or lower when only read) is
 * opened inside the layer and every operation goes to it. The overlay OpenFile keeps the
 * position, so relative seeks are turned into absolute ones.
 */
final class OverlayFileOps implements FileOperations {
    private final OverlayInode inode;
    private final OpenFile inner;

    OverlayFileOps(OverlayInode inode, OpenFile inner) {
        this.inode = inode;
        this.inner = inner;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        return inner.ops().read(inner, dst, pos, blocker);
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        if (f.isAppend() != inner.isAppend()) inner.setStatusFlags(f.flags());
        long end = inner.ops().write(inner, src, pos, blocker);
        inode.refresh();
        return end;
    }

    @Override
    public boolean stream() {
        return inner.ops().stream();
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        if (whence == SEEK_CUR) {
            long p = f.position() + offset;
            if (p < 0) throw new ErrnoException(Errno.EINVAL);
            return inner.ops().llseek(inner, p, SEEK_SET);
        }
        return inner.ops().llseek(inner, offset, whence);
    }

    @Override
    public long ioctl(OpenFile f, int cmd, long arg, UserMemory mem) {
        return inner.ops().ioctl(inner, cmd, arg, mem);
    }

    @Override
    public int poll(OpenFile f) {
        return inner.ops().poll(inner);
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        return inner.ops().waitQueue(inner);
    }

    @Override
    public dev.umk.fs.page.Page mapPage(OpenFile f, long index) {
        return inner.ops().mapPage(inner, index);
    }

    @Override
    public void fsync(OpenFile f, boolean dataOnly) {
        inner.ops().fsync(inner, dataOnly);
    }

    @Override
    public void fallocate(OpenFile f, int mode, long offset, long len) {
        inner.ops().fallocate(inner, mode, offset, len);
        inode.refresh();
    }

    @Override
    public void release(OpenFile f) {
        inner.put();
    }
}
