package dev.umk.cli;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.hostdrv.HostConsole;
import dev.umk.hostdrv.HostFiles;
import dev.umk.hostdrv.PtracePlatform;
import dev.umk.mm.FrameAllocator;
import dev.umk.sched.ImageCache;
import dev.umk.sched.Init;
import dev.umk.sched.Kernel;
import dev.umk.sched.exec.ElfSource;
import dev.umk.syscalls.Dispatcher;
import dev.umk.syscalls.SyscallTable;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Wires a kernel together and runs the first program as pid 1. The kernel's first task runs
 * on a dedicated platform thread: it becomes the tracer of the first stub, and ptrace
 * requests must come from the tracer thread.
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

    private int boot(String path, List<String> argv, List<String> envp) {
        PtracePlatform platform = new PtracePlatform(memoryBytes);
        FrameAllocator frames = new FrameAllocator(platform.physicalMemory(), cpus);
        Kernel kernel = new Kernel(platform, frames, new HostConsole(), cpus);
        kernel.setDispatcher(new Dispatcher(new SyscallTable(), strace));
        ImageCache images = new ImageCache(frames);
        kernel.setProgramOpener(p -> openCached(images, p));
        Credentials cred = Credentials.of(HostFiles.uid(), HostFiles.gid());
        // The platform stays open until the JVM exits: other processes may outlive init's
        // thread by a moment, and exit kills their stubs (PTRACE_O_EXITKILL).
        return Init.run(kernel, cred, path, openCached(images, path), bytes(argv), bytes(envp));
    }

    /** Until the VFS lands, programs come from the host's filesystem as execve would see it. */
    private static ElfSource openHost(String path) {
        File f = new File(path);
        if (!f.exists()) throw new ErrnoException(Errno.ENOENT, path);
        if (f.isDirectory() || !f.canExecute()) throw new ErrnoException(Errno.EACCES, path);
        try {
            return ElfSource.of(HostFiles.readAll(path));
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, path);
        }
    }

    private static ElfSource openCached(ImageCache images, String path) {
        File f = new File(path);
        if (!f.exists()) throw new ErrnoException(Errno.ENOENT, path);
        if (f.isDirectory() || !f.canExecute()) throw new ErrnoException(Errno.EACCES, path);
        String key;
        try {
            key = HostFiles.stamp(path);
        } catch (IOException e) {
            throw new ErrnoException(Errno.EIO, path);
        }
        return images.cached(key, () -> openHost(path));
    }

    private static byte[][] bytes(List<String> l) {
        byte[][] b = new byte[l.size()][];
        for (int i = 0; i < b.length; i++) b[i] = l.get(i).getBytes(StandardCharsets.UTF_8);
        return b;
    }
}
