package dev.umk.fs.proc;

import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FdTable;

/** /proc/PID/status as Linux 6.1 prints it (fs/proc/array.c proc_pid_status). */
final class StatusFile {
    /** Capabilities 0..CAP_LAST_CAP (40, CAP_CHECKPOINT_RESTORE). */
    static final long ALL_CAPS = (1L << 41) - 1;
    /** RLIMIT_SIGPENDING. */
    private static final int RLIMIT_SIGPENDING = 11;
    /** Bits of the nodemask Mems_allowed prints (MAX_NUMNODES of distribution kernels). */
    private static final int MAX_NUMNODES = 1024;

    private StatusFile() {}

    static byte[] show(TaskInfo t, KernelInfo k) {
        ProcText o = new ProcText();
        o.put("Name:\t").put(escapedName(t.comm())).nl();
        int umask = umaskOf(t);
        if (umask >= 0) o.put("Umask:\t").put(String.format("%04o", umask)).nl();
        o.put("State:\t").put(stateName(t.state())).nl();
        o.put("Tgid:\t").put(t.tgid()).nl();
        o.put("Ngid:\t0").nl();
        o.put("Pid:\t").put(t.tid()).nl();
        o.put("PPid:\t").put(t.ppid()).nl();
        o.put("TracerPid:\t").put(t.tracerPid()).nl();
        Credentials c = t.cred();
        o.put("Uid:\t").put(c.ruid()).put('\t').put(c.euid()).put('\t').put(c.suid()).put('\t').put(c.fsuid()).nl();
        o.put("Gid:\t").put(c.rgid()).put('\t').put(c.egid()).put('\t').put(c.sgid()).put('\t').put(c.fsgid()).nl();
        o.put("FDSize:\t").put(fdSize(t)).nl();
        o.put("Groups:\t");
        int[] groups = c.groups();
        for (int i = 0; i < groups.length; i++) {
            if (i > 0) o.put(' ');
            o.put(Integer.toUnsignedLong(groups[i]));
        }
        o.put(' ').nl(); // Linux keeps the historical trailing space
        o.put("NStgid:\t").put(t.tgid()).nl();
        o.put("NSpid:\t").put(t.tid()).nl();
        o.put("NSpgid:\t").put(t.pgid()).nl();
        o.put("NSsid:\t").put(t.sid()).nl();
        if (t.hasMm()) memory(o, MemStats.of(t));
        signals(o, t);
        caps(o, c);
        o.put("NoNewPrivs:\t0\nSeccomp:\t0\nSeccomp_filters:\t0\n");
        o.put("Speculation_Store_Bypass:\tthread vulnerable\n");
        o.put("SpeculationIndirectBranch:\tconditional enabled\n");
        o.put("Cpus_allowed:\t").put(CpuList.mask(k.cpus(), k.cpus())).nl();
        o.put("Cpus_allowed_list:\t").put(CpuList.list(k.cpus())).nl();
        o.put("Mems_allowed:\t").put(CpuList.mask(1, MAX_NUMNODES)).nl();
        o.put("Mems_allowed_list:\t0\n");
        o.put("voluntary_ctxt_switches:\t").put(t.voluntarySwitches()).nl();
        o.put("nonvoluntary_ctxt_switches:\t").put(t.involuntarySwitches()).nl();
        return o.bytes();
    }

    private static void memory(ProcText o, MemStats m) {
        long p = MemStats.PAGE / 1024;
        o.kb("VmPeak:\t", m.totalVm() * p);
        o.kb("VmSize:\t", m.totalVm() * p);
        o.kb("VmLck:\t", m.lockedVm() * p);
        o.kb("VmPin:\t", 0);
        o.kb("VmHWM:\t", m.peakRss() * p);
        o.kb("VmRSS:\t", m.rss() * p);
        o.kb("RssAnon:\t", m.rssAnon() * p);
        o.kb("RssFile:\t", m.rssFile() * p);
        o.kb("RssShmem:\t", m.rssShmem() * p);
        o.kb("VmData:\t", m.dataVm() * p);
        o.kb("VmStk:\t", m.stackVm() * p);
        o.kb("VmExe:\t", m.textPages() * p);
        o.kb("VmLib:\t", m.libPages() * p);
        o.kb("VmPTE:\t", pteKb(m.totalVm()));
        o.kb("VmSwap:\t", 0);
        o.kb("HugetlbPages:\t", 0);
        o.put("CoreDumping:\t0\nTHP_enabled:\t1\n");
    }

    /** Page-table bytes Linux would need: one 4 KiB table per 2 MiB mapped, in kB. */
    private static long pteKb(long pages) {
        return (pages + 511) / 512 * 4;
    }

    private static void signals(ProcText o, TaskInfo t) {
        TaskInfo.SignalState s = t.signals();
        o.put("Threads:\t").put(t.threads().length).nl();
        o.put("SigQ:\t").put(s.queued()).put('/').putUnsigned(t.rlimitCur(RLIMIT_SIGPENDING)).nl();
        o.put("SigPnd:\t").hex(s.pending(), 16).nl();
        o.put("ShdPnd:\t").hex(s.sharedPending(), 16).nl();
        o.put("SigBlk:\t").hex(s.blocked(), 16).nl();
        o.put("SigIgn:\t").hex(s.ignored(), 16).nl();
        o.put("SigCgt:\t").hex(s.caught(), 16).nl();
    }

    /** Root's capability sets follow its uids, as a non-user-namespaced Linux computes them at exec and setuid. */
    private static void caps(ProcText o, Credentials c) {
        boolean permitted = c.ruid() == 0 || c.euid() == 0 || c.suid() == 0;
        o.put("CapInh:\t").hex(0, 16).nl();
        o.put("CapPrm:\t").hex(permitted ? ALL_CAPS : 0, 16).nl();
        o.put("CapEff:\t").hex(c.euid() == 0 ? ALL_CAPS : 0, 16).nl();
        o.put("CapBnd:\t").hex(ALL_CAPS, 16).nl();
        o.put("CapAmb:\t").hex(0, 16).nl();
    }

    static String stateName(char s) {
        return switch (s) {
            case 'R' -> "R (running)";
            case 'S' -> "S (sleeping)";
            case 'D' -> "D (disk sleep)";
            case 'T' -> "T (stopped)";
            case 't' -> "t (tracing stop)";
            case 'Z' -> "Z (zombie)";
            case 'X' -> "X (dead)";
            case 'I' -> "I (idle)";
            default -> s + " (unknown)";
        };
    }

    /** The Name line escapes backslash and newline (seq_escape_str with "\n\\"). */
    static String escapedName(byte[] comm) {
        StringBuilder sb = new StringBuilder();
        for (byte b : comm) {
            char ch = (char) (b & 0xff);
            if (ch == '\\') sb.append("\\\\");
            else if (ch == '\n') sb.append("\\n");
            else sb.append(ch);
        }
        return sb.toString();
    }

    private static int umaskOf(TaskInfo t) {
        try {
            return t.fs().umask();
        } catch (ErrnoException gone) {
            return -1;
        }
    }

    /** files_fdtable(...)->max_fds: 64 to start with, doubled as fds go higher. */
    private static int fdSize(TaskInfo t) {
        FdTable files;
        try {
            files = t.files();
        } catch (ErrnoException gone) {
            return 0;
        }
        if (files == null) return 0;
        int[] fds = files.openFds();
        int need = fds.length == 0 ? 0 : fds[fds.length - 1] + 1;
        int size = 64;
        while (size < need) size *= 2;
        return size;
    }
}
