package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Task;

/**
 * Pipes and moving data between files without a user buffer: pipe, pipe2, and splice, tee,
 * sendfile and copy_file_range (done by {@link SpliceIo}).
 */
final class PipeSyscalls {
    private PipeSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.PIPE, "fs", (task, a) -> pipe2(task, a.u64(0), 0));
        t.add(Sysno.PIPE2, "fs", (task, a) -> pipe2(task, a.u64(0), a.i32(1)));
        t.add(Sysno.SPLICE, "fs", SpliceIo::splice);
        t.add(Sysno.TEE, "fs", SpliceIo::tee);
        t.add(Sysno.SENDFILE, "fs", SpliceIo::sendfile);
        t.add(Sysno.COPY_FILE_RANGE, "fs", SpliceIo::copyFileRange);
    }

    /** pipe and pipe2 implement Linux syscalls pipe(2) and pipe2(2). */
    static long pipe2(Task t, long fdsVa, int flags) {
        OpenFile[] ends = FsArgs.files(t).pipes().create(FsArgs.cred(t), flags);
        boolean cloexec = (flags & O_CLOEXEC) != 0;
        FdTable fds = FsArgs.fds(t);
        int r;
        try {
            r = fds.install(ends[0], cloexec, FsArgs.nofile(t));
        } catch (ErrnoException e) {
            ends[0].put();
            ends[1].put();
            throw e;
        }
        int w;
        try {
            w = fds.install(ends[1], cloexec, FsArgs.nofile(t));
        } catch (ErrnoException e) {
            fds.close(r);
            ends[1].put();
            throw e;
        }
        try {
            t.mm().writeInt(fdsVa, r);
            t.mm().writeInt(fdsVa + 4, w);
        } catch (ErrnoException e) {
            fds.close(r);
            fds.close(w);
            throw new ErrnoException(Errno.EFAULT);
        }
        return 0;
    }
}
