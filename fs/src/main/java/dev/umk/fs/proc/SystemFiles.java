package dev.umk.fs.proc;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The system-wide files at the top of /proc: meminfo, cpuinfo, stat, uptime, loadavg,
 * version, filesystems, cmdline and swaps, in Linux 6.1's formats, and config.gz.
 */
final class SystemFiles {
    /** Filesystem types that need a block device (the rest are "nodev" in /proc/filesystems). */
    private static final Set<String> BLOCK_FS = Set.of("ext2", "ext3", "ext4", "vfat", "msdos", "iso9660",
            "btrfs", "xfs", "fuseblk");
    private static final long KB = 1024;

    private SystemFiles() {}

    static void addTo(ProcRoot root, ProcEnv env) {
        KernelInfo k = env.kernel();
        root.file("meminfo", () -> meminfo(k));
        root.file("cpuinfo", () -> CpuInfo.show(env.hostCpuinfo(), k.cpus()));
        root.file("stat", () -> stat(k));
        root.file("uptime", () -> uptime(k));
        root.file("loadavg", () -> loadavg(k));
        root.file("version", () -> version());
        root.file("filesystems", () -> filesystems(env.vfs().fileSystemTypes()));
        root.file("cmdline", () -> ProcText.utf8("umk\n"));
        root.file("config.gz", KernelConfig::gzip);
        root.file("swaps", () -> ProcText.utf8("Filename\t\t\t\tType\t\tSize\t\tUsed\t\tPriority\n"));
    }

    /**
     * fs/proc/meminfo.c. umk knows its frame totals; memory in use is reported as anonymous
     * pages, and counters umk has no counterpart for (swap, slab, page tables...) are 0.
     */
    static byte[] meminfo(KernelInfo k) {
        long total = k.memTotalBytes() / KB;
        long free = Math.min(total, k.memFreeBytes() / KB);
        long used = total - free;
        ProcText o = new ProcText();
        line(o, "MemTotal", total);
        line(o, "MemFree", free);
        line(o, "MemAvailable", free);
        for (String n : new String[] {"Buffers", "Cached", "SwapCached"}) line(o, n, 0);
        line(o, "Active", used);
        line(o, "Inactive", 0);
        line(o, "Active(anon)", used);
        for (String n : new String[] {"Inactive(anon)", "Active(file)", "Inactive(file)", "Unevictable",
                "Mlocked", "SwapTotal", "SwapFree", "Zswap", "Zswapped", "Dirty", "Writeback"}) {
            line(o, n, 0);
        }
        line(o, "AnonPages", used);
        for (String n : new String[] {"Mapped", "Shmem", "KReclaimable", "Slab", "SReclaimable", "SUnreclaim",
                "KernelStack", "PageTables", "NFS_Unstable", "Bounce", "WritebackTmp"}) {
            line(o, n, 0);
        }
        line(o, "CommitLimit", total / 2);
        line(o, "Committed_AS", used);
        line(o, "VmallocTotal", 34359738367L);
        line(o, "VmallocUsed", 0);
        line(o, "VmallocChunk", 0);
        line(o, "Percpu", 0);
        o.put("HardwareCorrupted: ").dec(0, 5).put(" kB").nl();
        for (String n : new String[] {"AnonHugePages", "ShmemHugePages", "ShmemPmdMapped", "FileHugePages",
                "FilePmdMapped"}) {
            line(o, n, 0);
        }
        for (String n : new String[] {"HugePages_Total", "HugePages_Free", "HugePages_Rsvd", "HugePages_Surp"}) {
            o.left(n + ":", 16).dec(0, 8).nl();
        }
        line(o, "Hugepagesize", 2048);
        line(o, "Hugetlb", 0);
        line(o, "DirectMap4k", total);
        line(o, "DirectMap2M", 0);
        line(o, "DirectMap1G", 0);
        return o.bytes();
    }

    private static void line(ProcText o, String name, long kb) {
        o.left(name + ":", 16).dec(kb, 8).put(" kB").nl();
    }

    /** fs/proc/stat.c: cpu lines in USER_HZ ticks, then the counters. */
    static byte[] stat(KernelInfo k) {
        int n = k.cpus();
        List<KernelInfo.CpuUsage> per = new ArrayList<>(n);
        long[] sum = new long[10];
        for (int c = 0; c < n; c++) {
            KernelInfo.CpuUsage u = k.cpuUsage(c);
            per.add(u);
            long[] v = columns(u);
            for (int i = 0; i < 10; i++) sum[i] += v[i];
        }
        ProcText o = new ProcText();
        o.put("cpu ");
        for (long v : sum) o.put(' ').put(ProcText.ticks(v));
        o.nl();
        for (int c = 0; c < n; c++) {
            o.put("cpu").put(c);
            for (long v : columns(per.get(c))) o.put(' ').put(ProcText.ticks(v));
            o.nl();
        }
        o.put("intr 0").nl();
        o.put("ctxt ").put(k.contextSwitches()).nl();
        o.put("btime ").put(k.bootTimeSeconds()).nl();
        o.put("processes ").put(k.forks()).nl();
        o.put("procs_running ").put(k.runningTasks()).nl();
        o.put("procs_blocked ").put(k.blockedTasks()).nl();
        o.put("softirq 0 0 0 0 0 0 0 0 0 0 0").nl();
        return o.bytes();
    }

    private static long[] columns(KernelInfo.CpuUsage u) {
        return new long[] {u.user(), u.nice(), u.system(), u.idle(), u.iowait(), u.irq(), u.softirq(),
            u.steal(), u.guest(), u.guestNice()};
    }

    /** "uptime idle" in seconds with hundredths; idle is summed over every vCPU. */
    static byte[] uptime(KernelInfo k) {
        long idle = 0;
        for (int c = 0; c < k.cpus(); c++) idle += k.cpuUsage(c).idle();
        return new ProcText().centis(k.uptimeNanos() / 10_000_000L).put(' ').centis(idle / 10_000_000L).nl().bytes();
    }

    /** "0.00 0.00 0.00 running/total lastpid". */
    static byte[] loadavg(KernelInfo k) {
        double[] l = k.loadAverage();
        ProcText o = new ProcText();
        for (double v : l) o.centis(Math.round(v * 100)).put(' ');
        return o.put(k.runningTasks()).put('/').put(k.taskCount()).put(' ').put(k.lastPid()).nl().bytes();
    }

    static byte[] version() {
        return ProcText.utf8("Linux version " + KernelInfo.RELEASE + " (umk@umk) (umk) " + KernelInfo.VERSION + "\n");
    }

    static byte[] filesystems(List<String> types) {
        List<String> sorted = new ArrayList<>(types);
        sorted.sort(null);
        ProcText o = new ProcText();
        for (String t : sorted) o.put(BLOCK_FS.contains(t) ? "" : "nodev").put('\t').put(t).nl();
        return o.bytes();
    }
}
