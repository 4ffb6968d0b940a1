package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.sched.Task;

/** A process's place in the tree (its fs_struct): chdir, fchdir, getcwd, chroot, umask. */
final class CwdSyscalls {
    private CwdSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.CHDIR, "fs", (task, a) -> {
            String path = FsArgs.nonEmptyPath(task, a.u64(0));
            FsArgs.vfs(task).chdir(FsArgs.fs(task), FsArgs.cred(task), null, path);
            return 0;
        });
        t.add(Sysno.FCHDIR, "fs", (task, a) -> {
            FsArgs.vfs(task).fchdir(FsArgs.fs(task), FsArgs.cred(task), FsArgs.fileRaw(task, a.i32(0)));
            return 0;
        });
        t.add(Sysno.CHROOT, "fs", (task, a) -> {
            String path = FsArgs.nonEmptyPath(task, a.u64(0));
            FsArgs.vfs(task).chroot(FsArgs.fs(task), FsArgs.cred(task), null, path);
            return 0;
        });
        t.add(Sysno.GETCWD, "fs", CwdSyscalls::getcwd);
        t.add(Sysno.UMASK, "fs", (task, a) -> FsArgs.fs(task).setUmask(a.i32(0)));
    }

    /** getcwd implements Linux syscall getcwd(2): returns the length including the NUL; ERANGE when it does not fit. */
    static long getcwd(Task t, Args a) {
        byte[] cwd = Names.toBytes(FsArgs.vfs(t).getcwd(FsArgs.fs(t)));
        long size = a.u64(1);
        if (size < cwd.length + 1) throw new ErrnoException(Errno.ERANGE);
        byte[] out = new byte[cwd.length + 1];
        System.arraycopy(cwd, 0, out, 0, cwd.length);
        t.mm().write(a.u64(0), out, 0, out.length);
        return out.length;
    }
}
