package dev.umk.hostdrv;

import dev.umk.core.hw.GuestCpu;
import dev.umk.core.hw.Mmu;
import dev.umk.core.hw.Registers;
import dev.umk.core.hw.Trap;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * One guest thread: a host thread of a stub process, run with PTRACE_SYSEMU so its syscalls
 * stop here instead of executing. Every method except {@link #interrupt()} must be called on
 * the tracer thread that created it.
 *
 * <p>Register traffic is kept to what changed: after a syscall the handler usually changed
 * only rax, which costs one POKEUSER instead of a full SETREGS.
 */
public final class PtraceCpu implements GuestCpu {
    private static final int SIGSEGV = 11, SIGBUS = 7, SIGILL = 4, SIGFPE = 8;
    private static final int FP_SIZE = 512;

    private final StubProcess proc;
    private final int tid;
    private final LibC c = Host.libc();
    private final Registers regs = new Registers();
    /** What the host thread's registers hold now (valid while stopped and not clobbered). */
    private final long[] shadow = new long[Registers.WORDS];
    /** Host registers were overwritten by an injection: restore them all before resuming. */
    private boolean clobbered;
    private final Pointer regBuf = Memory.allocateDirect(Host.runtime(), Registers.WORDS * 8);
    private final long regAddr = regBuf.address();
    private final Pointer statusBuf = Memory.allocateDirect(Host.runtime(), 8);
    private final long statusAddr = statusBuf.address();
    private final Pointer infoBuf = Memory.allocateDirect(Host.runtime(), 128);
    private final Pointer fpBuf = Memory.allocateDirect(Host.runtime(), FP_SIZE);
    private final Trap trap = new Trap();
    /** An interrupt request seen while injecting; reported by the next run. */
    private boolean pendingKick;
    private boolean gone;

    PtraceCpu(StubProcess proc, int tid) {
        this.proc = proc;
        this.tid = tid;
        proc.bindCurrent(this);
    }

    StubProcess process() {
        return proc;
    }

    /** Host thread id (for diagnostics). */
    public int hostTid() {
        return tid;
    }

    @Override
    public Registers regs() {
        return regs;
    }

    @Override
    public Mmu mmu() {
        return proc;
    }

    @Override
    public Trap run() {
        if (gone) return gone(trap.hostStatus);
        if (proc.hasQueued()) proc.flushVia(this);
        if (pendingKick) {
            pendingKick = false;
            trap.set(Trap.Kind.INTERRUPT, 0, 0, 0);
            return trap;
        }
        storeRegs();
        if (c.ptrace(Ptrace.SYSEMU, tid, 0, 0) != 0) return gone(0);
        return waitTrap();
    }

    private Trap waitTrap() {
        for (;;) {
            int st = waitStatus(Ptrace.WALL);
            if (!Ptrace.stopped(st)) return gone(st);
            int sig = Ptrace.stopSig(st);
            if (sig == (Ptrace.SIGTRAP | 0x80)) {
                fetchRegs();
                trap.set(Trap.Kind.SYSCALL, 0, 0, 0);
                return trap;
            }
            if (Ptrace.event(st) != 0) {
                // group-stop or PTRACE_INTERRUPT: nothing for the guest; keep going.
                if (c.ptrace(Ptrace.SYSEMU, tid, 0, 0) != 0) return gone(0);
                continue;
            }
            if (sig == Ptrace.SIG_KICK) {
                fetchRegs();
                trap.set(Trap.Kind.INTERRUPT, 0, 0, 0);
                return trap;
            }
            if (sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == Ptrace.SIGTRAP) {
                c.ptrace(Ptrace.GETSIGINFO, tid, 0, infoBuf.address());
                int code = infoBuf.getInt(8);
                if (code > 0 || sig == Ptrace.SIGTRAP) { // raised by the CPU, not sent by someone
                    fetchRegs();
                    trap.set(Trap.Kind.FAULT, sig, code, infoBuf.getLong(16));
                    return trap;
                }
            }
            // A host signal nobody in umk sent on purpose: the guest never sees host signals.
            if (c.ptrace(Ptrace.SYSEMU, tid, 0, 0) != 0) return gone(0);
        }
    }

    private Trap gone(int status) {
        gone = true;
        trap.set(Trap.Kind.GONE, 0, 0, 0);
        trap.hostStatus = status;
        return trap;
    }

    int waitStatus(int options) {
        int r;
        do {
            r = c.waitpid(tid, statusAddr, options);
        } while (r < 0 && Host.errno() == 4);
        if (r < 0) {
            gone = true;
            return 0x7f00 | 0x100; // not stopped
        }
        return statusBuf.getInt(0);
    }

    void fetchRegs() {
        c.ptrace(Ptrace.GETREGS, tid, 0, regAddr);
        for (int i = 0; i < Registers.WORDS; i++) {
            long v = regBuf.getLong(i * 8L);
            shadow[i] = v;
            regs.setWord(i, v);
        }
        clobbered = false;
    }

    /** Makes the host thread's registers equal {@link #regs}, as cheaply as possible. */
    private void storeRegs() {
        int changed = -1;
        boolean many = clobbered;
        if (!many) {
            for (int i = 0; i < Registers.WORDS; i++) {
                if (regs.word(i) != shadow[i]) {
                    if (changed >= 0) {
                        many = true;
                        break;
                    }
                    changed = i;
                }
            }
        }
        if (many) {
            for (int i = 0; i < Registers.WORDS; i++) {
                long v = regs.word(i);
                regBuf.putLong(i * 8L, v);
                shadow[i] = v;
            }
            c.ptrace(Ptrace.SETREGS, tid, 0, regAddr);
            clobbered = false;
        } else if (changed >= 0) {
            long v = regs.word(changed);
            c.ptrace(Ptrace.POKEUSER, tid, changed * 8L, v);
            shadow[changed] = v;
        }
    }

    /** Runs one host syscall in the stub through the trampoline; returns its raw result. */
    long inject(long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        return injectAt(StubImage.TRAMPOLINE, StubImage.TRAMPOLINE_TRAP, nr, a1, a2, a3, a4, a5, a6);
    }

    /** Runs stub code at {@code rip} with syscall registers set, until it traps at {@code trapRip}. */
    long injectAt(long rip, long trapRip, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        long[] w = injectionRegs(rip);
        w[10] = nr;
        w[14] = a1; // rdi
        w[13] = a2; // rsi
        w[12] = a3; // rdx
        w[7] = a4;  // r10
        w[9] = a5;  // r8
        w[8] = a6;  // r9
        return runInjected(w, trapRip)[10];
    }

    @Override
    public long spawnThread() {
        return proc.spawnThread(this);
    }

    @Override
    public GuestCpu attachThread(long handle) {
        return proc.attachThread((int) handle);
    }

    /** Runs {@code n} queued control-page entries; returns {r12 remaining, rax}. */
    long[] injectBatch(int n) {
        long[] w = injectionRegs(StubImage.BATCH);
        w[3] = n;               // r12
        w[2] = StubImage.CTL;   // r13
        long[] out = runInjected(w, StubImage.BATCH_TRAP);
        return new long[] {out[3], out[10]};
    }

    private long[] injectionRegs(long rip) {
        long[] w = shadow.clone();
        w[16] = rip;
        w[15] = -1; // orig_rax: no syscall to restart
        return w;
    }

    private long[] runInjected(long[] w, long expectRip) {
        for (int i = 0; i < Registers.WORDS; i++) regBuf.putLong(i * 8L, w[i]);
        c.ptrace(Ptrace.SETREGS, tid, 0, regAddr);
        clobbered = true;
        if (c.ptrace(Ptrace.CONT, tid, 0, 0) != 0) throw new HostException("inject: stub gone", 3);
        for (;;) {
            int st = waitStatus(Ptrace.WALL);
            if (!Ptrace.stopped(st)) {
                gone = true;
                throw new HostException("inject: stub died (status " + st + ")", 3);
            }
            int sig = Ptrace.stopSig(st);
            if (sig == Ptrace.SIGTRAP && Ptrace.event(st) == 0) {
                c.ptrace(Ptrace.GETREGS, tid, 0, regAddr);
                long[] out = new long[Registers.WORDS];
                for (int i = 0; i < Registers.WORDS; i++) out[i] = regBuf.getLong(i * 8L);
                if (out[16] == expectRip) return out;
                throw new HostException("inject: unexpected trap at 0x" + Long.toHexString(out[16]), 0);
            }
            if (sig == Ptrace.SIG_KICK) pendingKick = true;
            if (sig == SIGSEGV || sig == SIGBUS) {
                throw new HostException("inject: stub faulted with signal " + sig, 14);
            }
            c.ptrace(Ptrace.CONT, tid, 0, 0);
        }
    }

    @Override
    public int readFpu(byte[] dst) {
        int xsize = XState.size();
        if (xsize > FP_SIZE && dst.length > FP_SIZE) {
            // The kernel hands out the whole area; a caller may want only its first part
            // (a signal frame leaves out dynamic features such as AMX tile data).
            int n = XState.get(tid, xBuf());
            if (n > 0) {
                n = Math.min(n, dst.length);
                xBuf().get(0, dst, 0, n);
                return n;
            }
        }
        c.ptrace(Ptrace.GETFPREGS, tid, 0, fpBuf);
        int n = Math.min(dst.length, FP_SIZE);
        fpBuf.get(0, dst, 0, n);
        return n;
    }

    @Override
    public void writeFpu(byte[] src, int len) {
        int xsize = XState.size();
        if (xsize > FP_SIZE && len > FP_SIZE && len <= xsize) {
            // NT_X86_XSTATE takes only the whole area: a shorter image leaves the rest zero
            // (components its XSTATE_BV does not name load their reset values).
            Pointer x = xBuf();
            x.put(0, src, 0, len);
            if (len < xsize) x.setMemory(len, xsize - len, (byte) 0);
            if (XState.set(tid, x, xsize)) return;
        }
        fpBuf.put(0, src, 0, Math.min(len, FP_SIZE));
        c.ptrace(Ptrace.SETFPREGS, tid, 0, fpBuf);
    }

    private Pointer xBuf;

    private Pointer xBuf() {
        if (xBuf == null) xBuf = Memory.allocateDirect(Host.runtime(), XState.size());
        return xBuf;
    }

    @Override
    public void interrupt() {
        c.tgkill(proc.pid, tid, Ptrace.SIG_KICK);
    }

    @Override
    public void killProcess() {
        proc.kill();
    }

    /** A fresh stub's FPU image, restored into recycled stubs so no guest state leaks on. */
    private static volatile byte[] freshFpu;

    void captureFreshFpu() {
        if (freshFpu != null) return;
        byte[] img = new byte[Math.max(FP_SIZE, XState.size())];
        int n = readFpu(img);
        freshFpu = java.util.Arrays.copyOf(img, n);
    }

    /**
     * Leaves this (last) thread as a fresh stub's: FPU reset, registers pointing at the pause
     * loop, then detached so another Java thread can seize it.
     */
    void parkAndDetach() {
        byte[] fpu = freshFpu;
        if (fpu == null) throw new HostException("no fresh FPU image", 0);
        writeFpu(fpu, fpu.length);
        long[] w = injectionRegs(StubImage.PARK);
        for (int i = 0; i < Registers.WORDS; i++) regBuf.putLong(i * 8L, w[i]);
        if (c.ptrace(Ptrace.SETREGS, tid, 0, regAddr) != 0 || c.ptrace(Ptrace.DETACH, tid, 0, 0) != 0) {
            throw new HostException("park recycled stub", 3);
        }
        gone = true;
    }

    /**
     * The last thread takes the process with it. Another thread leaves: a non-leader runs
     * exit(2) in the stub; the leader, which Linux keeps until the whole group is gone, is
     * parked in the stub's pause loop and detached (its tracer may exit without EXITKILL
     * killing the process).
     */
    @Override
    public void destroy() {
        boolean last = proc.releaseCpu();
        if (last && !gone && proc.isLeader(tid) && proc.recycle(this)) return;
        if (last || gone) {
            proc.destroy();
            if (!gone) {
                waitStatus(Ptrace.WALL); // reap
                gone = true;
            }
            return;
        }
        gone = true;
        if (proc.isLeader(tid)) {
            long[] w = injectionRegs(StubImage.PARK);
            for (int i = 0; i < Registers.WORDS; i++) regBuf.putLong(i * 8L, w[i]);
            c.ptrace(Ptrace.SETREGS, tid, 0, regAddr);
            c.ptrace(Ptrace.DETACH, tid, 0, 0);
        } else {
            long[] w = injectionRegs(StubImage.TRAMPOLINE);
            w[10] = 60; // exit
            w[14] = 0;
            for (int i = 0; i < Registers.WORDS; i++) regBuf.putLong(i * 8L, w[i]);
            c.ptrace(Ptrace.SETREGS, tid, 0, regAddr);
            // Until the thread is really gone: a kick (SIGURG) still pending stops it first,
            // and a tracer that ends while its tracee lives kills the whole stub (EXITKILL).
            int st;
            do {
                if (c.ptrace(Ptrace.CONT, tid, 0, 0) != 0) break;
                st = waitStatus(Ptrace.WALL);
            } while (Ptrace.stopped(st));
        }
    }
}
