package dev.umk.fs.proc;

/** /proc/PID/limits (fs/proc/base.c proc_pid_limits): one row per RLIMIT_*, in resource order. */
final class LimitsFile {
    private static final String[][] ROWS = {
        {"Max cpu time", "seconds"},
        {"Max file size", "bytes"},
        {"Max data size", "bytes"},
        {"Max stack size", "bytes"},
        {"Max core file size", "bytes"},
        {"Max resident set", "bytes"},
        {"Max processes", "processes"},
        {"Max open files", "files"},
        {"Max locked memory", "bytes"},
        {"Max address space", "bytes"},
        {"Max file locks", "locks"},
        {"Max pending signals", "signals"},
        {"Max msgqueue size", "bytes"},
        {"Max nice priority", null},
        {"Max realtime priority", null},
        {"Max realtime timeout", "us"},
    };

    private LimitsFile() {}

    static byte[] show(TaskInfo t) {
        ProcText o = new ProcText();
        o.left("Limit", 25).put(' ').left("Soft Limit", 20).put(' ').left("Hard Limit", 20).put(' ')
                .left("Units", 10).nl();
        for (int r = 0; r < ROWS.length; r++) {
            o.left(ROWS[r][0], 25).put(' ').left(value(t.rlimitCur(r)), 20).put(' ')
                    .left(value(t.rlimitMax(r)), 20).put(' ');
            if (ROWS[r][1] != null) o.left(ROWS[r][1], 10);
            o.nl();
        }
        return o.bytes();
    }

    private static String value(long v) {
        return v == -1 ? "unlimited" : Long.toUnsignedString(v);
    }
}
