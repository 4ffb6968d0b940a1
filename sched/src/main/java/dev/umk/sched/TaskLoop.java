package dev.umk.sched;

import dev.umk.core.hw.Trap;
import dev.umk.mm.FaultResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task's life on its Java thread: run guest code until it traps, handle the trap, repeat
 * until the task exits. Signal delivery to guest handlers is not here yet; a fault the memory
 * manager cannot resolve kills the process with the fault's signal (the default action).
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
            long t = System.nanoTime();
            while (!task.exiting()) {
                if (!sched.acquire(task.sched())) break;
                Trap trap;
                try {
                    trap = task.cpu().run();
                } finally {
                    sched.release(task.sched());
                }
                long u = System.nanoTime();
                task.chargeUser(u - t);
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
                t = System.nanoTime();
                task.chargeSystem(t - u);
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

    private void fault(Task task, Trap trap) {
        if (trap.signo == Signals.SIGSEGV) {
            FaultResult r = task.mm().handleFault(trap.addr, trap.code);
            if (r == FaultResult.HANDLED) return;
            LOG.debug("pid {}: unresolved fault at 0x{} ({})", task.group().pid(), Long.toHexString(trap.addr), r);
            kill(task, r.signo());
            return;
        }
        kill(task, trap.signo);
    }

    /** The default action of a fatal signal: the whole group dies with it. */
    public static void kill(Task task, int sig) {
        // No core file is written (RLIMIT_CORE is 0 by default), so the core bit stays clear.
        Exit.group(task, ExitStatus.killed(sig, false));
    }
}
