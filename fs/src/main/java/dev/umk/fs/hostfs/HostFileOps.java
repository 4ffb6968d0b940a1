package dev.umk.fs.hostfs;

import dev.umk.core.hw.host.HostFile;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import java.nio.ByteBuffer;

/** Read, write and seek of an open hostfs regular file, over its host handle. */
final class HostFileOps implements FileOperations {
    private final HostFile file;

    HostFileOps(HostFile file) {
        this.file = file;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        return pos + file.pread(dst, pos);
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        HostInode inode = (HostInode) f.inode();
        synchronized (inode) {
            if (f.isAppend()) pos = file.size();
            if (src.hasRemaining()) inode.killPrivileges(f.cred());
            long end = pos + file.pwrite(src, pos);
            inode.wrote(end);
            return end;
        }
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        return FileOperations.genericLlseek(f, offset, whence, file.size());
    }

    @Override
    public void fsync(OpenFile f, boolean dataOnly) {
        file.sync(dataOnly);
    }

    @Override
    public void release(OpenFile f) {
        file.close();
    }
}
