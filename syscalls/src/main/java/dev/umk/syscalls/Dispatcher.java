package dev.umk.syscalls;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Sysno;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.SyscallDispatcher;
import dev.umk.sched.Task;
import dev.umk.sched.ptrace.PtraceStops;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a trapped syscall, runs its handler and writes the result to rax. Unknown numbers
 * answer ENOSYS with one warning per name; a bug in a handler is logged and answers EFAULT
 * to the guest, never an exception out of the kernel.
 */
public final class Dispatcher implements SyscallDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final SyscallHandler[] table;
    private final Strace strace;

    public Dispatcher(SyscallTable table, PrintStream straceOut) {
        this.table = table.handlers();
        this.strace = straceOut == null ? null : new Strace(straceOut);
    }

    @Override
    public void dispatch(Task task) {
        // A tracee under PTRACE_SYSCALL/SYSEMU stops at entry; the tracer may skip the call.
        if (task.ptrace().traced() && PtraceStops.syscallEntry(task)) {
            PtraceStops.syscallExit(task);
            return;
        }
        Registers r = task.regs();
        long nrRaw = r.origRax;
        int nr = nrRaw >= 0 && nrRaw < table.length ? (int) nrRaw : -1;
        String call = strace != null ? strace.enter(task, nr < 0 ? (int) nrRaw : nr, r) : null;
        SyscallHandler h = nr >= 0 ? table[nr] : null;
        long ret;
        if (h == null) {
            task.kernel().warnOnce("enosys:" + nrRaw, "unimplemented syscall " + Sysno.name((int) nrRaw)
                    + " (" + nrRaw + "): ENOSYS");
            ret = Errno.ENOSYS.ret();
        } else {
            ret = call(h, task);
        }
        if (ret != SyscallTable.NO_RESULT) r.rax = ret;
        // execve replaced the task's CPU, and with it the register file.
        if (call != null) strace.exit(task, call, ret == SyscallTable.NO_RESULT ? task.regs().rax : ret);
        if (task.ptrace().traced()) PtraceStops.syscallExit(task);
    }

    private static long call(SyscallHandler h, Task task) {
        Args a = new Args();
        a.bind(task.regs());
        try {
            return h.handle(task, a);
        } catch (ErrnoException e) {
            // Restart codes (ERESTARTSYS...) stay in rax: signal delivery turns them into
            // EINTR or a restart before the guest runs again.
            return e.errno().ret();
        } catch (RuntimeException e) {
            LOG.error("syscall {} failed in the kernel", Sysno.name((int) task.regs().origRax), e);
            return Errno.EFAULT.ret();
        }
    }
}
