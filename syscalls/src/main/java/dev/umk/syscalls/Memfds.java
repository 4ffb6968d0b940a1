package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.Dentry;
import dev.umk.fs.FileOperations;
import dev.umk.fs.FsClock;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.VfsPath;
import dev.umk.fs.page.PageAllocator;
import dev.umk.fs.tmpfs.TmpfsSuperBlock;
import dev.umk.fs.tmpfs.TmpfsType;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * memfd_create's files: unlinked regular files of an internal tmpfs (so they can be mapped
 * like any tmpfs file), named "/memfd:NAME (deleted)", with the file seals of
 * F_ADD_SEALS/F_GET_SEALS enforced on writes and size changes.
 */
final class Memfds {
    static final int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8, F_SEAL_FUTURE_WRITE = 16;
    private static final int ALL_SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_FUTURE_WRITE;

    private final TmpfsSuperBlock sb;
    private final Mount mount;

    Memfds(FsClock clock, PageAllocator pages, long memoryBytes) {
        sb = TmpfsType.create(clock, pages, memoryBytes, 01777);
        mount = new Mount(sb, sb.root(), 0);
    }

    /** A new memfd with one reference; {@code sealable} starts it without F_SEAL_SEAL. */
    OpenFile create(Credentials cred, String name, boolean sealable) {
        Inode inode = sb.root().inode().tmpfile(new NewInode(S_IFREG | 0777, cred.fsuid(), cred.fsgid()));
        VfsPath p = new VfsPath(mount, Dentry.anonymous("/memfd:" + name + " (deleted)", inode));
        OpenFile f = new OpenFile(p, O_RDWR | O_LARGEFILE, cred);
        f.setOps(new SealedOps(inode.open(f), new AtomicInteger(sealable ? 0 : F_SEAL_SEAL)));
        return f;
    }

    /** F_GET_SEALS: EINVAL for files that are not memfds. */
    int seals(OpenFile f) {
        return sealsOf(f).get();
    }

    /** F_ADD_SEALS: EPERM once sealed against sealing, or for a write seal on a file not open for writing. */
    void addSeals(OpenFile f, int add) {
        AtomicInteger s = sealsOf(f);
        if ((add & ~ALL_SEALS) != 0) throw new ErrnoException(Errno.EINVAL);
        if (!f.canWrite()) throw new ErrnoException(Errno.EPERM);
        synchronized (s) {
            if ((s.get() & F_SEAL_SEAL) != 0) throw new ErrnoException(Errno.EPERM);
            s.set(s.get() | add);
        }
    }

    /** ftruncate on a sealed memfd: EPERM when the change shrinks or grows against a seal. */
    static void checkResize(OpenFile f, long newSize) {
        if (!(f.ops() instanceof SealedOps so)) return;
        int s = so.seals.get();
        long size = f.inode().size();
        if ((newSize < size && (s & F_SEAL_SHRINK) != 0) || (newSize > size && (s & F_SEAL_GROW) != 0)) {
            throw new ErrnoException(Errno.EPERM);
        }
    }

    /** Whether a shared writable mapping is refused (F_SEAL_WRITE or F_SEAL_FUTURE_WRITE). */
    static boolean writeSealed(OpenFile f) {
        return f.ops() instanceof SealedOps so && (so.seals.get() & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0;
    }

    private static AtomicInteger sealsOf(OpenFile f) {
        if (!(f.ops() instanceof SealedOps so)) throw new ErrnoException(Errno.EINVAL);
        return so.seals;
    }

    /** tmpfs file operations behind the write, grow and shrink seals. */
    private static final class SealedOps implements FileOperations {
        final FileOperations inner;
        final AtomicInteger seals;

        SealedOps(FileOperations inner, AtomicInteger seals) {
            this.inner = inner;
            this.seals = seals;
        }

        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
            return inner.read(f, dst, pos, blocker);
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
            int s = seals.get();
            if ((s & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE)) != 0) throw new ErrnoException(Errno.EPERM);
            long end = (f.isAppend() ? f.inode().size() : pos) + src.remaining();
            if ((s & F_SEAL_GROW) != 0 && end > f.inode().size()) throw new ErrnoException(Errno.EPERM);
            return inner.write(f, src, pos, blocker);
        }

        @Override
        public long llseek(OpenFile f, long offset, int whence) {
            return inner.llseek(f, offset, whence);
        }

        @Override
        public void fallocate(OpenFile f, int mode, long offset, long len) {
            int s = seals.get();
            if ((s & F_SEAL_WRITE) != 0) throw new ErrnoException(Errno.EPERM);
            if ((mode & FALLOC_FL_KEEP_SIZE) == 0 && (s & F_SEAL_GROW) != 0 && offset + len > f.inode().size()) {
                throw new ErrnoException(Errno.EPERM);
            }
            inner.fallocate(f, mode, offset, len);
        }

        @Override
        public void fsync(OpenFile f, boolean dataOnly) {
            inner.fsync(f, dataOnly);
        }

        @Override
        public void release(OpenFile f) {
            inner.release(f);
        }
    }
}
