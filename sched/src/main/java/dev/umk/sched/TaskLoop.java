package dev.umk.sched;

import dev.umk.core.hw.Registers;
import dev.umk.core.hw.Trap;
import dev.umk.mm.FaultResult;
import dev.umk.sched.ptrace.PtraceStops;
import dev.umk.sched.signal.Delivery;
import dev.umk.sched.signal.FaultContext;
import dev.umk.sched.signal.FpuAccess;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.SyscallRestart;
import dev.umk.sched.signal.TaskSignals;
import dev.umk.sched.signal.UserMemory;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's life on its Java thread: take a vCPU, run guest code until it traps, handle the
 * trap, deliver pending signals (handlers, stops, deaths), repeat until the task exits.
 */
public final class TaskLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TaskLoop.class);

    private final SyscallDispatcher dispatcher;

    public TaskLoop(SyscallDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    /** Runs {@code task} to its end and returns its group's wait status. */
    public int run(Task task) {
        ThreadGroup g = task.group();
        task.setThread(Thread.currentThread());
        ProcessInfoSource.bindCurrent(task);
        try {
            Scheduler sched = task.kernel().scheduler();
            TaskSignals ts = task.signals();
            TaskCputime cputime = task.cputime();
            long kernelCpu = threadCpuNanos();
            // A new task takes what is pending (a traced child's SIGSTOP) before its first
            // instruction, as ret_from_fork returns to user mode through signal delivery.
            if (!task.exiting()) deliverSignals(task);
            while (!task.exiting()) {
                if (!sched.acquire(task.sched())) break; // waiting for a vCPU is nobody's CPU time
                Trap trap;
                ts.setRunning(true);
                cputime.enterUser(System.nanoTime());
                try {
                    // A signal that arrived while the task was not running sent no kick
                    // (Task.wake); with running now set, either it is seen here or its
                    // sender sees running and kicks.
                    trap = ts.signalPending() ? Trap.interrupted() : task.cpu().run();
                } finally {
                    cputime.leaveUser(System.nanoTime());
                    ts.setRunning(false);
                    sched.release(task.sched());
                }
                switch (trap.kind) {
                    case SYSCALL:
                        dispatcher.dispatch(task);
                        break;
                    case FAULT:
                        fault(task, trap);
                        break;
                    case INTERRUPT:
                        break;
                    case GONE:
                        // Killed on the host: by umk (exit_group, execve, kill) when this task
                        // was already told to exit, else from outside umk.
                        if (!task.exiting()) Exit.group(task, ExitStatus.killed(Signals.SIGKILL, false));
                        break;
                    default:
                        throw new IllegalStateException(trap.toString());
                }
                // An interrupt meant for the last sleep must not cut short the next one.
                Thread.interrupted();
                long c = threadCpuNanos();
                cputime.chargeSystem(c - kernelCpu);
                kernelCpu = c;
                // Linux checks CPU timers on the tick; umk also checks where it charges time.
                g.cpuTimers().check(g, task, System.nanoTime());
                if (!task.exiting()) deliverSignals(task);
            }
        } catch (RuntimeException e) {
            // A task killed while the kernel worked for it (its stub gone mid-call) just ends.
            if (!task.exiting()) {
                LOG.error("umk: kernel error in {}; killing it", g, e);
                Exit.group(task, ExitStatus.killed(Signals.SIGKILL, false));
            }
        } finally {
            Exit.taskDone(task);
            ProcessInfoSource.unbindCurrent();
        }
        return g.exitStatus();
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * CPU time of the calling Java thread, which is the kernel's work for its task (its
     * handlers, faults, signal delivery and ptrace round trips; blocking costs none), or 0
     * where the JVM cannot measure it.
     */
    private static long threadCpuNanos() {
        long n = THREADS.getCurrentThreadCpuTime();
        return Math.max(n, 0);
    }

    /**
     * arch_do_signal_or_restart: runs before returning to guest code. Handlers get a frame,
     * stops wait for SIGCONT, fatal signals end the group, interrupted syscalls restart.
     */
    static void deliverSignals(Task task) {
        TaskSignals ts = task.signals();
        Registers regs = task.regs();
        PtraceStops.trapIfPending(task); // PTRACE_EVENT_STOP asked for (SEIZE, INTERRUPT)
        if (!ts.signalPending() && !SyscallRestart.interrupted(regs)) return;
        ThreadGroup g = task.group();
        ProcessSignals ps = g.signals();
        Kernel k = task.kernel();
        UserMemory mem = memory(task);
        for (;;) {
            Delivery d = k.signalDelivery().deliver(ps, ts, regs, FpuAccess.of(task.cpu()), mem,
                    () -> k.tree().isOrphanedPgrp(g));
            switch (d.kind()) {
                case NONE:
                case HANDLER:
                    return;
                case STOP:
                    if (d.cldCode() != 0) notifyParentStop(task, d);
                    if (!PtraceStops.groupStop(task, d.sig())) { // a tracee reports to its tracer instead
                        ps.awaitContinue(ts);
                        Thread.interrupted();
                        PtraceStops.afterJobStop(task, d.sig());
                    }
                    PtraceStops.trapIfPending(task);
                    break;
                case PTRACE_SIGNAL:
                    PtraceStops.signalStop(task, d.info());
                    break;
                case NOTIFY_PARENT:
                    notifyParentStop(task, d);
                    break;
                case EXIT:
                    if (d.coreDump()) CoreDumper.dump(task, d); // may add WCOREDUMP to the status
                    Exit.group(task, d.status()); // settles the group exit (groupExit) once
                    return;
                case THREAD_EXIT:
                    task.exit();
                    return;
                default:
                    throw new IllegalStateException(d.toString());
            }
        }
    }

    private static void notifyParentStop(Task task, Delivery d) {
        ThreadGroup g = task.group();
        ThreadGroup parent = g.parent;
        if (parent != null) {
            long[] cpu = g.cpuTimes();
            parent.signals().notifyChildStop(d.cldCode(), g.pid(), g.uid(), d.sig(), cpu[0], cpu[1]);
        }
        task.kernel().tree().notifyWaiters();
    }

    /** The task's address space as the signal code's {@link UserMemory}. */
    public static UserMemory memory(Task task) {
        return new UserMemory() {
            @Override
            public void read(long va, byte[] dst, int off, int len) {
                task.mm().read(va, dst, off, len);
            }

            @Override
            public void write(long va, byte[] src, int off, int len) {
                task.mm().write(va, src, off, len);
            }
        };
    }

    /** A fault the memory manager cannot fix becomes a forced signal with its si_code and address. */
    private void fault(Task task, Trap trap) {
        int sig = trap.signo, code = trap.code;
        if (sig == Signals.SIGSEGV) {
            FaultResult r = task.mm().handleFault(trap.addr, trap.code);
            if (r == FaultResult.HANDLED) return;
            LOG.debug("pid {}: unresolved fault at 0x{} ({})", task.group().pid(), Long.toHexString(trap.addr), r);
            if (r == FaultResult.OOM) {
                Exit.group(task, ExitStatus.killed(Signals.SIGKILL, false));
                return;
            }
            sig = r.signo();
            code = r.code();
        }
        TaskSignals ts = task.signals();
        ts.setLastFault(FaultContext.fromSignal(sig, code, trap.addr));
        task.group().signals().forceSignal(ts, SigInfo.fault(sig, code, trap.addr), false);
    }
}
