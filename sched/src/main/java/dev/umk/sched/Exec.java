package dev.umk.sched;

import dev.umk.core.hw.GuestCpu;
import dev.umk.core.hw.Registers;
import dev.umk.mm.AddressSpace;
import dev.umk.sched.exec.Aslr;
import dev.umk.sched.exec.AuxvBuilder;
import dev.umk.sched.exec.BinfmtElf;
import dev.umk.sched.exec.Binprm;
import dev.umk.sched.exec.ElfBinary;
import dev.umk.sched.exec.ElfSource;
import dev.umk.sched.exec.ExecArgs;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * execve (fs/exec.c): check the program before the point of no return, so a failure leaves
 * the caller's image intact; then give the task a fresh stub process, load the image and its
 * interpreter into a new address space, build the initial stack and point the registers at
 * the entry.
 */
public final class Exec {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** MINSIGSTKSZ for umk's signal frame (AT_MINSIGSTKSZ). */
    private static final long MIN_SIGSTKSZ = 2048;

    /** The FPU as a new program finds it (fxsave layout): x87 control 0x37f, MXCSR 0x1f80. */
    private static final byte[] DEFAULT_FPU = new byte[512];

    static {
        DEFAULT_FPU[0] = 0x7f;
        DEFAULT_FPU[1] = 0x03;
        DEFAULT_FPU[24] = (byte) 0x80;
        DEFAULT_FPU[25] = 0x1f;
    }

    private Exec() {}

    /** Checks the program and its interpreter; every failure here is an errno for the caller. */
    public static Binprm prepare(Task task, String path, ElfSource file, ElfBinary.InterpreterOpener opener,
                                 byte[][] argv, byte[][] envp) {
        ExecArgs args = ExecArgs.create(path.getBytes(StandardCharsets.UTF_8), Arrays.asList(argv),
                Arrays.asList(envp), task.group().rlimits().cur(Rlimits.STACK));
        return Binprm.prepare(file, args, opener);
    }

    /** execve(2) past its checks: replaces the task's program. */
    public static void execve(Task task, String path, ElfSource file, byte[][] argv, byte[][] envp) {
        Kernel k = task.kernel();
        Binprm bprm = prepare(task, path, file, k.programOpener(), argv, envp);
        // Point of no return: the other threads go (de_thread), with the old stub process
        // unless another process shares it (a vfork child's stub is its parent's).
        GuestCpu old = task.cpu();
        ThreadGroup tg = task.group();
        tg.signals().beginExec(task.signals());
        boolean threaded;
        boolean sharedVm = tg.mm() != null && tg.mm().users() > 1;
        Task[] others;
        synchronized (tg) {
            threaded = tg.tasks.size() > 1;
            others = tg.tasks.stream().filter(o -> o != task).toArray(Task[]::new);
            for (Task other : others) other.exit();
        }
        boolean secure = commitCreds(task, file.setIdInfo());
        if (threaded || sharedVm) {
            // The task moves to a new stub. Other threads' host threads die with the old stub,
            // or, when it lives on for another process, leave it on their own tracers.
            if (sharedVm) {
                for (Task other : others) other.kick();
            } else {
                old.killProcess();
            }
            GuestCpu cpu = k.platform().newProcess();
            cpu.regs().copyFrom(old.regs());
            task.setCpu(cpu);
            load(task, path, bprm, argv, envp, secure);
            old.destroy();
        } else {
            // A single-threaded process keeps its stub: empty it and load the new image there.
            AddressSpace oldMm = tg.mm();
            tg.setMm(null);
            if (oldMm != null) oldMm.mmput();
            old.mmu().unmap(0, k.platform().taskSize());
            old.mmu().flush();
            old.writeFpu(DEFAULT_FPU, DEFAULT_FPU.length);
            load(task, path, bprm, argv, envp, secure);
        }
        ThreadGroup g = task.group();
        if (file.resolvedPath() != null) g.setExePath(file.resolvedPath());
        g.signals().endExec();
        g.execed = true;
        g.signals().execReset(task.signals());
        g.deletePosixTimers(); // POSIX timers do not survive execve; the alarm does
        if (g.files() != null) {
            // unshare_files: close-on-exec must not close fds of a process sharing the table.
            g.unshareFiles();
            g.files().closeOnExec();
        }
        task.releaseVfork();
        dev.umk.sched.ptrace.PtraceStops.exec(task, task.tid());
    }

    /**
     * The credentials the new program runs with (bprm_fill_uid, cap_bprm_creds_from_file,
     * begin_new_exec): a set-user-ID file makes the effective uid its owner, a set-group-ID
     * and group-executable one the effective gid its group, unless the mount is nosuid, the
     * task has no_new_privs, or an unprivileged tracer watches it; saved and filesystem ids
     * become the effective ones; capabilities as for root or not. A program running with ids
     * other than the real ones is not dumpable, loses its parent-death signal and gets
     * AT_SECURE (returned).
     */
    static boolean commitCreds(Task task, ElfSource.SetIdInfo ids) {
        ThreadGroup g = task.group();
        dev.umk.core.kernel.Credentials c = g.cred();
        int euid = c.euid(), egid = c.egid();
        boolean tracedUnprivileged = task.ptrace() != null && task.ptrace().traced()
                && task.ptrace().tracer() != null && task.ptrace().tracer().group().euid() != 0;
        if (ids != null && !ids.nosuid() && !task.noNewPrivs() && !tracedUnprivileged) {
            if ((ids.mode() & S_ISUID) != 0) euid = ids.uid();
            if ((ids.mode() & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP)) egid = ids.gid();
        }
        dev.umk.core.kernel.Credentials n = c.withUids(c.ruid(), euid, c.suid(), c.fsuid())
                .withGids(c.rgid(), egid, c.sgid(), c.fsgid()).forExec();
        g.setCred(n);
        boolean secure = n.euid() != n.ruid() || n.egid() != n.rgid();
        task.setDumpable(secure ? 0 : 1);
        task.setKeepCaps(false); // SECBIT_KEEP_CAPS is cleared by execve
        if (secure || euid != c.euid() || egid != c.egid()) task.setPdeathSig(0);
        return secure;
    }

    private static final int S_ISUID = 04000, S_ISGID = 02000, S_IXGRP = 010;

    /** Loads a checked program into a new address space in the task's current CPU. */
    public static void load(Task task, String path, Binprm bprm, byte[][] argv, byte[][] envp) {
        load(task, path, bprm, argv, envp, false);
    }

    /** {@link #load}, with AT_SECURE as the credential change decided. */
    public static void load(Task task, String path, Binprm bprm, byte[][] argv, byte[][] envp, boolean secure) {
        ThreadGroup g = task.group();
        Kernel k = task.kernel();
        AddressSpace mm = new AddressSpace(k.frames(), task.cpu().mmu());
        mm.setStackRlimit(g.rlimits().cur(Rlimits.STACK));
        AuxvBuilder auxv = new AuxvBuilder()
                .hwcap(k.platform().hwcap(), k.platform().hwcap2())
                .minSigStkSz(Math.max(MIN_SIGSTKSZ,
                        dev.umk.sched.signal.SignalFrame.maxSize(k.maxFpuLayout())))
                .credentials(g.uid(), g.euid(), g.gid(), g.egid())
                .secure(secure);
        BinfmtElf.ExecImage img = BinfmtElf.load(new AddressSpaceExecMemory(mm), bprm, auxv, Aslr.enabled(RANDOM));
        mm.setStackStart(img.rsp());
        mm.setSavedAuxv(img.stack().auxv());
        AddressSpace old = g.mm();
        g.setMm(mm);
        if (old != null) old.mmput();
        g.setProgram(path, argv, envp);

        Registers r = task.regs();
        long cs = r.cs, ss = r.ss, ds = r.ds, es = r.es, fs = r.fs, gs = r.gs;
        for (int i = 0; i < Registers.WORDS; i++) r.setWord(i, 0);
        r.cs = cs;
        r.ss = ss;
        r.ds = ds;
        r.es = es;
        r.fs = fs;
        r.gs = gs;
        r.eflags = 0x202; // IF, and the always-one bit
        r.rip = img.rip();
        r.rsp = img.rsp();
        r.origRax = -1;
    }
}
