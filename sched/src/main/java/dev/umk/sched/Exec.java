package dev.umk.sched;

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
 * execve's second half: given a checked program, build a fresh address space in the task's
 * (new) CPU context, load the image and its interpreter, build the initial stack and point
 * the registers at the entry.
 */
public final class Exec {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** MINSIGSTKSZ for umk's signal frame (AT_MINSIGSTKSZ). */
    private static final long MIN_SIGSTKSZ = 2048;

    private Exec() {}

    /**
     * Loads {@code file} into a new address space for {@code task}'s thread group.
     *
     * @param opener opens PT_INTERP and #! interpreter paths
     */
    public static void start(Task task, String path, ElfSource file, ElfBinary.InterpreterOpener opener,
                             byte[][] argv, byte[][] envp) {
        ThreadGroup g = task.group();
        Kernel k = task.kernel();
        ExecArgs args = ExecArgs.create(path.getBytes(StandardCharsets.UTF_8), Arrays.asList(argv),
                Arrays.asList(envp), g.rlimits().cur(Rlimits.STACK));
        Binprm bprm = Binprm.prepare(file, args, opener);

        AddressSpace mm = new AddressSpace(k.frames(), task.cpu().mmu());
        mm.setStackRlimit(g.rlimits().cur(Rlimits.STACK));
        AuxvBuilder auxv = new AuxvBuilder()
                .hwcap(k.platform().hwcap(), k.platform().hwcap2())
                .minSigStkSz(MIN_SIGSTKSZ)
                .credentials(g.uid(), g.euid(), g.gid(), g.egid());
        BinfmtElf.ExecImage img = BinfmtElf.load(new AddressSpaceExecMemory(mm), bprm, auxv, Aslr.enabled(RANDOM));
        mm.setStackStart(img.rsp());
        AddressSpace old = g.mm();
        g.setMm(mm);
        if (old != null) old.destroy();
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
