package dev.umk.sched;

import dev.umk.core.hw.GuestCpu;
import dev.umk.core.kernel.Credentials;
import dev.umk.sched.exec.Binprm;
import dev.umk.sched.exec.ElfSource;
import dev.umk.sched.signal.ProcessSignals;
import dev.umk.sched.signal.SigAltStack;

/** Creates pid 1 from a program, on the calling thread, which becomes its tracer. */
public final class Init {
    private Init() {}

    /** Loads {@code path} as pid 1 and runs it to its end; returns its wait status. */
    public static int run(Kernel k, Credentials cred, String path, ElfSource file, byte[][] argv, byte[][] envp) {
        return run(k, cred, path, file, argv, envp, null);
    }

    /** As above, with {@code ctty} as the controlling terminal of init's session. */
    public static int run(Kernel k, Credentials cred, String path, ElfSource file, byte[][] argv, byte[][] envp,
                          dev.umk.fs.tty.Tty ctty) {
        GuestCpu cpu = k.platform().newProcess();
        Rlimits rl = new Rlimits();
        ThreadGroup g = new ThreadGroup(k.allocPid(), rl, cred, k.uptimeNanos(),
                new ProcessSignals(k.sigqueueAccount(cred.ruid(), rl)));
        Task task = new Task(k, g.pid(), g, cpu);
        task.attachSignals(0, SigAltStack.DISABLED);
        synchronized (g) {
            g.tasks.add(task);
        }
        k.tree().add(g, null);
        k.addTask(task);
        if (ctty != null) {
            g.setCtty(ctty);
            ctty.attachSession(g.sid(), g.pgid());
        }
        try {
            Binprm bprm = Exec.prepare(task, path, file, k.programOpener(), argv, envp);
            Exec.load(task, path, bprm, argv, envp);
            if (file.resolvedPath() != null) g.setExePath(file.resolvedPath());
        } catch (RuntimeException e) {
            cpu.destroy();
            throw e;
        }
        return new TaskLoop(k.dispatcher()).run(task);
    }
}
