package dev.umk.sched;

import dev.umk.core.abi.Errno;
import dev.umk.core.abi.Stat;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import dev.umk.fs.VfsPath;
import dev.umk.fs.proc.KernelInfo;
import dev.umk.fs.proc.MappedFileName;
import dev.umk.fs.proc.ProcessInfo;
import dev.umk.fs.proc.TaskInfo;
import dev.umk.fs.proc.VmaInfo;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.ShmemFile;
import dev.umk.mm.Vma;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * What procfs reads about processes and the machine, served from the {@link Kernel}'s process
 * tree: the {@link ProcessInfo} and {@link KernelInfo} views fs defines (fs cannot see sched).
 *
 * <p>The calling task is found through a thread-local the task's run loop binds
 * ({@link #bindCurrent}); a thread that never bound one is matched against every task's
 * Java thread, so /proc/self works before the run loop binds it too.
 *
 * <p>What umk does not track yet is reported as Linux shows an idle task: CPU user time 0
 * (system time is the time the task's tracer thread spent, which is the kernel's work for
 * it), no pending signals, vCPUs idle since boot, load averages 0.
 *
 * <p>Lock ordering: {@link ProcessTree#lock}, then a ThreadGroup's monitor (the tasks list);
 * an AddressSpace's lock is only taken with neither held.
 */
public final class ProcessInfoSource implements ProcessInfo, KernelInfo {
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();
    private static final long PAGE = 4096;
    /** Pages asked of mincore at a time when counting an area's resident pages. */
    private static final int RSS_CHUNK = 1 << 16;

    private final Kernel kernel;
    private final long bootEpochSeconds;

    public ProcessInfoSource(Kernel kernel) {
        this.kernel = kernel;
        long nowNanos = System.currentTimeMillis() * 1_000_000L;
        this.bootEpochSeconds = (nowNanos - kernel.uptimeNanos()) / 1_000_000_000L;
    }

    /** Marks the calling Java thread as running {@code task}; call at the start of its run loop. */
    public static void bindCurrent(Task task) {
        CURRENT.set(task);
    }

    /** The task the calling Java thread runs, or null (boot, timers). */
    public static Task currentTask() {
        return CURRENT.get();
    }

    /** Forgets the binding; call when the run loop ends. */
    public static void unbindCurrent() {
        CURRENT.remove();
    }

    /** The process behind a view this source made (a /proc/PID directory's), or null. */
    public static ThreadGroup groupOf(TaskInfo view) {
        return view instanceof View v ? v.g : null;
    }

    // ---- ProcessInfo

    @Override
    public int[] tgids() {
        ProcessTree tree = kernel.tree();
        TreeSet<Integer> pids = new TreeSet<>();
        synchronized (tree.lock) {
            for (ThreadGroup g : tree.all()) {
                pids.add(g.pid());
                for (ThreadGroup c : g.children) if (c.state == ThreadGroup.State.ZOMBIE) pids.add(c.pid());
            }
        }
        return pids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public TaskInfo process(int tgid) {
        ThreadGroup g = kernel.tree().get(tgid);
        if (g == null) throw new ErrnoException(Errno.ESRCH);
        return new View(g, leader(g), true);
    }

    @Override
    public TaskInfo thread(int tid) {
        for (ThreadGroup g : kernel.tree().all()) {
            synchronized (g) {
                for (Task t : g.tasks) if (t.tid() == tid) return new View(g, t, false);
            }
        }
        ThreadGroup zombie = kernel.tree().get(tid);
        if (zombie != null) return new View(zombie, null, false);
        throw new ErrnoException(Errno.ESRCH);
    }

    @Override
    public TaskInfo current() {
        Task t = CURRENT.get();
        if (t == null) t = findByThread(Thread.currentThread());
        if (t == null || t.kernel() != kernel) throw new ErrnoException(Errno.ENOENT);
        return new View(t.group(), t, false);
    }

    private Task findByThread(Thread th) {
        for (ThreadGroup g : kernel.tree().all()) {
            synchronized (g) {
                for (Task t : g.tasks) if (t.thread() == th) return t;
            }
        }
        return null;
    }

    /** The group's leader task, or its first remaining thread; null when none is left. */
    private static Task leader(ThreadGroup g) {
        synchronized (g) {
            for (Task t : g.tasks) if (t.tid() == g.pid()) return t;
            return g.tasks.isEmpty() ? null : g.tasks.get(0);
        }
    }

    private static List<Task> tasksOf(ThreadGroup g) {
        synchronized (g) {
            return new ArrayList<>(g.tasks);
        }
    }

    // ---- KernelInfo

    @Override
    public int cpus() {
        return kernel.cpus();
    }

    @Override
    public long memTotalBytes() {
        return kernel.frames().totalFrames() * PAGE;
    }

    @Override
    public long memFreeBytes() {
        return kernel.frames().freeFrames() * PAGE;
    }

    @Override
    public long uptimeNanos() {
        return kernel.uptimeNanos();
    }

    @Override
    public long bootTimeSeconds() {
        return bootEpochSeconds;
    }

    @Override
    public CpuUsage cpuUsage(int cpu) {
        return CpuUsage.idleFor(kernel.uptimeNanos());
    }

    /** Pids are handed out one per fork or clone from 1, so the last one counts them (until ns_last_pid moves it). */
    @Override
    public long forks() {
        return lastPid();
    }

    @Override
    public int runningTasks() {
        int n = 0;
        for (ThreadGroup g : kernel.tree().all()) {
            for (Task t : tasksOf(g)) if (stateOf(t) == 'R') n++;
        }
        return Math.max(n, 1);
    }

    @Override
    public int taskCount() {
        int n = 0;
        for (ThreadGroup g : kernel.tree().all()) n += tasksOf(g).size();
        return n;
    }

    @Override
    public int lastPid() {
        return kernel.lastPid();
    }

    @Override
    public void setLastPid(int pid) {
        kernel.setLastPid(pid);
    }

    @Override
    public String hostname() {
        return kernel.hostname();
    }

    @Override
    public void setHostname(String name) {
        kernel.setHostname(name);
    }

    @Override public String corePattern() { return kernel.corePattern(); }

    @Override public void setCorePattern(String p) { kernel.setCorePattern(p); }

    @Override public int coreUsesPid() { return kernel.coreUsesPid(); }

    @Override public void setCoreUsesPid(int v) { kernel.setCoreUsesPid(v); }

    /**
     * R while the task's thread is running guest code or kernel code (a tracer waiting for its
     * stub is in native code, which Java reports as RUNNABLE), S while it sleeps in the kernel.
     */
    private static char stateOf(Task t) {
        if (t.ptrace().stopped()) return 't'; // tracing stop
        Thread th = t.thread();
        if (th == null) return 'R';
        return switch (th.getState()) {
            case NEW, RUNNABLE -> 'R';
            case TERMINATED -> 'X';
            default -> 'S';
        };
    }

    private static byte[] joinStrings(byte[][] strings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] s : strings) {
            out.write(s, 0, s.length);
            out.write(0);
        }
        return out.toByteArray();
    }

    /** A task or process as procfs sees it. {@code task} is null for a zombie group. */
    private final class View implements TaskInfo {
        private final ThreadGroup g;
        private final Task task;
        private final boolean whole;

        View(ThreadGroup g, Task task, boolean whole) {
            this.g = g;
            this.task = task;
            this.whole = whole;
        }

        private boolean running() {
            return g.state() == ThreadGroup.State.RUNNING;
        }

        @Override public int tid() { return task != null ? task.tid() : g.pid(); }

        @Override public int tgid() { return g.pid(); }

        @Override
        public boolean alive() {
            if (g.state() == ThreadGroup.State.REAPED) return false;
            if (whole || task == null || !running()) return true;
            synchronized (g) {
                return g.tasks.contains(task);
            }
        }

        @Override public byte[] comm() { return g.comm(); }

        @Override public void setComm(byte[] name) { g.setComm(name); }

        @Override
        public char state() {
            if (!running()) return 'Z';
            Task t = task != null ? task : leader(g);
            return t == null ? 'Z' : stateOf(t);
        }

        @Override
        public int ppid() {
            synchronized (kernel.tree().lock) {
                return g.ppid();
            }
        }

        @Override
        public int pgid() {
            synchronized (kernel.tree().lock) {
                return g.pgid;
            }
        }

        @Override
        public int sid() {
            synchronized (kernel.tree().lock) {
                return g.sid;
            }
        }

        @Override public Credentials cred() { return g.cred(); }

        @Override
        public int tracerPid() {
            Task t = task != null ? task : leader(g);
            return t == null ? 0 : dev.umk.sched.ptrace.Ptrace.tracerPid(t);
        }

        @Override
        public int[] threads() {
            int[] tids = tasksOf(g).stream().mapToInt(Task::tid).sorted().toArray();
            return tids.length == 0 ? new int[] {g.pid()} : tids;
        }

        @Override public byte[] cmdline() { return joinStrings(g.argv()); }

        @Override public byte[] environ() { return joinStrings(g.envp()); }

        /** execve records the path it was given; a relative one is named from the current directory. */
        @Override
        public String exePath() {
            String p = g.exePath();
            if (p.isEmpty() || p.startsWith("/") || kernel.vfs() == null) return p;
            try {
                String cwd = kernel.vfs().getcwd(fs());
                return (cwd.endsWith("/") ? cwd : cwd + "/") + (p.startsWith("./") ? p.substring(2) : p);
            } catch (ErrnoException e) {
                return p;
            }
        }

        @Override
        public FsContext fs() {
            FsContext fs = g.fs();
            if (fs == null || !running()) throw new ErrnoException(Errno.ESRCH);
            return fs;
        }

        @Override
        public FdTable files() {
            FdTable files = g.files();
            if (files == null || !running()) throw new ErrnoException(Errno.ESRCH);
            return files;
        }

        @Override public boolean hasMm() { return running() && g.mm() != null; }

        @Override
        public long[] auxv() {
            AddressSpace mm = g.mm();
            return mm == null ? new long[0] : mm.savedAuxv();
        }

        @Override
        public List<VmaInfo> vmas(boolean withRss) {
            AddressSpace mm = g.mm();
            List<VmaInfo> out = new ArrayList<>();
            if (mm == null || !running()) return out;
            for (Vma v : mm.vmas()) out.add(describe(mm, v, withRss));
            return out;
        }

        @Override
        public long residentPages() {
            AddressSpace mm = g.mm();
            return mm == null || !running() ? 0 : mm.residentPages();
        }

        @Override
        public long peakResidentPages() {
            AddressSpace mm = g.mm();
            return mm == null || !running() ? 0 : mm.peakResidentPages();
        }

        @Override public int oomScoreAdj() { return g.oomScoreAdj(); }

        @Override
        public void setOomScoreAdj(int adj, boolean privileged, boolean legacy) {
            g.setOomScoreAdj(adj, privileged, legacy);
        }

        @Override public long rlimitCur(int resource) { return g.rlimits().cur(resource); }

        @Override public long rlimitMax(int resource) { return g.rlimits().max(resource); }

        @Override public long startTimeNanos() { return g.startNanos; }

        @Override
        public CpuTimes times() {
            // The same accounting as times(2) and getrusage: user = guest code, system = traps.
            long[] own;
            if (whole) {
                own = g.cpuTimes();
            } else if (task != null) {
                own = new long[] {task.userNanos(), task.systemNanos()};
            } else {
                own = new long[2];
            }
            long cu, cs;
            synchronized (kernel.tree().lock) {
                cu = g.childUtimeNanos;
                cs = g.childStimeNanos;
            }
            return new CpuTimes(own[0], own[1], cu, cs);
        }

        @Override
        public SignalState signals() {
            long ignored = 0, caught = 0;
            for (int s = 1; s <= Signals.NSIG; s++) {
                long h = g.action(s).handler();
                if (h == SigAction.SIG_IGN) ignored |= Signals.bit(s);
                else if (h != SigAction.SIG_DFL) caught |= Signals.bit(s);
            }
            Task t = task != null ? task : leader(g);
            long blocked = t == null || t.signals() == null ? 0 : t.signals().blocked();
            return new SignalState(0, 0, blocked, ignored, caught, 0);
        }

        @Override
        public int exitSignal() {
            synchronized (kernel.tree().lock) {
                return g.exitSignal;
            }
        }
    }

    /** One area as maps shows it: a named file, shared anonymous memory as "/dev/zero (deleted)", or its own name. */
    private static VmaInfo describe(AddressSpace mm, Vma v, boolean withRss) {
        int flags = 0;
        if (v.isShared()) flags |= VmaInfo.SHARED;
        if (v.isGrowsDown()) flags |= VmaInfo.GROWSDOWN;
        if ((v.flags() & Vma.DONTCOPY) != 0) flags |= VmaInfo.DONTCOPY;
        if ((v.flags() & Vma.WIPEONFORK) != 0) flags |= VmaInfo.WIPEONFORK;
        if ((v.flags() & Vma.LOCKED) != 0) flags |= VmaInfo.LOCKED;
        long rss = withRss ? resident(mm, v.start(), v.end()) : 0;
        String name = v.name() == null ? "" : v.name();
        if (v.file() instanceof MappedFileName named) {
            VfsPath p = named.mappedPath();
            return new VmaInfo(v.start(), v.end(), v.prot(), flags, v.fileOffset(), p.inode().sb().dev(),
                    p.inode().ino(), p, name, rss);
        }
        if (v.file() instanceof ShmemFile shm && v.name() == null) {
            // Linux backs shared anonymous memory with an unlinked shmem file named /dev/zero.
            return new VmaInfo(v.start(), v.end(), v.prot(), flags, v.fileOffset(), Stat.makedev(0, 1),
                    System.identityHashCode(shm) & 0x7fffffffL, null, "/dev/zero (deleted)", rss);
        }
        return new VmaInfo(v.start(), v.end(), v.prot(), flags, v.file() == null ? 0 : v.fileOffset(), 0, 0, null,
                name, rss);
    }

    /** Resident pages of [start, end), asked of mincore a chunk at a time. */
    private static long resident(AddressSpace mm, long start, long end) {
        long n = 0;
        byte[] vec = new byte[RSS_CHUNK];
        for (long a = start; a < end; a += (long) RSS_CHUNK * PAGE) {
            long len = Math.min(end - a, (long) RSS_CHUNK * PAGE);
            try {
                mm.mincore(a, len, vec);
            } catch (ErrnoException unmappedMeanwhile) {
                return n;
            }
            int pages = (int) (len / PAGE);
            for (int i = 0; i < pages; i++) n += vec[i] & 1;
        }
        return n;
    }
}
