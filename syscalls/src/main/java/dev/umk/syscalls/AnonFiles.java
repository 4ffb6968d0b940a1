package dev.umk.syscalls;

import dev.umk.fs.FsClock;
import dev.umk.fs.anon.AnonInodes;
import dev.umk.sched.Kernel;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The kernel's anon_inodefs, where eventfd, epoll and timerfd files live; made on first use,
 * one per {@link Kernel}.
 */
final class AnonFiles {
    private AnonFiles() {}

    private static final Map<Kernel, AnonInodes> BY_KERNEL = Collections.synchronizedMap(new WeakHashMap<>());

    static AnonInodes of(Kernel k) {
        return BY_KERNEL.computeIfAbsent(k, x -> new AnonInodes(FsClock.SYSTEM));
    }
}
