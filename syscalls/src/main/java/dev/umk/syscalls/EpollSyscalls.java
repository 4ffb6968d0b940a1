package dev.umk.syscalls;

import static dev.umk.fs.epoll.EventPoll.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.OpenFile;
import dev.umk.fs.epoll.EventPoll;
import dev.umk.fs.epoll.PollWait;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * epoll_create, epoll_create1, epoll_ctl and the epoll_wait family over
 * {@link EventPoll}. struct epoll_event is packed on x86-64: u32 events, u64 data (12 bytes).
 * A signal ends epoll_wait with EINTR, never a restart, as in Linux.
 */
final class EpollSyscalls {
    private EpollSyscalls() {}

    private static final int EVENT_SIZE = 12;
    /** TASK_SIZE_MAX: access_ok's limit on the events buffer. */
    private static final long USER_TOP = 0x7ffffffff000L;

    static void register(SyscallTable t) {
        t.add(Sysno.EPOLL_CREATE, "epoll", EpollSyscalls::epollCreate);
        t.add(Sysno.EPOLL_CREATE1, "epoll", (task, a) -> create(task, a.i32(0)));
        t.add(Sysno.EPOLL_CTL, "epoll", EpollSyscalls::epollCtl);
        t.add(Sysno.EPOLL_WAIT, "epoll", EpollSyscalls::epollWait);
        t.add(Sysno.EPOLL_PWAIT, "epoll", EpollSyscalls::epollPwait);
        t.add(Sysno.EPOLL_PWAIT2, "epoll", EpollSyscalls::epollPwait2);
    }

    /** epoll_create implements Linux syscall epoll_create(2): the size must be positive and is otherwise ignored. */
    static long epollCreate(Task t, Args a) {
        if (a.i32(0) <= 0) throw new ErrnoException(Errno.EINVAL);
        return create(t, 0);
    }

    /** epoll_create1 implements Linux syscall epoll_create1(2). */
    static long create(Task t, int flags) {
        OpenFile f = EventPoll.create(AnonFiles.of(t.kernel()), FsArgs.cred(t), flags);
        return FsArgs.install(t, f, (flags & EPOLL_CLOEXEC) != 0);
    }

    /** epoll_ctl implements Linux syscall epoll_ctl(2). */
    static long epollCtl(Task t, Args a) {
        int epfd = a.i32(0), op = a.i32(1), fd = a.i32(2);
        int events = 0;
        long data = 0;
        if (op != EPOLL_CTL_DEL) {
            ByteBuffer b = ByteBuffer.allocate(EVENT_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            t.mm().read(a.u64(3), b.array(), 0, EVENT_SIZE);
            events = b.getInt(0);
            data = b.getLong(4);
        }
        FdTable fds = FsArgs.fds(t);
        OpenFile ep = fdget(fds, epfd);
        try {
            OpenFile target = fdget(fds, fd);
            try {
                EventPoll.ctl(ep, op, fd, target, events, data, FsArgs.cred(t));
            } finally {
                target.put();
            }
        } finally {
            ep.put();
        }
        return 0;
    }

    /** epoll_wait implements Linux syscall epoll_wait(2): a negative timeout waits forever. */
    static long epollWait(Task t, Args a) {
        return doWait(t, a.i32(0), a.u64(1), a.i32(2), msDeadline(a.i32(3)));
    }

    /** epoll_pwait implements Linux syscall epoll_pwait(2). */
    static long epollPwait(Task t, Args a) {
        return withMask(t, a.u64(4), a.u64(5), a.i32(0), a.u64(1), a.i32(2), msDeadline(a.i32(3)));
    }

    /** epoll_pwait2 implements Linux syscall epoll_pwait2(2): a timespec timeout, NULL for none. */
    static long epollPwait2(Task t, Args a) {
        long tsp = a.u64(3);
        long deadline = tsp == 0 ? Long.MAX_VALUE : PollWait.deadlineAfter(TimeSyscalls.readTimespec(t, tsp));
        return withMask(t, a.u64(4), a.u64(5), a.i32(0), a.u64(1), a.i32(2), deadline);
    }

    private static long withMask(Task t, long mask, long maskSize, int epfd, long events, int max, long deadline) {
        boolean masked = UserSigmask.set(t, mask, maskSize);
        boolean interrupted = false;
        try {
            return doWait(t, epfd, events, max, deadline);
        } catch (ErrnoException e) {
            interrupted = e.errno() == Errno.EINTR;
            throw e;
        } finally {
            UserSigmask.restoreUnless(t, masked, interrupted);
        }
    }

    /** do_epoll_wait: EINVAL for maxevents out of range, EFAULT for a buffer past user space, EBADF, EINVAL for a non-epoll fd. */
    private static long doWait(Task t, int epfd, long events, int maxEvents, long deadline) {
        if (maxEvents <= 0 || maxEvents > EP_MAX_EVENTS) throw new ErrnoException(Errno.EINVAL);
        long end = events + (long) maxEvents * EVENT_SIZE;
        if (Long.compareUnsigned(end, events) < 0 || Long.compareUnsigned(end, USER_TOP) > 0) {
            throw new ErrnoException(Errno.EFAULT);
        }
        OpenFile f = fdget(FsArgs.fds(t), epfd);
        try {
            EventPoll ep = EventPoll.of(f);
            byte[] one = new byte[EVENT_SIZE];
            ByteBuffer b = ByteBuffer.wrap(one).order(ByteOrder.LITTLE_ENDIAN);
            long[] at = {events};
            return ep.wait(maxEvents, deadline, UserSigmask.signalPending(t), (ev, data) -> {
                b.putInt(0, ev).putLong(4, data);
                try {
                    t.mm().write(at[0], one, 0, EVENT_SIZE);
                } catch (ErrnoException fault) {
                    return false;
                }
                at[0] += EVENT_SIZE;
                return true;
            });
        } finally {
            f.put();
        }
    }

    /** fdget: a referenced file, EBADF when the fd is not open or is O_PATH. */
    private static OpenFile fdget(FdTable fds, int fd) {
        OpenFile f = fds.acquire(fd);
        if (f.isPath()) {
            f.put();
            throw new ErrnoException(Errno.EBADF);
        }
        return f;
    }

    private static long msDeadline(int ms) {
        return ms < 0 ? Long.MAX_VALUE : PollWait.deadlineAfter(ms * 1_000_000L);
    }
}
