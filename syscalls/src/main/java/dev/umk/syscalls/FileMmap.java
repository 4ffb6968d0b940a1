package dev.umk.syscalls;

import static dev.umk.core.abi.Mman.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.devfs.MemDevices;
import dev.umk.mm.MappedFile;
import dev.umk.sched.Task;

/**
 * The file half of mmap(2): do_mmap's checks that need the open file (EBADF, EACCES for a
 * file not open for reading, ENODEV for files without mmap, EPERM for PROT_EXEC on a
 * noexec mount), then the {@link MappedFile} from {@link FileMappings}. /dev/zero maps as
 * anonymous memory, as Linux's mmap_zero does.
 */
final class FileMmap {
    private FileMmap() {}

    static long mmap(Task t, long addr, long len, int prot, int flags, int fd, long off) {
        if (len == 0) throw new ErrnoException(Errno.EINVAL);
        OpenFile f = FsArgs.fds(t).acquire(fd);
        try {
            if (f.isPath()) throw new ErrnoException(Errno.EBADF);
            Inode inode = f.inode();
            if (isDevZero(inode)) return t.mm().mmap(addr, len, prot, flags | MAP_ANONYMOUS, null, 0);
            if (!inode.isRegular()) throw new ErrnoException(Errno.ENODEV);
            if (!f.canRead()) throw new ErrnoException(Errno.EACCES);
            if ((prot & PROT_EXEC) != 0 && f.path().mount().noExec()) throw new ErrnoException(Errno.EPERM);
            boolean writable = f.canWrite() && !f.isAppend() && !Memfds.writeSealed(f);
            MappedFile m = FsArgs.files(t).mappings().map(f, writable);
            return t.mm().mmap(addr, len, prot, flags, m, off);
        } finally {
            f.put();
        }
    }

    private static boolean isDevZero(Inode i) {
        return dev.umk.core.abi.FileFlags.isChr(i.mode())
                && i.rdev() == Stat.makedev(MemDevices.MEM_MAJOR, MemDevices.ZERO);
    }
}
