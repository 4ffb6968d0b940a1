package dev.umk.sched;

import dev.umk.core.hw.Console;
import dev.umk.core.hw.Platform;
import dev.umk.fs.Vfs;
import dev.umk.sched.signal.FpuLayout;
import dev.umk.sched.signal.SignalDelivery;
import dev.umk.sched.signal.SigqueueAccount;
import dev.umk.sched.signal.UserSigpending;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.exec.ElfBinary;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel's global state: the machine, the allocators every process shares, identity. */
public final class Kernel {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final Platform platform;
    private final FrameAllocator frames;
    private final Console console;
    private final int cpus;
    private final ProcessTree tree = new ProcessTree();
    private final Map<Integer, Task> tasks = new ConcurrentHashMap<>();
    private final Futexes futexes = new Futexes();
    private final Scheduler scheduler;
    private final Map<Integer, UserSigpending> sigpendingByUser = new ConcurrentHashMap<>();
    private volatile SignalDelivery signalDelivery;
    private final AtomicInteger nextPid = new AtomicInteger(1);
    /** Set once ns_last_pid moved the pid counter; from then on allocPid skips pids in use. */
    private volatile boolean pidsRewound;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final long bootNanos = System.nanoTime();
    private volatile String hostname = "umk";
    /** kernel.core_pattern and kernel.core_uses_pid (fs/coredump.c's sysctls). */
    private volatile String corePattern = "core";
    private volatile int coreUsesPid;
    private volatile SyscallDispatcher dispatcher;
    private volatile ElfBinary.InterpreterOpener programOpener;
    private volatile Vfs vfs;

    public Kernel(Platform platform, FrameAllocator frames, Console console, int cpus) {
        this.platform = platform;
        this.frames = frames;
        this.console = console;
        this.cpus = cpus;
        this.scheduler = new Scheduler(cpus, SLICE_NANOS, System::nanoTime);
        Thread ticker = new Thread(this::tick, "umk-sched-tick");
        ticker.setDaemon(true);
        ticker.start();
    }

    /** CFS's default minimum granularity is a few ms; 4 ms keeps ptrace kicks rare. */
    private static final long SLICE_NANOS = 4_000_000;

    /**
     * The tick: tasks past their timeslice while others wait get their CPU interrupted, and
     * the CPU timers of every process in guest code are checked against its running slices.
     */
    private void tick() {
        for (;;) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                return;
            }
            for (Scheduler.Entity e : scheduler.tick()) {
                Task t = e.task();
                if (t != null && t.cpu() != null) t.cpu().interrupt();
            }
            try {
                CpuTimers.tick(scheduler.runningTasks(), System.nanoTime());
            } catch (RuntimeException e) {
                // A process dying under the check: the tick must go on for the others.
                LOG.debug("umk: CPU timer check", e);
            }
        }
    }

    public Scheduler scheduler() { return scheduler; }

    /** The kernel's timer thread (interval timers, timeouts). */
    private final java.util.concurrent.ScheduledExecutorService timers =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "umk-timers");
                t.setDaemon(true);
                return t;
            });

    public java.util.concurrent.ScheduledExecutorService timers() { return timers; }
    /** Signal frames in the platform's FPU format (xsave when the host has it), fixed at first use. */
    public SignalDelivery signalDelivery() {
        SignalDelivery d = signalDelivery;
        if (d == null) {
            long[] f = platform.fpuFormat();
            d = new SignalDelivery(FpuLayout.forSignals((int) f[0], f[1]));
            signalDelivery = d;
        }
        return d;
    }

    /**
     * The FPU layout of the host's whole XSAVE area, dynamic features included: what
     * AT_MINSIGSTKSZ is computed from, as Linux's from fpu_user_cfg.max_size.
     */
    public FpuLayout maxFpuLayout() {
        long[] f = platform.fpuFormat();
        return f[0] > 512 ? new FpuLayout((int) f[0], f[1]) : FpuLayout.FXSAVE;
    }

    /** Where a process's queued siginfos are charged: its real user, its RLIMIT_SIGPENDING. */
    public SigqueueAccount sigqueueAccount(int ruid, Rlimits rlimits) {
        UserSigpending u = sigpendingByUser.computeIfAbsent(ruid, k -> new UserSigpending());
        return new SigqueueAccount(u, () -> rlimits.cur(Rlimits.SIGPENDING));
    }

    public Platform platform() { return platform; }
    public FrameAllocator frames() { return frames; }
    public Console console() { return console; }
    public int cpus() { return cpus; }
    public ProcessTree tree() { return tree; }
    public Futexes futexes() { return futexes; }

    /** A live task by thread id. */
    public Task task(int tid) { return tasks.get(tid); }
    void addTask(Task t) { tasks.put(t.tid(), t); }
    void removeTask(Task t) { tasks.remove(t.tid(), t); }
    public String hostname() { return hostname; }
    public void setHostname(String h) { hostname = h; }
    public String corePattern() { return corePattern; }
    public void setCorePattern(String p) { corePattern = p; }
    public int coreUsesPid() { return coreUsesPid; }
    public void setCoreUsesPid(int v) { coreUsesPid = v; }

    public SyscallDispatcher dispatcher() { return dispatcher; }
    public void setDispatcher(SyscallDispatcher d) { dispatcher = d; }

    /** How execve opens a program or interpreter path (until the VFS serves it). */
    public ElfBinary.InterpreterOpener programOpener() { return programOpener; }
    public void setProgramOpener(ElfBinary.InterpreterOpener o) { programOpener = o; }

    /** The filesystem tree every process sees (one mount namespace for now). */
    public Vfs vfs() { return vfs; }
    public void setVfs(Vfs v) { vfs = v; }

    /** Monotonic nanoseconds since boot (CLOCK_MONOTONIC and /proc/uptime). */
    public long uptimeNanos() {
        return System.nanoTime() - bootNanos;
    }

    public int allocPid() {
        while (true) {
            int p = nextPid.getAndIncrement();
            if (!pidsRewound || !pidInUse(p)) return p;
        }
    }

    /** The pid most recently handed out (kernel.ns_last_pid). */
    public int lastPid() {
        return nextPid.get() - 1;
    }

    /**
     * kernel.ns_last_pid: the next pid is the first free one above {@code pid}. Pids only grow
     * until this is used, so only then does allocPid check for pids still in use.
     */
    public void setLastPid(int pid) {
        pidsRewound = true;
        nextPid.set(pid + 1);
    }

    /** Used by a live task, a process (zombies too), or as a process group or session id. */
    private boolean pidInUse(int p) {
        return p <= 0 || tasks.containsKey(p) || tree.idInUse(p);
    }

    /** Logs a warning the first time {@code key} is seen (ENOSYS per syscall name, ...). */
    public void warnOnce(String key, String message) {
        if (warned.add(key)) LOG.warn("umk: {}", message);
    }
}
