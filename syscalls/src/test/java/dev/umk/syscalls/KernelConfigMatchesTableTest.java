package dev.umk.syscalls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.umk.fs.proc.KernelConfig;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * /proc/config.gz must say what umk has: each option tied to a syscall is "y" exactly when
 * the syscall table implements it. When a syscall family lands, this test names the option
 * to flip in {@link KernelConfig}.
 */
class KernelConfigMatchesTableTest {
    /** Option (without CONFIG_) to the syscall that exists exactly when it is set. */
    private static final Map<String, String> TIED = Map.ofEntries(
            Map.entry("EVENTFD", "eventfd2"), Map.entry("SIGNALFD", "signalfd4"),
            Map.entry("TIMERFD", "timerfd_create"), Map.entry("EPOLL", "epoll_create1"),
            Map.entry("FUTEX", "futex"), Map.entry("POSIX_TIMERS", "timer_create"),
            Map.entry("MEMFD_CREATE", "memfd_create"), Map.entry("RSEQ", "rseq"), Map.entry("KCMP", "kcmp"),
            Map.entry("SYSVIPC", "semget"), Map.entry("POSIX_MQUEUE", "mq_open"), Map.entry("NET", "socket"),
            Map.entry("INOTIFY_USER", "inotify_init1"), Map.entry("FANOTIFY", "fanotify_init"),
            Map.entry("FHANDLE", "name_to_handle_at"), Map.entry("AIO", "io_setup"),
            Map.entry("IO_URING", "io_uring_setup"), Map.entry("SECCOMP", "seccomp"),
            Map.entry("BPF_SYSCALL", "bpf"), Map.entry("PERF_EVENTS", "perf_event_open"),
            Map.entry("USERFAULTFD", "userfaultfd"), Map.entry("MEMBARRIER", "membarrier"),
            Map.entry("CROSS_MEMORY_ATTACH", "process_vm_readv"), Map.entry("NAMESPACES", "setns"),
            Map.entry("ADVISE_SYSCALLS", "madvise"), Map.entry("FILE_LOCKING", "flock"));

    @Test
    void syscallOptionsAreSetExactlyWhenTheTableHasTheSyscall() {
        Set<String> implemented = new HashSet<>();
        for (String line : new SyscallTable().describe()) {
            String[] f = line.trim().split("\\s+");
            if (!f[2].equals("ENOSYS")) implemented.add(f[1]);
        }
        for (Map.Entry<String, String> e : TIED.entrySet()) {
            Boolean set = KernelConfig.options().get(e.getKey());
            assertEquals(implemented.contains(e.getValue()), Boolean.TRUE.equals(set),
                    "CONFIG_" + e.getKey() + " vs " + e.getValue());
        }
    }
}
