package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.sched.Task;

/** mount(2) and umount2(2): handlers decode strings; {@link dev.umk.fs.Vfs#mount} decides. */
final class MountSyscalls {
    private MountSyscalls() {}

    private static final int PAGE = 4096;

    static void register(SyscallTable t) {
        t.add(Sysno.MOUNT, "fs", MountSyscalls::mount);
        t.add(Sysno.UMOUNT2, "fs", MountSyscalls::umount2);
    }

    /** mount implements Linux syscall mount(2); source, type and data may be NULL. */
    static long mount(Task t, Args a) {
        String source = optional(t, a.u64(0));
        String target = FsArgs.nonEmptyPath(t, a.u64(1));
        String type = optional(t, a.u64(2));
        long flags = a.u64(3);
        String data = optional(t, a.u64(4));
        FsArgs.vfs(t).mount(FsArgs.fs(t), FsArgs.cred(t), source, null, target, type, flags, data);
        return 0;
    }

    /** umount2 implements Linux syscall umount2(2). */
    static long umount2(Task t, Args a) {
        String target = FsArgs.nonEmptyPath(t, a.u64(0));
        FsArgs.vfs(t).umount(FsArgs.fs(t), FsArgs.cred(t), null, target, a.i32(1));
        return 0;
    }

    /** A string argument of at most a page (copy_mount_string), or null for a NULL pointer. */
    private static String optional(Task t, long va) {
        if (va == 0) return null;
        try {
            return Names.fromBytes(t.mm().readCString(va, PAGE));
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENAMETOOLONG) throw new ErrnoException(Errno.EINVAL);
            throw e;
        }
    }
}
