package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.GuestCpu;
import dev.umk.core.hw.Registers;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ptrace.PtraceStops;
import dev.umk.sched.signal.SigAltStack;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;

/**
 * fork, vfork and clone of new processes (kernel/fork.c). A forked child gets a fresh stub
 * process of its own, created by the child's own Java thread (its tracer); its address space
 * is a copy-on-write copy of the parent's.
 *
 * <p>CLONE_VM without CLONE_THREAD (vfork, posix_spawn) shares the parent's address space
 * for real: the child is a new host thread of the parent's stub, like a thread, but a process
 * of its own to the guest. Its execve moves it to a stub of its own; its exit leaves the stub
 * to the parent (see {@link Exec}, {@link Exit}).
 */
public final class Fork {
    public static final long CLONE_VM = 0x100, CLONE_FS = 0x200, CLONE_FILES = 0x400, CLONE_SIGHAND = 0x800,
            CLONE_PIDFD = 0x1000, CLONE_PTRACE = 0x2000, CLONE_VFORK = 0x4000, CLONE_PARENT = 0x8000,
            CLONE_THREAD = 0x10000, CLONE_NEWNS = 0x20000, CLONE_SYSVSEM = 0x40000, CLONE_SETTLS = 0x80000,
            CLONE_PARENT_SETTID = 0x100000, CLONE_CHILD_CLEARTID = 0x200000, CLONE_DETACHED = 0x400000,
            CLONE_UNTRACED = 0x800000, CLONE_CHILD_SETTID = 0x1000000, CLONE_NEWCGROUP = 0x2000000L,
            CLONE_NEWUTS = 0x4000000L, CLONE_NEWIPC = 0x8000000L, CLONE_NEWUSER = 0x10000000L,
            CLONE_NEWPID = 0x20000000L, CLONE_NEWNET = 0x40000000L, CLONE_IO = 0x80000000L,
            /** clone3 only: the child's caught signals go back to SIG_DFL. */
            CLONE_CLEAR_SIGHAND = 0x100000000L, CLONE_INTO_CGROUP = 0x200000000L;

    private Fork() {}

    /** Creates a child process; returns its pid to the parent. */
    public static int clone(Task parent, long flags, long newsp, long ptid, long ctid, long tls) {
        if ((flags & CLONE_THREAD) != 0 && (flags & CLONE_SIGHAND) == 0) throw new ErrnoException(Errno.EINVAL);
        if ((flags & CLONE_SIGHAND) != 0 && (flags & CLONE_VM) == 0) throw new ErrnoException(Errno.EINVAL);
        // Contradictions are EINVAL before any permission check (copy_process).
        if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS)
                || (flags & (CLONE_NEWUSER | CLONE_FS)) == (CLONE_NEWUSER | CLONE_FS)) {
            throw new ErrnoException(Errno.EINVAL);
        }
        if ((flags & (CLONE_NEWNS | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWUTS | CLONE_NEWIPC
                | CLONE_NEWCGROUP)) != 0) {
            throw new ErrnoException(Errno.EPERM, "namespaces");
        }
        if ((flags & CLONE_THREAD) != 0) return thread(parent, flags, newsp, ptid, ctid, tls);
        int traceEvent = PtraceStops.cloneEvent(parent, flags);
        Kernel k = parent.kernel();
        ThreadGroup pg = parent.group();
        int pid = k.allocPid();
        Rlimits rl = pg.rlimits().copy();
        ThreadGroup cg = new ThreadGroup(pid, rl, pg.cred(), k.uptimeNanos(),
                pg.signals().forkChild(k.sigqueueAccount(pg.cred().ruid(), rl), (flags & CLONE_CLEAR_SIGHAND) != 0));
        cg.inheritProgram(pg);
        cg.inheritOomScoreAdj(pg);
        cg.setCtty(pg.ctty());
        cg.exitSignal = (int) (flags & 0xff);
        if (pg.files() != null) cg.setFiles((flags & CLONE_FILES) != 0 ? pg.files().share() : pg.files().fork());
        if (pg.fs() != null) cg.setFs((flags & CLONE_FS) != 0 ? pg.fs().share() : pg.fs().copy());
        Task child = new Task(k, pid, cg, null, parent);
        // A child running alongside its parent in one address space must not share its
        // alternate signal stack; a vfork child, whose parent sleeps, keeps it.
        boolean ownStack = (flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM;
        child.attachSignals(parent.signals().blocked(), ownStack ? SigAltStack.DISABLED : parent.signals().altStack());
        if ((flags & CLONE_CHILD_CLEARTID) != 0) child.setClearChildTid(ctid);

        Registers regs = new Registers();
        regs.copyFrom(parent.regs());
        regs.rax = 0;
        if (newsp != 0) regs.rsp = newsp;
        if ((flags & CLONE_SETTLS) != 0) regs.fsBase = tls;

        boolean sharedVm = (flags & CLONE_VM) != 0;
        // The parent's tracer makes the child's host thread in the shared stub; a fork's
        // child makes its own stub on its own thread, in parallel with the rest of this.
        long handle = sharedVm ? parent.cpu().spawnThread() : 0;
        GuestCpu parentCpu = parent.cpu();
        CompletableFuture<GuestCpu> cpuReady = new CompletableFuture<>();
        CountDownLatch go = new CountDownLatch(1);
        CountDownLatch vfork = (flags & CLONE_VFORK) != 0 ? new CountDownLatch(1) : null;
        if (vfork != null) child.setVforkDone(vfork);
        Thread th = new Thread(() -> childMain(child, regs, cpuReady, go,
                sharedVm ? () -> parentCpu.attachThread(handle) : () -> k.platform().newProcess()),
                "umk-task-" + pid);
        th.setDaemon(true);
        child.setThread(th);
        th.start();

        // A signal's wake-up (SIGCHLD from an earlier child, say) must not fail the fork:
        // wait for the child's stub uninterruptibly and keep the interrupt for later.
        GuestCpu cpu = null;
        boolean interrupted = false;
        while (cpu == null) {
            try {
                cpu = cpuReady.get();
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (ExecutionException e) {
                child.exit(); // the child thread ends without running anything
                go.countDown();
                throw new ErrnoException(Errno.EAGAIN, "no stub for the child: " + e.getCause());
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
        AddressSpace cmm;
        if (sharedVm) {
            cmm = pg.mm();
            cmm.mmget();
        } else {
            cmm = pg.mm().fork(cpu.mmu());
        }
        cg.setMm(cmm);
        child.setCpu(cpu);
        synchronized (cg) {
            cg.tasks.add(child);
        }
        ThreadGroup realParent = (flags & CLONE_PARENT) != 0 && pg.parent != null ? pg.parent : pg;
        k.tree().add(cg, realParent);
        k.addTask(child);
        if ((flags & CLONE_PARENT_SETTID) != 0) pg.mm().writeInt(ptid, pid);
        if ((flags & CLONE_CHILD_SETTID) != 0) cmm.writeInt(ctid, pid);
        if (traceEvent != 0) Ptrace.attachChild(parent, child);
        go.countDown();
        if (traceEvent != 0) PtraceStops.event(parent, traceEvent, pid);
        if (vfork != null) {
            awaitVforkDone(parent, vfork);
            PtraceStops.event(parent, dev.umk.sched.ptrace.PtraceAbi.EVENT_VFORK_DONE, pid);
        }
        return pid;
    }

    /**
     * clone(CLONE_THREAD): a new task in the caller's group, on a new host thread of the same
     * stub process, driven by a new Java thread that attaches to it.
     */
    private static int thread(Task parent, long flags, long newsp, long ptid, long ctid, long tls) {
        Kernel k = parent.kernel();
        ThreadGroup g = parent.group();
        int traceEvent = PtraceStops.cloneEvent(parent, flags);
        int tid = k.allocPid();
        Task t = new Task(k, tid, g, null, parent);
        t.attachSignals(parent.signals().blocked(), SigAltStack.DISABLED);
        if ((flags & CLONE_CHILD_CLEARTID) != 0) t.setClearChildTid(ctid);
        Registers regs = new Registers();
        regs.copyFrom(parent.regs());
        regs.rax = 0;
        if (newsp != 0) regs.rsp = newsp;
        if ((flags & CLONE_SETTLS) != 0) regs.fsBase = tls;
        long handle = parent.cpu().spawnThread();
        synchronized (g) {
            g.tasks.add(t);
        }
        k.addTask(t);
        if ((flags & CLONE_PARENT_SETTID) != 0) g.mm().writeInt(ptid, tid);
        if ((flags & CLONE_CHILD_SETTID) != 0) g.mm().writeInt(ctid, tid);
        GuestCpu sibling = parent.cpu();
        Thread th = new Thread(() -> {
            GuestCpu cpu;
            try {
                cpu = sibling.attachThread(handle);
            } catch (RuntimeException e) {
                t.exit(); // the process died before this thread ever ran
                Exit.taskDone(t);
                return;
            }
            t.setCpu(cpu);
            cpu.regs().copyFrom(regs);
            new TaskLoop(k.dispatcher()).run(t);
        }, "umk-task-" + tid);
        th.setDaemon(true);
        t.setThread(th);
        if (traceEvent != 0) Ptrace.attachChild(parent, t);
        th.start();
        if (traceEvent != 0) PtraceStops.event(parent, traceEvent, tid);
        return tid;
    }

    /**
     * The vfork parent sleeps until the child execs or exits (wait_for_vfork_done): killable
     * only, since the two share one stack and must never run guest code together.
     */
    private static void awaitVforkDone(Task parent, CountDownLatch vfork) {
        awaitThroughInterrupts(vfork, () -> parent.exiting() || parent.group().signals().groupExiting());
    }

    /**
     * Waits for {@code latch} whatever interrupts come (they are kept for later), unless one
     * comes while {@code abandon} holds.
     */
    private static void awaitThroughInterrupts(CountDownLatch latch, java.util.function.BooleanSupplier abandon) {
        boolean interrupted = false;
        try {
            for (;;) {
                try {
                    latch.await();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                    if (abandon.getAsBoolean()) return;
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static void childMain(Task child, Registers regs, CompletableFuture<GuestCpu> cpuReady, CountDownLatch go,
                                  java.util.function.Supplier<GuestCpu> makeCpu) {
        GuestCpu cpu;
        try {
            cpu = makeCpu.get();
        } catch (RuntimeException e) {
            cpuReady.completeExceptionally(e);
            return;
        }
        cpuReady.complete(cpu);
        // A signal sent to the new child (kill right after fork) interrupts this thread; it
        // must still start the task, whose run loop then delivers the signal and exits.
        awaitThroughInterrupts(go, () -> false);
        cpu.regs().copyFrom(regs);
        new TaskLoop(child.kernel().dispatcher()).run(child);
    }
}
