package dev.umk.syscalls;

import dev.umk.core.kernel.Credentials;
import dev.umk.fs.Blocker;
import dev.umk.fs.FsContext;
import dev.umk.fs.Names;
import dev.umk.fs.OpenFile;
import dev.umk.fs.Vfs;
import dev.umk.core.abi.Stat;
import dev.umk.sched.ImageCache;
import dev.umk.sched.Task;
import dev.umk.sched.exec.ElfBinary;
import dev.umk.sched.exec.ElfSource;
import java.nio.ByteBuffer;

/**
 * How execve opens programs and their interpreters: open_exec through the VFS with the
 * calling task's root, cwd and credentials (ENOENT, EACCES for a non-regular or
 * non-executable file or a noexec mount, ELOOP...), read in place through the open file.
 * The file is released when the syscall ends. Program images are kept in an
 * {@link ImageCache} keyed by the file's identity and version (device, inode, size, mtime),
 * so a program exec'd again is mapped copy-on-write from frames, not read and copied.
 */
public final class VfsPrograms implements ElfBinary.InterpreterOpener {
    private final Vfs vfs;
    private final FsContext bootFs;
    private final Credentials bootCred;
    private final ImageCache images;

    /** @param bootFs and @param bootCred resolve the paths opened before the first task runs (init's program) */
    public VfsPrograms(Vfs vfs, FsContext bootFs, Credentials bootCred, ImageCache images) {
        this.vfs = vfs;
        this.bootFs = bootFs;
        this.bootCred = bootCred;
        this.images = images;
    }

    @Override
    public ElfSource open(String path) {
        Task t = TaskFiles.current();
        FsContext fs = t != null && t.group().fs() != null ? t.group().fs() : bootFs;
        Credentials cred = t != null ? t.group().cred() : bootCred;
        // execve decodes the guest's path as UTF-8; VFS names are the raw bytes.
        OpenFile f = vfs.openExec(fs, cred, null, Names.fromUnicode(path), 0);
        TaskFiles.putLater(f);
        Stat st = f.stat();
        String key = st.dev + ":" + st.ino + ":" + st.size + ":" + st.mtimeSec + "." + st.mtimeNsec;
        String resolved = Names.toUnicode(vfs.pathOf(fs, f.path()));
        ElfSource.SetIdInfo ids = new ElfSource.SetIdInfo(st.mode, st.uid, st.gid, f.path().mount().noSuid());
        ElfSource image = images.cached(key, f.path(), () -> new ElfSource() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) {
                return f.pread(ByteBuffer.wrap(buf, off, len), offset, Blocker.NONBLOCKING);
            }

            @Override
            public long size() {
                return f.inode().size();
            }
        });
        return new ElfSource() {
            @Override
            public int read(long offset, byte[] buf, int off, int len) {
                return image.read(offset, buf, off, len);
            }

            @Override
            public long size() {
                return image.size();
            }

            @Override
            public dev.umk.mm.MappedFile mappable() {
                return image.mappable();
            }

            @Override
            public String resolvedPath() {
                return resolved;
            }

            @Override
            public SetIdInfo setIdInfo() {
                return ids;
            }
        };
    }
}
