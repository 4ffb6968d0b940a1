package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;

/** memfd_create(2): anonymous files (see {@link Memfds}). */
final class MemfdSyscalls {
    private MemfdSyscalls() {}

    static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2, MFD_HUGETLB = 4, MFD_NOEXEC_SEAL = 8, MFD_EXEC = 0x10;
    /** NAME_MAX minus the "memfd:" prefix. */
    static final int MFD_NAME_MAX = 249;

    static void register(SyscallTable t) {
        t.add(Sysno.MEMFD_CREATE, "fs", MemfdSyscalls::memfdCreate);
    }

    /** memfd_create implements Linux syscall memfd_create(2). */
    static long memfdCreate(Task t, Args a) {
        int flags = a.i32(1);
        if ((flags & ~(MFD_CLOEXEC | MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL | MFD_EXEC)) != 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & (MFD_NOEXEC_SEAL | MFD_EXEC)) == (MFD_NOEXEC_SEAL | MFD_EXEC)) throw new ErrnoException(Errno.EINVAL);
        byte[] name;
        try {
            name = t.mm().readCString(a.u64(0), MFD_NAME_MAX + 1);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENAMETOOLONG) throw new ErrnoException(Errno.EINVAL);
            throw e;
        }
        boolean sealable = (flags & (MFD_ALLOW_SEALING | MFD_NOEXEC_SEAL)) != 0;
        OpenFile f = FsArgs.files(t).memfds().create(FsArgs.cred(t), Names.fromBytes(name), sealable);
        return FsArgs.install(t, f, (flags & MFD_CLOEXEC) != 0);
    }
}
