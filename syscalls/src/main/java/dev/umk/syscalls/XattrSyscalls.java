package dev.umk.syscalls;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.sched.Task;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * Extended attributes: the set/get/list/remove calls, each by path (following symlinks),
 * by path without following (l*) and by fd (f*). A size of 0 asks for the size needed;
 * a smaller non-zero buffer is ERANGE.
 */
final class XattrSyscalls {
    private XattrSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.SETXATTR, "fs", (task, a) -> set(task, a, true));
        t.add(Sysno.LSETXATTR, "fs", (task, a) -> set(task, a, false));
        t.add(Sysno.FSETXATTR, "fs", XattrSyscalls::fset);
        t.add(Sysno.GETXATTR, "fs", (task, a) -> get(task, a, true));
        t.add(Sysno.LGETXATTR, "fs", (task, a) -> get(task, a, false));
        t.add(Sysno.FGETXATTR, "fs", XattrSyscalls::fget);
        t.add(Sysno.LISTXATTR, "fs", (task, a) -> list(task, a, true));
        t.add(Sysno.LLISTXATTR, "fs", (task, a) -> list(task, a, false));
        t.add(Sysno.FLISTXATTR, "fs", XattrSyscalls::flist);
        t.add(Sysno.REMOVEXATTR, "fs", (task, a) -> remove(task, a, true));
        t.add(Sysno.LREMOVEXATTR, "fs", (task, a) -> remove(task, a, false));
        t.add(Sysno.FREMOVEXATTR, "fs", (task, a) -> {
            FsArgs.vfs(task).fremovexattr(FsArgs.file(task, a.i32(0)), FsArgs.cred(task), name(task, a.u64(1)));
            return 0;
        });
    }

    /** setxattr and lsetxattr implement Linux syscalls setxattr(2) and lsetxattr(2). */
    static long set(Task t, Args a, boolean follow) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        String name = name(t, a.u64(1));
        byte[] value = value(t, a.u64(2), a.u64(3), a.i32(4));
        FsArgs.vfs(t).setxattr(FsArgs.fs(t), FsArgs.cred(t), null, path, name, value, a.i32(4), follow);
        return 0;
    }

    /** fsetxattr implements Linux syscall fsetxattr(2). */
    static long fset(Task t, Args a) {
        var f = FsArgs.file(t, a.i32(0));
        String name = name(t, a.u64(1));
        byte[] value = value(t, a.u64(2), a.u64(3), a.i32(4));
        FsArgs.vfs(t).fsetxattr(f, FsArgs.cred(t), name, value, a.i32(4));
        return 0;
    }

    /** getxattr and lgetxattr implement Linux syscalls getxattr(2) and lgetxattr(2). */
    static long get(Task t, Args a, boolean follow) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        String name = name(t, a.u64(1));
        byte[] v = FsArgs.vfs(t).getxattr(FsArgs.fs(t), FsArgs.cred(t), null, path, name, follow);
        return copyOut(t, v, a.u64(2), a.u64(3), XATTR_SIZE_MAX);
    }

    /** fgetxattr implements Linux syscall fgetxattr(2). */
    static long fget(Task t, Args a) {
        var f = FsArgs.file(t, a.i32(0));
        byte[] v = FsArgs.vfs(t).fgetxattr(f, FsArgs.cred(t), name(t, a.u64(1)));
        return copyOut(t, v, a.u64(2), a.u64(3), XATTR_SIZE_MAX);
    }

    /** listxattr and llistxattr implement Linux syscalls listxattr(2) and llistxattr(2). */
    static long list(Task t, Args a, boolean follow) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        List<String> names = FsArgs.vfs(t).listxattr(FsArgs.fs(t), FsArgs.cred(t), null, path, follow);
        return copyOut(t, joined(names), a.u64(1), a.u64(2), XATTR_LIST_MAX);
    }

    /** flistxattr implements Linux syscall flistxattr(2). */
    static long flist(Task t, Args a) {
        List<String> names = FsArgs.vfs(t).flistxattr(FsArgs.file(t, a.i32(0)), FsArgs.cred(t));
        return copyOut(t, joined(names), a.u64(1), a.u64(2), XATTR_LIST_MAX);
    }

    /** removexattr and lremovexattr implement Linux syscalls removexattr(2) and lremovexattr(2). */
    static long remove(Task t, Args a, boolean follow) {
        String path = FsArgs.nonEmptyPath(t, a.u64(0));
        FsArgs.vfs(t).removexattr(FsArgs.fs(t), FsArgs.cred(t), null, path, name(t, a.u64(1)), follow);
        return 0;
    }

    /** An attribute name: ERANGE when empty or longer than XATTR_NAME_MAX. */
    private static String name(Task t, long va) {
        byte[] b;
        try {
            b = t.mm().readCString(va, XATTR_NAME_MAX + 1);
        } catch (ErrnoException e) {
            if (e.errno() == Errno.ENAMETOOLONG) throw new ErrnoException(Errno.ERANGE);
            throw e;
        }
        if (b.length == 0) throw new ErrnoException(Errno.ERANGE);
        return Names.fromBytes(b);
    }

    private static byte[] value(Task t, long va, long size, int flags) {
        if ((flags & ~(XATTR_CREATE | XATTR_REPLACE)) != 0) throw new ErrnoException(Errno.EINVAL);
        if (size > XATTR_SIZE_MAX) throw new ErrnoException(Errno.E2BIG);
        byte[] v = new byte[(int) size];
        if (size > 0) t.mm().read(va, v, 0, v.length);
        return v;
    }

    private static byte[] joined(List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String n : names) {
            out.writeBytes(Names.toBytes(n));
            out.write(0);
        }
        return out.toByteArray();
    }

    /** size 0: the length needed; too small: ERANGE; else copies and returns the length. */
    private static long copyOut(Task t, byte[] data, long va, long size, int max) {
        if (size == 0) {
            if (data.length > max) throw new ErrnoException(Errno.E2BIG);
            return data.length;
        }
        if (data.length > Math.min(size, max)) throw new ErrnoException(data.length > max ? Errno.E2BIG : Errno.ERANGE);
        t.mm().write(va, data, 0, data.length);
        return data.length;
    }
}
