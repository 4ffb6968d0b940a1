package dev.umk.fs.proc;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * /proc/config.gz: the kernel ".config" umk would have been built from, so programs that ask
 * the configuration (LTP's tst_kconfig, systemd, container runtimes) learn what umk really
 * provides: "y" for a feature it implements, "# ... is not set" for one it lacks
 * (namespaces, cgroups, SysV IPC, networking...). Keep this list in step with the kernel:
 * the syscalls module's KernelConfigMatchesTableTest checks the entries tied to a syscall.
 */
public final class KernelConfig {
    private static final Map<String, Boolean> OPTIONS = build();
    private static volatile byte[] gzipped;

    private KernelConfig() {}

    private static Map<String, Boolean> build() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        // The machine and the core kernel.
        for (String y : new String[] {"64BIT", "X86_64", "X86", "MMU", "SMP", "PREEMPT_DYNAMIC", "MULTIUSER",
            "SYSCTL", "PROC_FS", "PROC_SYSCTL", "SYSFS", "IKCONFIG", "IKCONFIG_PROC",
            "HIGH_RES_TIMERS", "POSIX_TIMERS", "FUTEX", "EPOLL", "SIGNALFD", "TIMERFD", "EVENTFD",
            "SHMEM", "TMPFS", "TMPFS_XATTR", "MEMFD_CREATE", "ADVISE_SYSCALLS", "FILE_LOCKING", "BINFMT_ELF",
            "BINFMT_SCRIPT", "ELF_CORE", "COREDUMP", "RSEQ", "CHECKPOINT_RESTORE", "KCMP", "PRINTK",
            "UNIX98_PTYS", "DEVTMPFS", "OVERLAY_FS", "CROSS_MEMORY_ATTACH"}) {
            m.put(y, true);
        }
        // What umk does not have.
        for (String n : new String[] {"MODULES", "NAMESPACES", "UTS_NS", "IPC_NS", "USER_NS", "PID_NS", "NET_NS",
            "TIME_NS", "CGROUPS", "FUTEX_PI", "EXT4_FS", "VFAT_FS", "ISO9660_FS", "MEMCG", "CPUSETS", "SYSVIPC", "POSIX_MQUEUE", "NET", "INET", "UNIX",
            "INOTIFY_USER", "FANOTIFY", "FHANDLE", "AIO", "IO_URING", "SECCOMP", "BPF_SYSCALL", "PERF_EVENTS",
            "USERFAULTFD", "MEMBARRIER", "SWAP", "HUGETLBFS", "TRANSPARENT_HUGEPAGE",
            "BLK_DEV_LOOP", "BLK_DEV_RAM", "ZRAM", "TUN", "QUOTA", "AUDIT", "SECURITY", "KVM", "KASAN",
            "LOCKDEP", "PROVE_LOCKING", "DEBUG_SPINLOCK", "DEBUG_MUTEXES", "FAULT_INJECTION", "RT_GROUP_SCHED",
            "POSIX_AUX_CLOCKS"}) {
            m.put(n, false);
        }
        return Collections.unmodifiableMap(m);
    }

    /** Every option, without the CONFIG_ prefix: true = y, false = not set. */
    public static Map<String, Boolean> options() {
        return OPTIONS;
    }

    /** The .config text, in the layout Linux's scripts/kconfig writes. */
    static String text() {
        StringBuilder sb = new StringBuilder("#\n# Automatically generated file; DO NOT EDIT.\n# Linux/x86_64 ")
                .append(KernelInfo.RELEASE).append(" Kernel Configuration (umk)\n#\n");
        for (Map.Entry<String, Boolean> e : OPTIONS.entrySet()) {
            if (e.getValue()) sb.append("CONFIG_").append(e.getKey()).append("=y\n");
            else sb.append("# CONFIG_").append(e.getKey()).append(" is not set\n");
        }
        return sb.toString();
    }

    /** The gzip'd text /proc/config.gz holds; made once. */
    static byte[] gzip() {
        byte[] g = gzipped;
        if (g == null) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(out)) {
                z.write(text().getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g = gzipped = out.toByteArray();
        }
        return g.clone();
    }
}
