package dev.umk.fs.synth;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SetAttr;
import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * A synthetic file: its content is generated once per open (so a reader sees one
 * consistent snapshot, as with Linux's seq_file) and it reports size 0 as procfs files do.
 * Writable ones hand each write to a {@link Writer} (as /proc/sys files parse theirs).
 */
public final class SynthFile extends Inode {
    /** Receives the bytes of one write(2). */
    @FunctionalInterface
    public interface Writer {
        void write(OpenFile file, byte[] data, long pos);
    }

    private final Function<OpenFile, byte[]> content;
    private final Writer writer;

    SynthFile(SynthFs fs, long ino, NewInode attrs, Function<OpenFile, byte[]> content, Writer writer) {
        super(fs, ino, attrs);
        this.content = content;
        this.writer = writer;
    }

    @Override
    public FileOperations open(OpenFile f) {
        byte[] snapshot = f.canRead() ? content.apply(f) : new byte[0];
        return new Ops(snapshot);
    }

    @Override
    public void setattr(SetAttr a) {
        if (a.has(SetAttr.SIZE) && writer != null && a.valid == (SetAttr.SIZE | SetAttr.MTIME | SetAttr.CTIME)) return;
        throw new ErrnoException(Errno.EPERM);
    }

    private final class Ops implements FileOperations {
        private final byte[] data;

        Ops(byte[] data) {
            this.data = data;
        }

        @Override
        public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
            if (pos >= data.length) return pos;
            int n = (int) Math.min(dst.remaining(), data.length - pos);
            dst.put(data, (int) pos, n);
            return pos + n;
        }

        @Override
        public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
            if (writer == null) throw new ErrnoException(Errno.EIO);
            byte[] b = new byte[src.remaining()];
            src.get(b);
            writer.write(f, b, pos);
            return pos + b.length;
        }

        @Override
        public long llseek(OpenFile f, long offset, int whence) {
            return FileOperations.genericLlseek(f, offset, whence, data.length);
        }
    }
}
