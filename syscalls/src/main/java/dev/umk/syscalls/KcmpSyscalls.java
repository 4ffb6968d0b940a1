package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.sched.Task;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ThreadGroup;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * kcmp: whether two tasks share a kernel object (an open file description, the address
 * space, the fd table, root/cwd, the signal handlers), as checkpoint/restore tools and
 * LTP's pidfd_getfd ask. Objects are ordered by an arbitrary but stable per-object number,
 * as Linux orders them by obfuscated pointer.
 */
final class KcmpSyscalls {
    static final int KCMP_FILE = 0, KCMP_VM = 1, KCMP_FILES = 2, KCMP_FS = 3, KCMP_SIGHAND = 4, KCMP_IO = 5,
            KCMP_SYSVSEM = 6, KCMP_EPOLL_TFD = 7;

    /** The order numbers handed out; weak, so comparing keeps nothing alive. */
    private static final Map<Object, Long> ORDER = new WeakHashMap<>();
    private static long nextOrder;

    private KcmpSyscalls() {}

    static void register(SyscallTable t) {
        t.add(Sysno.KCMP, "process", KcmpSyscalls::kcmp);
    }

    /** kcmp implements Linux syscall kcmp(2): 0 equal, 1 less, 2 greater. */
    static long kcmp(Task t, Args a) {
        Task t1 = t.kernel().task(a.i32(0));
        Task t2 = t.kernel().task(a.i32(1));
        if (t1 == null || t2 == null) throw new ErrnoException(Errno.ESRCH);
        // ptrace_may_access(PTRACE_MODE_READ_REALCREDS): the same rule as attaching.
        if (!Ptrace.mayAccess(t, t1) || !Ptrace.mayAccess(t, t2)) throw new ErrnoException(Errno.EPERM);
        ThreadGroup g1 = t1.group(), g2 = t2.group();
        return switch (a.i32(2)) {
            case KCMP_FILE -> compare(file(g1, a.i32(3)), file(g2, a.i32(4)));
            case KCMP_VM -> compare(g1.mm(), g2.mm());
            case KCMP_FILES -> compare(g1.files(), g2.files());
            case KCMP_FS -> compare(g1.fs(), g2.fs());
            case KCMP_SIGHAND -> compare(g1.signals(), g2.signals());
            // No task has an I/O context in umk: every pair shares "none", as two Linux tasks
            // that never did block I/O compare equal.
            case KCMP_IO -> 0;
            case KCMP_SYSVSEM, KCMP_EPOLL_TFD -> throw new ErrnoException(Errno.EOPNOTSUPP);
            default -> throw new ErrnoException(Errno.EINVAL);
        };
    }

    /** The open file description at {@code fd}, O_PATH ones included; EBADF when none. */
    private static Object file(ThreadGroup g, int fd) {
        FdTable files = g.files();
        if (files == null) throw new ErrnoException(Errno.EBADF);
        return files.getRaw(fd);
    }

    /** kcmp_ptr: 0 for the same object, else 1 or 2 by the objects' order numbers. */
    static int compare(Object a, Object b) {
        if (a == b) return 0;
        long x = order(a), y = order(b);
        return x < y ? 1 : 2;
    }

    private static long order(Object o) {
        if (o == null) return 0;
        synchronized (ORDER) {
            return ORDER.computeIfAbsent(o, k -> ++nextOrder);
        }
    }
}
