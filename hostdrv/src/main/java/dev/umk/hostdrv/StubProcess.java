package dev.umk.hostdrv;

import dev.umk.core.hw.Mmu;
import jnr.ffi.Pointer;

/**
 * One stub process: a host address space that holds exactly the guest pages umk's page table
 * says, plus the stub's own code and control pages above TASK_SIZE. As the {@link Mmu} of
 * its address space it queues map/unmap/protect operations in the control page and runs
 * them as one batch, in one ptrace round trip, through a stopped thread of the process.
 *
 * <p>Thread-safe: all threads of a multi-threaded guest share it. With more than one thread,
 * unmap and protect take effect before they return (the TLB shootdown: other threads may be
 * running guest code, and the frames may be reused as soon as the caller frees them).
 */
final class StubProcess implements Mmu {
    private static final int SYS_MMAP = 9;
    private static final int SYS_MPROTECT = 10;
    private static final int SYS_MUNMAP = 11;
    private static final int SYS_RT_SIGPROCMASK = 14;
    private static final int SIG_SETMASK = 2;
    private static final int SYS_CLOSE_RANGE = 436;
    private static final int MAP_SHARED = 1;
    private static final int MAP_FIXED = 0x10;

    /** The tracer thread's CPU, used to flush when that thread is the caller. */
    private static final ThreadLocal<PtraceCpu> CURRENT = new ThreadLocal<>();

    final PtracePlatform platform;
    final int pid;
    private final int slot;
    private final Pointer ctl;
    private int queued;
    private volatile boolean dead;
    /** Killed on purpose (exit_group, execve): never recycled. Guarded by this. */
    private boolean killed;
    /** Host threads of this process umk still drives; the process dies with the last. */
    private final java.util.concurrent.atomic.AtomicInteger liveCpus = new java.util.concurrent.atomic.AtomicInteger(1);
    private static final long THREAD_FLAGS = 0x100 | 0x200 | 0x400 | 0x800 | 0x10000 | 0x40000;

    StubProcess(PtracePlatform platform, int pid, int slot) {
        this.platform = platform;
        this.pid = pid;
        this.slot = slot;
        this.ctl = platform.ctlPage(slot);
    }

    /**
     * Seizes the freshly spawned stub (stopped by its own SIGSTOP; {@code seenStopped} when the
     * spawner already waited for that) and cleans its address space.
     */
    PtraceCpu attachMainThread(boolean seenStopped) {
        LibC c = Host.libc();
        PtraceCpu cpu = new PtraceCpu(this, pid);
        if (!seenStopped) {
            int st = cpu.waitStatus(Ptrace.WUNTRACED);
            if (!Ptrace.stopped(st)) throw new HostException("stub did not stop (status " + st + ")", 0);
        }
        int st;
        long r = c.ptrace(Ptrace.SEIZE, pid, 0, Ptrace.O_TRACESYSGOOD | Ptrace.O_EXITKILL);
        if (r != 0) {
            c.kill(pid, Ptrace.SIGKILL);
            throw new HostException("PTRACE_SEIZE", -1);
        }
        // A seized stopped task re-traps as a group-stop that the tracer now sees.
        st = cpu.waitStatus(Ptrace.WALL);
        if (!Ptrace.stopped(st)) throw new HostException("stub vanished (status " + st + ")", 0);
        CURRENT.set(cpu);
        CpuPinning.pinTogether(pid);
        XState.probe(pid);
        cpu.fetchRegs();
        long ctlAddr = cpu.inject(SYS_MMAP, StubImage.CTL, StubImage.CTL_SIZE, Mmu.PROT_READ,
                MAP_SHARED | MAP_FIXED, PtracePlatform.STUB_CTL_FD, platform.ctlOffset(slot));
        if (ctlAddr != StubImage.CTL) throw new HostException("stub control mmap", (int) -ctlAddr);
        // Nothing of the host's process image is left for the guest to see: no fds but guest
        // memory, no blocked signals (the JVM thread's mask was inherited), no stack, no vDSO.
        queue(SYS_CLOSE_RANGE, 0, PtracePlatform.STUB_PHYS_FD - 1, 0, 0, 0, 0);
        queue(SYS_CLOSE_RANGE, PtracePlatform.STUB_PHYS_FD + 1, 0xffffffffL, 0, 0, 0, 0);
        queue(SYS_RT_SIGPROCMASK, SIG_SETMASK, StubImage.ZERO_SIGSET, 0, 8, 0, 0);
        queue(SYS_MUNMAP, 0, StubImage.BASE, 0, 0, 0, 0);
        queue(SYS_MUNMAP, StubImage.END, StubImage.USER_TOP - StubImage.END, 0, 0, 0, 0);
        flushVia(cpu);
        cpu.captureFreshFpu();
        return cpu;
    }

    /**
     * Seizes a stub recycled by {@link #recycle} (parked in the pause loop, untraced); the
     * calling Java thread becomes its tracer. Its address space is already clean.
     */
    PtraceCpu attachRecycled() {
        LibC c = Host.libc();
        if (c.ptrace(Ptrace.SEIZE, pid, 0, Ptrace.O_TRACESYSGOOD | Ptrace.O_EXITKILL) != 0
                || c.ptrace(Ptrace.INTERRUPT, pid, 0, 0) != 0) {
            throw new HostException("seize recycled stub " + pid, 3);
        }
        PtraceCpu cpu = new PtraceCpu(this, pid);
        int st = cpu.waitStatus(Ptrace.WALL);
        if (!Ptrace.stopped(st)) throw new HostException("recycled stub vanished (status " + st + ")", 3);
        CURRENT.set(cpu);
        CpuPinning.pinTogether(pid);
        cpu.fetchRegs();
        return cpu;
    }

    /**
     * The process's last thread is done: instead of killing the host process, empties its
     * guest range, gives its one thread a fresh stub's FPU state, parks it and hands it back
     * to the platform's spares. Saves a spawn (an exec on the host) and a teardown per
     * process. False when it cannot be reused (killed, more threads, enough spares): the
     * caller destroys it.
     */
    synchronized boolean recycle(PtraceCpu cpu) {
        if (dead || killed || liveCpus.get() != 0 || !platform.wantsRecycled()) return false;
        queued = 0; // what was queued was for the address space that just went
        try {
            queue(SYS_MUNMAP, 0, StubImage.BASE, 0, 0, 0, 0);
            flushVia(cpu);
            cpu.parkAndDetach();
        } catch (HostException e) {
            return false;
        }
        dead = true;
        platform.addRecycled(pid, slot);
        return true;
    }

    /** SIGKILLs the host process, unless it has already been handed on by {@link #recycle}. */
    synchronized void kill() {
        killed = true;
        if (!dead) Host.libc().kill(pid, Ptrace.SIGKILL);
    }

    @Override
    public synchronized void map(long va, long len, long pa, int prot) {
        queue(SYS_MMAP, va, len, prot, MAP_SHARED | MAP_FIXED, PtracePlatform.STUB_PHYS_FD, pa);
    }

    @Override
    public synchronized void unmap(long va, long len) {
        queue(SYS_MUNMAP, va, len, 0, 0, 0, 0);
        if (liveCpus.get() > 1) flush();
    }

    @Override
    public synchronized void protect(long va, long len, int prot) {
        queue(SYS_MPROTECT, va, len, prot, 0, 0, 0);
        if (liveCpus.get() > 1) flush();
    }

    @Override
    public synchronized void flush() {
        PtraceCpu cpu = CURRENT.get();
        if (cpu != null && cpu.process() == this) flushVia(cpu);
        // Otherwise the operations run before any thread of this process resumes.
    }

    /** Other host threads of this process may be running guest code. */
    @Override
    public boolean othersMayRun() {
        return liveCpus.get() > 1;
    }

    synchronized boolean hasQueued() {
        return queued > 0;
    }

    private void queue(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        if (queued == StubImage.BATCH_MAX) flush();
        if (queued == StubImage.BATCH_MAX) throw new HostException("stub batch overflow", 0);
        long off = (long) queued * StubImage.BATCH_ENTRY;
        ctl.putLong(off, nr);
        ctl.putLong(off + 8, a1);
        ctl.putLong(off + 16, a2);
        ctl.putLong(off + 24, a3);
        ctl.putLong(off + 32, a4);
        ctl.putLong(off + 40, a5);
        ctl.putLong(off + 48, a6);
        queued++;
    }

    synchronized void flushVia(PtraceCpu cpu) {
        if (queued == 0 || dead) return;
        int n = queued;
        queued = 0;
        long[] res = cpu.injectBatch(n);
        long remaining = res[0];
        if (remaining != 0) {
            int failed = (int) (n - remaining);
            long nr = ctl.getLong((long) failed * StubImage.BATCH_ENTRY);
            throw new HostException("stub batch op " + failed + " (syscall " + nr + ")", (int) -res[1]);
        }
    }

    /**
     * Starts a new host thread in this process, through {@code via} (a stopped thread of it).
     * The new thread waits in the stub's pause loop, untraced, until {@link #attachThread}.
     *
     * @return its host tid
     */
    synchronized int spawnThread(PtraceCpu via) {
        long tid = via.injectAt(StubImage.CLONE_THREAD, StubImage.CLONE_THREAD_TRAP, 56, THREAD_FLAGS, 0, 0, 0, 0, 0);
        if (tid <= 0) throw new HostException("clone of a stub thread", (int) -tid);
        liveCpus.incrementAndGet();
        return (int) tid;
    }

    /** Seizes a thread made by {@link #spawnThread}; the calling Java thread becomes its tracer. */
    PtraceCpu attachThread(int tid) {
        LibC c = Host.libc();
        if (c.ptrace(Ptrace.SEIZE, tid, 0, Ptrace.O_TRACESYSGOOD | Ptrace.O_EXITKILL) != 0
                || c.ptrace(Ptrace.INTERRUPT, tid, 0, 0) != 0) {
            throw new HostException("seize stub thread " + tid, 3);
        }
        PtraceCpu cpu = new PtraceCpu(this, tid);
        int st = cpu.waitStatus(Ptrace.WALL);
        if (!Ptrace.stopped(st)) throw new HostException("stub thread vanished (status " + st + ")", 3);
        CpuPinning.pinTogether(tid);
        cpu.fetchRegs();
        return cpu;
    }

    /** One thread is done; true if it was the last, and the process must go. */
    boolean releaseCpu() {
        return liveCpus.decrementAndGet() == 0;
    }

    boolean isLeader(int tid) {
        return tid == pid;
    }

    void bindCurrent(PtraceCpu cpu) {
        CURRENT.set(cpu);
    }

    void destroy() {
        if (dead) return;
        dead = true;
        Host.libc().kill(pid, Ptrace.SIGKILL);
        platform.freeSlot(slot);
    }
}
