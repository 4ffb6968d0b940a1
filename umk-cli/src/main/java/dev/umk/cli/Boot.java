package dev.umk.cli;

import dev.umk.core.hw.Console;
import dev.umk.core.kernel.Credentials;
import dev.umk.hostdrv.HostConsole;
import dev.umk.hostdrv.PtracePlatform;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.Init;
import dev.umk.sched.Kernel;
import dev.umk.sched.exec.ElfSource;
import dev.umk.syscalls.Dispatcher;
import dev.umk.syscalls.SyscallTable;
import dev.umk.syscalls.TaskFiles;
import dev.umk.syscalls.VfsPrograms;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires a kernel together and runs the first program as pid 1. The kernel's first task runs
 * on a dedicated platform thread: it becomes the tracer of the first stub, and ptrace
 * requests must come from the tracer thread.
 */
final class Boot {
    /** What the guest sees of files and who it is: {@code --root}, {@code --volume}, {@code --user}, the cwd. */
    record Options(String rootDir, List<Volume> volumes, String cwd, Credentials cred) {}

    private final long memoryBytes;
    private final int cpus;
    private final PrintStream strace;
    private final Options options;

    Boot(long memoryBytes, int cpus, PrintStream strace, Options options) {
        this.memoryBytes = memoryBytes;
        this.cpus = cpus;
        this.strace = strace;
        this.options = options;
    }

    /** Runs {@code path} (a path in the guest's tree) and returns its wait status. */
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

    private int boot(String path, List<String> argv, List<String> envp) {
        // Built while the platform starts its first stub: both are startup costs that need no stub.
        CompletableFuture<SyscallTable> table = CompletableFuture.supplyAsync(SyscallTable::new);
        CompletableFuture<SecureRandom> rng = CompletableFuture.supplyAsync(SecureRandom::new);
        PtracePlatform platform = new PtracePlatform(memoryBytes);
        FrameAllocator frames = new FrameAllocator(platform.physicalMemory(), cpus);
        Console console = new HostConsole();
        Kernel kernel = new Kernel(platform, frames, console, cpus);
        BootFs.Result fs = BootFs.build(kernel, memoryBytes, options.rootDir(), options.volumes(), options.cwd(),
                options.cred(), console, rng.join());
        kernel.setDispatcher(new TaskFiles(new Dispatcher(table.join(), strace), fs.initFiles(), fs.initFs()));
        VfsPrograms programs = new VfsPrograms(fs.vfs(), fs.initFs(), options.cred());
        kernel.setProgramOpener(programs);
        ElfSource program = programs.open(path);
        // The platform stays open until the JVM exits: other processes may outlive init's
        // thread by a moment, and exit kills their stubs (PTRACE_O_EXITKILL).
        return Init.run(kernel, options.cred(), path, program, bytes(argv), bytes(envp));
    }

    private static byte[][] bytes(List<String> l) {
        byte[][] b = new byte[l.size()][];
        for (int i = 0; i < b.length; i++) b[i] = l.get(i).getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
