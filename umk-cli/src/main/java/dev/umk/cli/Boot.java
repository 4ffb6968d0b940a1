package dev.umk.cli;

import dev.umk.core.hw.Console;
import dev.umk.core.kernel.Credentials;
import dev.umk.hostdrv.HostTerminal;
import dev.umk.core.abi.Termios;
import dev.umk.fs.tty.ConsoleTty;
import dev.umk.sched.TerminalControl;
import dev.umk.hostdrv.PtracePlatform;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.ImageCache;
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
        // Warms up SecureRandom's providers, which /dev/random's first instance would otherwise pay for.
        CompletableFuture<SecureRandom> rng = CompletableFuture.supplyAsync(SecureRandom::new);
        PtracePlatform platform = new PtracePlatform(memoryBytes);
        FrameAllocator frames = new FrameAllocator(platform.physicalMemory(), cpus);
        HostTerminal host = new HostTerminal();
        boolean interactive = HostTerminal.isTty(0) && HostTerminal.isTty(1);
        Console console = host; // the host's standard streams, terminals or not
        Kernel kernel = new Kernel(platform, frames, console, cpus);
        TerminalControl terminals = new TerminalControl(kernel);
        ConsoleTty consoleTty = null;
        if (interactive) {
            // umk's own line discipline runs the terminal: the host's goes raw (restored on
            // every exit path: finally below, and HostTerminal's shutdown hook).
            Termios original = host.originalTermios();
            host.enterRawMode();
            consoleTty = new ConsoleTty(host, 0, 1, ConsoleTty.initialTermios(original), host.windowSize(),
                    terminals, terminals);
            host.onWindowChange(consoleTty::setWindowSize);
            consoleTty.start();
        }
        rng.join();
        BootFs.Result fs = BootFs.build(kernel, memoryBytes, options.rootDir(), options.volumes(), options.cwd(),
                options.cred(), console, terminals, consoleTty);
        kernel.setDispatcher(new TaskFiles(new Dispatcher(table.join(), strace), fs.initFiles(), fs.initFs()));
        VfsPrograms programs = new VfsPrograms(fs.vfs(), fs.initFs(), options.cred(), new ImageCache(frames));
        kernel.setProgramOpener(programs);
        ElfSource program = programs.open(path);
        // The platform stays open until the JVM exits: other processes may outlive init's
        // thread by a moment, and exit kills their stubs (PTRACE_O_EXITKILL).
        try {
            return Init.run(kernel, options.cred(), path, program, bytes(argv), bytes(envp),
                    consoleTty == null ? null : consoleTty.tty());
        } finally {
            if (consoleTty != null) consoleTty.stop();
            host.restore();
        }
    }

    private static byte[][] bytes(List<String> l) {
        byte[][] b = new byte[l.size()][];
        for (int i = 0; i < b.length; i++) b[i] = l.get(i).getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
