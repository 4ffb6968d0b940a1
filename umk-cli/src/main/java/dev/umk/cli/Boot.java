package dev.umk.cli;

import dev.umk.core.hw.GuestCpu;
import dev.umk.hostdrv.HostConsole;
import dev.umk.hostdrv.HostFiles;
import dev.umk.hostdrv.PtracePlatform;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.Kernel;
import dev.umk.sched.Rlimits;
import dev.umk.sched.Task;
import dev.umk.sched.TaskLoop;
import dev.umk.sched.ThreadGroup;
import dev.umk.sched.Exec;
import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.sched.exec.ElfSource;
import dev.umk.syscalls.Dispatcher;
import dev.umk.syscalls.SyscallTable;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires a kernel together and runs the first program as pid 1. The whole kernel runs on a
 * dedicated platform thread: it becomes the tracer of the first stub, and ptrace requests
 * must come from the tracer thread.
 */
final class Boot {
    private final long memoryBytes;
    private final int cpus;
    private final PrintStream strace;

    Boot(long memoryBytes, int cpus, PrintStream strace) {
        this.memoryBytes = memoryBytes;
        this.cpus = cpus;
        this.strace = strace;
    }

    /** Runs {@code path} and returns its wait status. */
    int runInit(String path, List<String> argv, List<String> envp) throws Exception {
        AtomicInteger status = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                status.set(boot(path, argv, envp));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "umk-task-1");
        t.start();
        t.join();
        if (failure.get() instanceof Exception) throw (Exception) failure.get();
        if (failure.get() != null) throw new RuntimeException(failure.get());
        return status.get();
    }

    private int boot(String path, List<String> argv, List<String> envp) throws Exception {
        try (PtracePlatform platform = new PtracePlatform(memoryBytes)) {
            FrameAllocator frames = new FrameAllocator(platform.physicalMemory());
            Kernel kernel = new Kernel(platform, frames, new HostConsole(), cpus);
            Dispatcher dispatcher = new Dispatcher(new SyscallTable(), strace);
            GuestCpu cpu = platform.newProcess();
            int uid = (int) new com.sun.security.auth.module.UnixSystem().getUid();
            int gid = (int) new com.sun.security.auth.module.UnixSystem().getGid();
            ThreadGroup group = new ThreadGroup(kernel.allocPid(), 0, new Rlimits(), uid, gid);
            Task task = new Task(kernel, group.pid(), group, cpu);
            Exec.start(task, path, ElfSource.of(HostFiles.readAll(path)), Boot::openHost, bytes(argv), bytes(envp));
            return new TaskLoop(dispatcher).run(task);
        }
    }

    /** Until the VFS lands, interpreters come from the host's filesystem. */
    private static ElfSource openHost(String path) {
        try {
            return ElfSource.of(HostFiles.readAll(path));
        } catch (java.io.IOException e) {
            throw new ErrnoException(Errno.ENOENT, path);
        }
    }

    private static byte[][] bytes(List<String> l) {
        byte[][] b = new byte[l.size()][];
        for (int i = 0; i < b.length; i++) b[i] = l.get(i).getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
