package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.FileFlags;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.OpenFile;
import dev.umk.sched.Fork;
import dev.umk.sched.PidFd;
import dev.umk.sched.Task;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ThreadGroup;
import dev.umk.sched.signal.SigInfo;

/**
 * pidfd_open, pidfd_send_signal, pidfd_getfd, and clone's CLONE_PIDFD over {@link PidFd}:
 * process handles that stay bound to one process whatever happens to its pid.
 */
final class PidfdSyscalls {
    private PidfdSyscalls() {}

    static final int PIDFD_NONBLOCK = FileFlags.O_NONBLOCK;
    /** pidfd_send_signal flags (Linux 6.9): the default is the pidfd's own scope, a process. */
    private static final int PIDFD_SIGNAL_THREAD_GROUP = 2;

    static void register(SyscallTable t) {
        t.add(Sysno.PIDFD_OPEN, "process", PidfdSyscalls::pidfdOpen);
        t.add(Sysno.PIDFD_SEND_SIGNAL, "signal", PidfdSyscalls::pidfdSendSignal);
        t.add(Sysno.PIDFD_GETFD, "fd", PidfdSyscalls::pidfdGetfd);
    }

    /** pidfd_open implements Linux syscall pidfd_open(2). */
    static long pidfdOpen(Task t, Args a) {
        int pid = a.i32(0);
        int flags = a.i32(1);
        if ((flags & ~PIDFD_NONBLOCK) != 0 || pid <= 0) throw new ErrnoException(Errno.EINVAL);
        ThreadGroup g = t.kernel().tree().get(pid);
        if (g == null) {
            // A thread id names no process: Linux answers EINVAL without PIDFD_THREAD.
            if (t.kernel().task(pid) != null) throw new ErrnoException(Errno.EINVAL);
            throw new ErrnoException(Errno.ESRCH);
        }
        return install(t, g, flags & PIDFD_NONBLOCK);
    }

    /** A new pidfd for {@code g} in the caller's table, close-on-exec as Linux makes them. */
    static int install(Task t, ThreadGroup g, int nonblock) {
        OpenFile f = AnonFiles.of(t.kernel()).open("[pidfd]", PidFd.of(g), FileFlags.O_RDWR | nonblock, FsArgs.cred(t));
        return FsArgs.install(t, f, true);
    }

    /**
     * clone/clone3 with CLONE_PIDFD: the child is created without the flag, then the parent
     * gets a pidfd for it, written to {@code pidfdAddr} (clone's parent_tid, clone3's pidfd).
     */
    static long cloneWithPidfd(Task t, long flags, long sp, long ptid, long ctid, long tls, long pidfdAddr) {
        if ((flags & (Fork.CLONE_THREAD | Fork.CLONE_DETACHED)) != 0) throw new ErrnoException(Errno.EINVAL);
        t.mm().writeInt(pidfdAddr, -1); // EFAULT before a child exists, as Linux's put_user
        int pid = Fork.clone(t, flags & ~Fork.CLONE_PIDFD, sp, ptid, ctid, tls);
        ThreadGroup g = t.kernel().tree().get(pid);
        if (g != null) {
            try {
                t.mm().writeInt(pidfdAddr, install(t, g, 0));
            } catch (ErrnoException e) {
                // The child runs already; like a full fd table after Linux's point of no return,
                // the parent just gets no pidfd.
                t.kernel().warnOnce("clone-pidfd", "CLONE_PIDFD: no pidfd installed: " + e.errno());
            }
        }
        return pid;
    }

    /**
     * pidfd_send_signal implements Linux syscall pidfd_send_signal(2). The fd is a pidfd or an
     * open /proc/PID directory, which Linux accepts too.
     */
    static long pidfdSendSignal(Task t, Args a) {
        int sig = a.i32(1);
        long infoPtr = a.u64(2);
        int flags = a.i32(3);
        if ((flags & ~PIDFD_SIGNAL_THREAD_GROUP) != 0) throw new ErrnoException(Errno.EINVAL);
        ThreadGroup g = PidFd.processOf(FsArgs.file(t, a.i32(0)));
        if (g.state() == ThreadGroup.State.REAPED) throw new ErrnoException(Errno.ESRCH);
        if (infoPtr == 0) {
            LifecycleSyscalls.send(t, g, sig);
            return 0;
        }
        // Unlike rt_sigqueueinfo, the siginfo must name the signal being sent.
        if (t.mm().readInt(infoPtr) != sig) throw new ErrnoException(Errno.EINVAL);
        SigInfo info = SignalSyscalls.userInfo(t, sig, infoPtr, g == t.group());
        LifecycleSyscalls.checkPermission(t, g, sig);
        if (sig != 0) g.signals().sendToProcess(info, g == t.group() ? t.signals() : null, false);
        return 0;
    }

    /**
     * pidfd_getfd implements Linux syscall pidfd_getfd(2): a duplicate of another process's
     * fd, close-on-exec, if the caller may ptrace-attach to it (Ptrace.mayAccess).
     */
    static long pidfdGetfd(Task t, Args a) {
        PidFd p = PidFd.of(FsArgs.file(t, a.i32(0)));
        int targetFd = a.i32(1);
        if (a.i32(2) != 0) throw new ErrnoException(Errno.EINVAL);
        ThreadGroup g = p.group();
        if (p.exited()) throw new ErrnoException(Errno.ESRCH);
        if (!Ptrace.mayAccess(t, g)) throw new ErrnoException(Errno.EPERM);
        FdTable files = g.files();
        if (files == null) throw new ErrnoException(Errno.ESRCH);
        OpenFile f = files.acquire(targetFd);
        return FsArgs.install(t, f, true);
    }
}
