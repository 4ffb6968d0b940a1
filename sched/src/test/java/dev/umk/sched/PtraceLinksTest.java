package dev.umk.sched;

import static org.junit.jupiter.api.Assertions.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.hw.GuestCpu;
import dev.umk.core.hw.HeapPhysicalMemory;
import dev.umk.core.hw.Mmu;
import dev.umk.core.hw.Registers;
import dev.umk.core.hw.Trap;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.ptrace.Ptrace;
import dev.umk.sched.ptrace.PtraceAbi;
import dev.umk.sched.ptrace.PtraceStops;
import dev.umk.sched.ptrace.TaskPtrace;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigAltStack;
import dev.umk.sched.signal.SigqueueAccount;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * ptrace between tasks of a real process tree: attach rules, the stop handshake between a
 * tracee's thread and its tracer's wait and resume, and what a tracer's exit does.
 */
class PtraceLinksTest {
    private final FrameAllocator frames = new FrameAllocator(new HeapPhysicalMemory(8L << 20));
    private final Kernel kernel = new Kernel(null, frames, null, 2);
    private final ThreadGroup parent = process(null, 1000);
    private final Task tracer = parent.tasks.get(0);
    private final ThreadGroup child = process(parent, 1000);
    private final Task tracee = child.tasks.get(0);

    /** Registers only: what the ptrace code needs of a CPU. */
    private static final class RegsCpu implements GuestCpu {
        final Registers regs = new Registers();
        final byte[] fpu = new byte[512];

        @Override public Registers regs() { return regs; }
        @Override public Trap run() { throw new UnsupportedOperationException(); }
        @Override public int readFpu(byte[] dst) {
            int n = Math.min(dst.length, fpu.length);
            System.arraycopy(fpu, 0, dst, 0, n);
            return n;
        }
        @Override public void writeFpu(byte[] src, int len) { System.arraycopy(src, 0, fpu, 0, Math.min(len, 512)); }
        @Override public Mmu mmu() { return Mmu.NONE; }
        @Override public void interrupt() {}
        @Override public long spawnThread() { throw new UnsupportedOperationException(); }
        @Override public GuestCpu attachThread(long handle) { throw new UnsupportedOperationException(); }
        @Override public void killProcess() {}
        @Override public void destroy() {}
    }

    private ThreadGroup process(ThreadGroup parentGroup, int uid) {
        ThreadGroup g = new ThreadGroup(kernel.allocPid(), new Rlimits(), Credentials.of(uid, uid), kernel.uptimeNanos(),
                new ProcessSignals(SigqueueAccount.UNLIMITED));
        Task t = new Task(kernel, g.pid(), g, new RegsCpu());
        t.attachSignals(0, SigAltStack.DISABLED);
        g.tasks.add(t);
        g.setMm(new AddressSpace(frames, Mmu.NONE));
        kernel.tree().add(g, parentGroup);
        kernel.addTask(t);
        return g;
    }

    private static Errno errno(org.junit.jupiter.api.function.Executable e) {
        return assertThrows(ErrnoException.class, e).errno();
    }

    /** Runs {@code body} on a thread of its own standing for the tracee's. */
    private CompletableFuture<Object> onTraceeThread(java.util.function.Supplier<Object> body) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread th = new Thread(() -> {
            try {
                f.complete(body.get());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        tracee.setThread(th);
        th.start();
        return f;
    }

    private ProcessTree.WaitResult waitTracee() {
        return kernel.tree().waitChild(parent, ProcessTree.P_PID, tracee.tid(), ProcessTree.WEXITED | ProcessTree.WALL);
    }

    @Test
    void seizeLinksWithoutStoppingAndShowsTheTracer() {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACESYSGOOD);
        assertTrue(tracee.ptrace().traced());
        assertEquals(tracer.tid(), Ptrace.tracerPid(tracee));
        assertFalse(tracee.signals().signalPending(), "SEIZE sends nothing");
        assertTrue(tracee.signals().ptraced());
    }

    @Test
    void attachSendsSigstop() {
        Ptrace.attach(tracer, tracee, false, 0);
        assertEquals(SigInfoBits.bit(Signals.SIGSTOP), tracee.signals().privatePending());
    }

    @Test
    void attachRefusesSelfTheTracedAndOthersProcesses() {
        assertEquals(Errno.EPERM, errno(() -> Ptrace.attach(tracer, tracer, false, 0)));
        Ptrace.attach(tracer, tracee, true, 0);
        assertEquals(Errno.EPERM, errno(() -> Ptrace.attach(tracer, tracee, true, 0)), "already traced");
        ThreadGroup other = process(parent, 2000);
        assertEquals(Errno.EPERM, errno(() -> Ptrace.attach(tracer, other.tasks.get(0), true, 0)));
        assertEquals(Errno.EIO, errno(() -> Ptrace.attach(tracer, other.tasks.get(0), true, 1 << 30)), "bad options");
    }

    @Test
    void rootMayAttachAnyone() {
        ThreadGroup root = process(null, 0);
        Ptrace.attach(root.tasks.get(0), tracee, true, 0);
        assertEquals(root.pid(), Ptrace.tracerPid(tracee));
    }

    @Test
    void requestsNeedAStoppedTraceeOfTheirOwn() {
        assertEquals(Errno.ESRCH, errno(() -> Ptrace.checkAttach(tracer, tracee, true)), "not traced");
        Ptrace.attach(tracer, tracee, true, 0);
        assertEquals(Errno.ESRCH, errno(() -> Ptrace.resume(tracer, tracee, TaskPtrace.Mode.CONT, 0)), "running");
        assertEquals(Errno.EIO, errno(() -> Ptrace.resume(tracer, tracee, TaskPtrace.Mode.CONT, 65)), "bad signal");
        assertEquals(Errno.ESRCH, errno(() -> tracee.ptrace().peekUser(0)));
    }

    @Test
    void eventStopIsWaitedForAndResumedWithASignal() throws Exception {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACEEXIT);
        CompletableFuture<Object> done = onTraceeThread(() -> {
            PtraceStops.exitEvent(tracee, ExitStatus.exited(5));
            return tracee.signals().privatePending();
        });
        ProcessTree.WaitResult r = waitTracee();
        assertTrue(r.ptrace());
        assertEquals(tracee.tid(), r.pid());
        assertEquals(PtraceAbi.stoppedStatus(Signals.SIGTRAP | PtraceAbi.EVENT_EXIT << 8), r.status());
        assertEquals(0x500, tracee.ptrace().message());
        assertEquals(Signals.SIGTRAP | PtraceAbi.EVENT_EXIT << 8, tracee.ptrace().lastSiginfo().code());
        assertNull(kernel.tree().waitChild(parent, ProcessTree.P_PID, tracee.tid(),
                ProcessTree.WEXITED | ProcessTree.WALL | ProcessTree.WNOHANG), "reported once");
        Ptrace.resume(tracer, tracee, TaskPtrace.Mode.CONT, Signals.SIGUSR1);
        assertEquals(1L << (Signals.SIGUSR1 - 1), done.get(5, TimeUnit.SECONDS), "a signal at an event stop is sent");
    }

    @Test
    void syscallEntryStopLetsTheTracerSkipTheCall() throws Exception {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACESYSGOOD);
        tracee.regs().origRax = 39;
        tracee.ptrace().setModeForTest(TaskPtrace.Mode.SYSCALL);
        CompletableFuture<Object> skipped = onTraceeThread(() -> PtraceStops.syscallEntry(tracee));
        ProcessTree.WaitResult r = waitTracee();
        assertEquals(PtraceAbi.stoppedStatus(Signals.SIGTRAP | 0x80), r.status());
        assertEquals(-38, tracee.ptrace().peekUser(10 * 8), "rax reads -ENOSYS at entry");
        tracee.ptrace().pokeUser(15 * 8, -1);
        Ptrace.resume(tracer, tracee, TaskPtrace.Mode.SYSCALL, 0);
        assertEquals(Boolean.TRUE, skipped.get(5, TimeUnit.SECONDS));
    }

    @Test
    void fpuIsReadOnTheTraceesOwnThread() throws Exception {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACEEXIT);
        ((RegsCpu) tracee.cpu()).fpu[24] = (byte) 0x80;
        CompletableFuture<Object> done = onTraceeThread(() -> {
            PtraceStops.exitEvent(tracee, 0);
            return null;
        });
        waitTracee();
        Thread tracerThread = Thread.currentThread();
        Object[] ranOn = new Object[1];
        byte[] img = (byte[]) tracee.ptrace().handoff(t -> {
            ranOn[0] = Thread.currentThread();
            byte[] b = new byte[512];
            t.cpu().readFpu(b);
            return b;
        });
        assertEquals((byte) 0x80, img[24]);
        assertNotSame(tracerThread, ranOn[0]);
        Ptrace.resume(tracer, tracee, TaskPtrace.Mode.CONT, 0);
        done.get(5, TimeUnit.SECONDS);
    }

    @Test
    void sigkillEndsAPtraceStop() throws Exception {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACEEXIT);
        CompletableFuture<Object> done = onTraceeThread(() -> {
            PtraceStops.exitEvent(tracee, 0);
            return null;
        });
        waitTracee();
        child.signals().sendToThread(tracee.signals(), dev.umk.sched.signal.SigInfo.kernel(Signals.SIGKILL), true);
        done.get(5, TimeUnit.SECONDS);
        assertFalse(tracee.ptrace().stopped());
    }

    @Test
    void tracerExitFreesTraceesOrKillsThemWithExitkill() throws Exception {
        ThreadGroup second = process(parent, 1000);
        Task other = second.tasks.get(0);
        Ptrace.attach(tracer, tracee, true, 0);
        Ptrace.attach(tracer, other, true, PtraceAbi.O_EXITKILL);
        Ptrace.exitTracer(tracer);
        assertFalse(tracee.ptrace().traced());
        assertFalse(other.ptrace().traced());
        assertFalse(child.signals().ptrace().fatalPending(tracee.signals()));
        assertTrue(second.signals().ptrace().fatalPending(other.signals()));
    }

    @Test
    void detachLetsAStoppedTraceeGo() throws Exception {
        Ptrace.attach(tracer, tracee, true, PtraceAbi.O_TRACEEXIT);
        CompletableFuture<Object> done = onTraceeThread(() -> {
            PtraceStops.exitEvent(tracee, 0);
            return null;
        });
        waitTracee();
        Ptrace.detach(tracer, tracee, 0);
        done.get(5, TimeUnit.SECONDS);
        assertEquals(0, Ptrace.tracerPid(tracee));
        assertEquals(Errno.ECHILD, errno(() -> kernel.tree().waitChild(parent, ProcessTree.P_PID, 999,
                ProcessTree.WEXITED | ProcessTree.WALL)));
    }

    @Test
    void traceeExitIsReportedToATracerThatIsNotItsParent() {
        ThreadGroup stranger = process(null, 1000);
        Ptrace.attach(stranger.tasks.get(0), tracee, true, 0);
        Ptrace.traceeExited(tracee, ExitStatus.exited(3), true);
        ProcessTree.WaitResult r = kernel.tree().waitChild(stranger, ProcessTree.P_ALL, 0,
                ProcessTree.WEXITED | ProcessTree.WALL);
        assertEquals(tracee.tid(), r.pid());
        assertEquals(ExitStatus.exited(3), r.status());
        assertFalse(tracee.ptrace().traced());
    }

    /** SigSet's bit for a signal, as privatePending reports. */
    private static final class SigInfoBits {
        static long bit(int sig) {
            return 1L << (sig - 1);
        }
    }
}
