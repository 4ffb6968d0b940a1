package dev.umk.sched;

import dev.umk.core.hw.Console;
import dev.umk.core.hw.Platform;
import dev.umk.mm.FrameAllocator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kernel's global state: the machine, the allocators every process shares, identity. */
public final class Kernel {
    private static final Logger LOG = LoggerFactory.getLogger(Kernel.class);

    private final Platform platform;
    private final FrameAllocator frames;
    private final Console console;
    private final int cpus;
    private final AtomicInteger nextPid = new AtomicInteger(1);
    private final Set<String> warned = ConcurrentHashMap.newKeySet();
    private final long bootNanos = System.nanoTime();
    private volatile String hostname = "umk";

    public Kernel(Platform platform, FrameAllocator frames, Console console, int cpus) {
        this.platform = platform;
        this.frames = frames;
        this.console = console;
        this.cpus = cpus;
    }

    public Platform platform() { return platform; }
    public FrameAllocator frames() { return frames; }
    public Console console() { return console; }
    public int cpus() { return cpus; }
    public String hostname() { return hostname; }
    public void setHostname(String h) { hostname = h; }

    /** Monotonic nanoseconds since boot (CLOCK_MONOTONIC and /proc/uptime). */
    public long uptimeNanos() {
        return System.nanoTime() - bootNanos;
    }

    public int allocPid() {
        return nextPid.getAndIncrement();
    }

    /** Logs a warning the first time {@code key} is seen (ENOSYS per syscall name, ...). */
    public void warnOnce(String key, String message) {
        if (warned.add(key)) LOG.warn("umk: {}", message);
    }
}
