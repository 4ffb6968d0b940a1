package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.epoll.Poll;
import dev.umk.fs.epoll.PollWait;
import dev.umk.fs.epoll.Select;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.Task;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * poll, ppoll, select and pselect6: decode the fd arrays and bitmaps, run
 * {@link Poll}/{@link Select}, write the results back. Like Linux, an interrupted call
 * answers ERESTARTNOHAND (EINTR when a handler runs, else a restart), and ppoll, select and
 * pselect6 write the time left back to the caller's timeout.
 */
final class PollSyscalls {
    private PollSyscalls() {}

    private static final long NS = 1_000_000_000L;
    private static final int POLLFD_SIZE = 8;

    static void register(SyscallTable t) {
        t.add(Sysno.POLL, "poll", PollSyscalls::poll);
        t.add(Sysno.PPOLL, "poll", PollSyscalls::ppoll);
        t.add(Sysno.SELECT, "poll", PollSyscalls::select);
        t.add(Sysno.PSELECT6, "poll", PollSyscalls::pselect6);
    }

    /** A timeout argument as poll_select_set_timeout leaves it: a deadline, and whether it was zero. */
    private record Timeout(long deadline, boolean zero) {
        static final Timeout NONE = new Timeout(Long.MAX_VALUE, false);

        static Timeout of(long nanos) {
            return new Timeout(PollWait.deadlineAfter(nanos), nanos == 0);
        }
    }

    /** poll implements Linux syscall poll(2). */
    static long poll(Task t, Args a) {
        int ms = a.i32(2);
        long deadline = ms < 0 ? Long.MAX_VALUE : PollWait.deadlineAfter(ms * 1_000_000L);
        return doPoll(t, a.u64(0), a.u32(1), deadline);
    }

    /** ppoll implements Linux syscall ppoll(2). */
    static long ppoll(Task t, Args a) {
        long tsp = a.u64(2);
        Timeout to = tsp == 0 ? Timeout.NONE : Timeout.of(TimeSyscalls.readTimespec(t, tsp));
        boolean masked = UserSigmask.set(t, a.u64(3), a.u64(4));
        long ret;
        try {
            ret = doPoll(t, a.u64(0), a.u32(1), to.deadline());
        } catch (ErrnoException e) {
            ret = e.errno().ret();
        }
        return finish(t, masked, ret, tsp, to, false);
    }

    /** select implements Linux syscall select(2). */
    static long select(Task t, Args a) {
        long tvp = a.u64(4);
        Timeout to = Timeout.NONE;
        if (tvp != 0) {
            long sec = t.mm().readLong(tvp);
            long usec = t.mm().readLong(tvp + 8);
            to = timeout(sec + usec / 1_000_000, (usec % 1_000_000) * 1000);
        }
        long ret;
        try {
            ret = coreSelect(t, a.i32(0), a.u64(1), a.u64(2), a.u64(3), to.deadline());
        } catch (ErrnoException e) {
            ret = e.errno().ret();
        }
        return finish(t, false, ret, tvp, to, true);
    }

    /** pselect6 implements Linux syscall pselect6(2); the sixth argument is {sigset_t *ss, size_t ss_len}. */
    static long pselect6(Task t, Args a) {
        long sig = a.u64(5);
        long ss = 0, ssLen = 0;
        if (sig != 0) {
            ss = t.mm().readLong(sig);
            ssLen = t.mm().readLong(sig + 8);
        }
        long tsp = a.u64(4);
        Timeout to = Timeout.NONE;
        if (tsp != 0) to = timeout(t.mm().readLong(tsp), t.mm().readLong(tsp + 8));
        boolean masked = UserSigmask.set(t, ss, ssLen);
        long ret;
        try {
            ret = coreSelect(t, a.i32(0), a.u64(1), a.u64(2), a.u64(3), to.deadline());
        } catch (ErrnoException e) {
            ret = e.errno().ret();
        }
        return finish(t, masked, ret, tsp, to, false);
    }

    /** do_sys_poll: nfds over RLIMIT_NOFILE is EINVAL; revents are written back even when interrupted. */
    private static long doPoll(Task t, long ufds, long nfds, long deadline) {
        if (Long.compareUnsigned(nfds, Math.min(FsArgs.nofile(t) & Long.MAX_VALUE, FdTable.NR_OPEN)) > 0) {
            throw new ErrnoException(Errno.EINVAL);
        }
        int n = (int) nfds;
        AddressSpace mm = t.mm();
        ByteBuffer b = ByteBuffer.allocate(n * POLLFD_SIZE).order(ByteOrder.LITTLE_ENDIAN);
        if (n > 0) mm.read(ufds, b.array(), 0, b.capacity());
        int[] fd = new int[n];
        short[] events = new short[n];
        short[] revents = new short[n];
        for (int i = 0; i < n; i++) {
            fd[i] = b.getInt(i * POLLFD_SIZE);
            events[i] = b.getShort(i * POLLFD_SIZE + 4);
        }
        ErrnoException interrupted = null;
        int count = 0;
        try {
            count = Poll.poll(FsArgs.fds(t), fd, events, revents, deadline, UserSigmask.signalPending(t));
        } catch (ErrnoException e) {
            if (e.errno() != Errno.ERESTARTNOHAND) throw e;
            interrupted = e;
        }
        for (int i = 0; i < n; i++) b.putShort(i * POLLFD_SIZE + 6, revents[i]);
        if (n > 0) mm.write(ufds, b.array(), 0, b.capacity());
        if (interrupted != null) throw interrupted;
        return count;
    }

    /** core_sys_select: n clamped to the fd table's size; the sets are written back unless interrupted. */
    private static long coreSelect(Task t, int n, long inp, long outp, long exp, long deadline) {
        if (n < 0) throw new ErrnoException(Errno.EINVAL);
        FdTable fds = FsArgs.fds(t);
        n = Math.min(n, Select.maxFds(fds));
        int words = Select.words(n);
        long[] in = readSet(t, inp, words), out = readSet(t, outp, words), ex = readSet(t, exp, words);
        int count = Select.select(fds, n, in, out, ex, deadline, UserSigmask.signalPending(t));
        writeSet(t, inp, in);
        writeSet(t, outp, out);
        writeSet(t, exp, ex);
        return count;
    }

    private static long[] readSet(Task t, long va, int words) {
        if (va == 0) return null;
        if (words == 0) return new long[0];
        ByteBuffer b = ByteBuffer.allocate(words * 8).order(ByteOrder.LITTLE_ENDIAN);
        t.mm().read(va, b.array(), 0, b.capacity());
        long[] set = new long[words];
        for (int i = 0; i < words; i++) set[i] = b.getLong(i * 8);
        return set;
    }

    private static void writeSet(Task t, long va, long[] set) {
        if (va == 0 || set.length == 0) return;
        ByteBuffer b = ByteBuffer.allocate(set.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < set.length; i++) b.putLong(i * 8, set[i]);
        t.mm().write(va, b.array(), 0, b.capacity());
    }

    /** poll_select_set_timeout: EINVAL unless sec >= 0 and 0 <= nsec < 1e9. */
    private static Timeout timeout(long sec, long nsec) {
        if (sec < 0 || nsec < 0 || nsec >= NS) throw new ErrnoException(Errno.EINVAL);
        return Timeout.of(sec > Long.MAX_VALUE / NS - 1 ? Long.MAX_VALUE : sec * NS + nsec);
    }

    /**
     * poll_select_finish: the mask comes back (unless a signal is to be delivered), then the
     * time left is written to the caller's timeout (a timeval for select). If that write
     * faults the call can no longer be restarted, so ERESTARTNOHAND becomes EINTR.
     */
    private static long finish(Task t, boolean masked, long ret, long timeoutVa, Timeout to, boolean timeval) {
        boolean interrupted = ret == Errno.ERESTARTNOHAND.ret();
        UserSigmask.restoreUnless(t, masked, interrupted);
        if (timeoutVa == 0 || to.zero() || to.deadline() == Long.MAX_VALUE) return ret;
        long left = Math.max(0, to.deadline() - System.nanoTime());
        try {
            t.mm().writeLong(timeoutVa, left / NS);
            t.mm().writeLong(timeoutVa + 8, timeval ? (left % NS) / 1000 : left % NS);
        } catch (ErrnoException fault) {
            if (interrupted) return Errno.EINTR.ret();
        }
        return ret;
    }
}
