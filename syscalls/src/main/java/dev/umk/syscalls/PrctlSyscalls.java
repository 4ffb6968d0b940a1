package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.Signals;
import dev.umk.sched.Task;
import java.util.Arrays;

/** prctl(2): the process attributes programs commonly set and read. */
final class PrctlSyscalls {
    private PrctlSyscalls() {}

    private static final int PR_SET_PDEATHSIG = 1, PR_GET_PDEATHSIG = 2, PR_GET_DUMPABLE = 3,
            PR_SET_DUMPABLE = 4, PR_GET_KEEPCAPS = 7, PR_SET_KEEPCAPS = 8, PR_SET_NAME = 15,
            PR_GET_NAME = 16, PR_GET_SECCOMP = 21, PR_CAPBSET_READ = 23, PR_GET_TIMERSLACK = 30,
            PR_SET_TIMERSLACK = 29, PR_SET_CHILD_SUBREAPER = 36, PR_GET_CHILD_SUBREAPER = 37,
            PR_SET_NO_NEW_PRIVS = 38, PR_GET_NO_NEW_PRIVS = 39, PR_GET_TID_ADDRESS = 40,
            PR_SET_VMA = 0x53564d41;
    private static final int CAP_LAST_CAP = 40;

    static void register(SyscallTable t) {
        t.add(Sysno.PRCTL, "process", PrctlSyscalls::prctl);
    }

    /** prctl implements Linux syscall prctl(2). */
    static long prctl(Task t, Args a) {
        int option = a.i32(0);
        long arg2 = a.u64(1);
        switch (option) {
            case PR_SET_PDEATHSIG:
                if (arg2 > Signals.NSIG) throw new ErrnoException(Errno.EINVAL);
                t.setPdeathSig((int) arg2);
                return 0;
            case PR_GET_PDEATHSIG:
                t.mm().writeInt(arg2, t.pdeathSig());
                return 0;
            case PR_GET_DUMPABLE:
                return t.dumpable();
            case PR_SET_DUMPABLE:
                if (arg2 > 1) throw new ErrnoException(Errno.EINVAL);
                t.setDumpable((int) arg2);
                return 0;
            case PR_GET_KEEPCAPS:
                return t.keepCaps() ? 1 : 0;
            case PR_SET_KEEPCAPS:
                if (arg2 > 1) throw new ErrnoException(Errno.EINVAL);
                t.setKeepCaps(arg2 == 1);
                return 0;
            case PR_SET_NAME: {
                byte[] name = readName(t, arg2);
                t.group().setComm(name);
                return 0;
            }
            case PR_GET_NAME: {
                byte[] out = Arrays.copyOf(t.group().comm(), 16); // NUL-padded TASK_COMM_LEN
                t.mm().write(arg2, out, 0, out.length);
                return 0;
            }
            case PR_GET_SECCOMP:
                return 0;
            case PR_CAPBSET_READ:
                if (arg2 > CAP_LAST_CAP) throw new ErrnoException(Errno.EINVAL);
                return 1;
            case PR_GET_TIMERSLACK:
                return 50_000;
            case PR_SET_TIMERSLACK:
                return 0;
            case PR_SET_CHILD_SUBREAPER:
                t.group().setChildSubreaper(arg2 != 0);
                return 0;
            case PR_GET_CHILD_SUBREAPER:
                t.mm().writeInt(arg2, t.group().childSubreaper() ? 1 : 0);
                return 0;
            case PR_SET_NO_NEW_PRIVS:
                if (arg2 != 1 || a.u64(2) != 0 || a.u64(3) != 0 || a.u64(4) != 0) throw new ErrnoException(Errno.EINVAL);
                t.setNoNewPrivs();
                return 0;
            case PR_GET_NO_NEW_PRIVS:
                return t.noNewPrivs() ? 1 : 0;
            case PR_GET_TID_ADDRESS:
                t.mm().writeLong(arg2, t.clearChildTid());
                return 0;
            case PR_SET_VMA:
                // Naming anonymous memory is advisory; Linux without CONFIG_ANON_VMA_NAME says EINVAL.
                throw new ErrnoException(Errno.EINVAL);
            default:
                throw new ErrnoException(Errno.EINVAL);
        }
    }

    /** A task name: up to 15 bytes from guest memory, cut at the first NUL. */
    private static byte[] readName(Task t, long va) {
        byte[] buf = new byte[16];
        t.mm().read(va, buf, 0, 16);
        int n = 0;
        while (n < 15 && buf[n] != 0) n++;
        return Arrays.copyOf(buf, n);
    }
}
