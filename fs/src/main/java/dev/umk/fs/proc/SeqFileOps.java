package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;

/**
 * Reads and writes of a {@link PseudoFile}, as Linux's seq_file: a read from position 0
 * generates the content afresh and keeps it with the open file, so a program reading in
 * small pieces sees one consistent snapshot, and one that seeks back to 0 sees new values.
 * lseek takes SEEK_SET and SEEK_CUR only.
 */
final class SeqFileOps implements FileOperations {
    static final SeqFileOps OPS = new SeqFileOps();

    private SeqFileOps() {}

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        PseudoFile file = (PseudoFile) f.inode();
        byte[] snap = f.privateData() instanceof byte[] b ? b : null;
        if (snap == null || pos == 0) {
            snap = file.content();
            f.setPrivateData(snap);
        }
        if (pos >= snap.length) return pos;
        int n = (int) Math.min(dst.remaining(), snap.length - pos);
        dst.put(snap, (int) pos, n);
        return pos + n;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        byte[] data = new byte[src.remaining()];
        src.get(data);
        ((PseudoFile) f.inode()).write(data, pos);
        f.setPrivateData(null);
        return pos + data.length;
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
}
