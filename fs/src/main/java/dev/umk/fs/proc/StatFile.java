package dev.umk.fs.proc;

/**
 * /proc/PID/stat (52 fields, fs/proc/array.c do_task_stat) and /proc/PID/statm. Addresses
 * and the wait channel are shown only to readers that pass the ptrace access check, as Linux
 * does; others see start_code and end_code as 1 and the rest as 0.
 */
final class StatFile {
    /** PF_RANDOMIZE: every umk process runs with address-space randomization. */
    private static final long PF_RANDOMIZE = 0x00400000;
    /** PF_EXITING. */
    private static final long PF_EXITING = 0x00000004;
    private static final int RLIMIT_RSS = 5;

    private StatFile() {}

    /** @param whole true for /proc/PID/stat (group totals), false for a thread's */
    static byte[] stat(TaskInfo t, boolean permitted, boolean whole) {
        boolean mm = t.hasMm();
        MemStats m = mm ? MemStats.of(t) : MemStats.NONE;
        TaskInfo.MmFields f = mm ? t.mmFields() : TaskInfo.MmFields.NONE;
        TaskInfo.CpuTimes times = t.times();
        TaskInfo.SignalState sig = t.signals();
        char state = t.state();
        int threads = t.threads().length;
        boolean showWchan = permitted && (!whole || threads < 2);
        ProcText o = new ProcText();
        o.put(t.tid()).put(" (").putBytes(t.comm()).put(") ").put(state);
        o.put(' ').put(t.ppid()).put(' ').put(t.pgid()).put(' ').put(t.sid());
        o.put(' ').put(t.ttyNr()).put(' ').put(t.ttyPgrp());
        o.put(' ').put(PF_RANDOMIZE | (state == 'Z' || state == 'X' ? PF_EXITING : 0));
        o.put(' ').put(t.minorFaults()).put(" 0 ").put(t.majorFaults()).put(" 0");
        o.put(' ').put(ProcText.ticks(times.utime())).put(' ').put(ProcText.ticks(times.stime()));
        o.put(' ').put(ProcText.ticks(times.childUtime())).put(' ').put(ProcText.ticks(times.childStime()));
        o.put(' ').put(20 + t.nice()).put(' ').put(t.nice()).put(' ').put(threads).put(" 0");
        o.put(' ').put(ProcText.ticks(t.startTimeNanos()));
        o.put(' ').put(m.totalVm() * MemStats.PAGE).put(' ').put(m.rss());
        o.put(' ').putUnsigned(t.rlimitCur(RLIMIT_RSS));
        o.put(' ').put(mm ? (permitted ? f.startCode() : 1) : 0);
        o.put(' ').put(mm ? (permitted ? f.endCode() : 1) : 0);
        o.put(' ').put(mm && permitted ? f.startStack() : 0);
        o.put(" 0 0"); // kstkesp, kstkeip: only shown for tasks dumping core
        // The old signal fields keep only the first 31 signals, in decimal.
        o.put(' ').put(sig.pending() & 0x7fffffffL).put(' ').put(sig.blocked() & 0x7fffffffL);
        o.put(' ').put(sig.ignored() & 0x7fffffffL).put(' ').put(sig.caught() & 0x7fffffffL);
        o.put(' ').put(showWchan && state != 'R' ? 1 : 0);
        o.put(" 0 0"); // nswap, cnswap
        o.put(' ').put(t.exitSignal()).put(' ').put(t.processor());
        o.put(" 0 0 0 0 0"); // rt_priority, policy (SCHED_OTHER), blkio ticks, guest, cguest
        boolean addrs = mm && permitted;
        o.put(' ').put(addrs ? f.startData() : 0).put(' ').put(addrs ? f.endData() : 0);
        o.put(' ').put(addrs ? f.startBrk() : 0);
        o.put(' ').put(addrs ? f.argStart() : 0).put(' ').put(addrs ? f.argEnd() : 0);
        o.put(' ').put(addrs ? f.envStart() : 0).put(' ').put(addrs ? f.envEnd() : 0);
        o.put(' ').put(0); // exit_code: a live task has none
        return o.nl().bytes();
    }

    /** size resident shared text lib data dt, in pages (task_statm). */
    static byte[] statm(TaskInfo t) {
        MemStats m = MemStats.of(t);
        ProcText o = new ProcText();
        o.put(m.totalVm()).put(' ').put(m.rss()).put(' ').put(m.rssFile() + m.rssShmem());
        o.put(' ').put(m.textPages()).put(" 0 ").put(m.dataVm() + m.stackVm()).put(" 0");
        return o.nl().bytes();
    }
}
