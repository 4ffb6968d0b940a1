package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.Credentials;
import dev.umk.core.kernel.ErrnoException;

/**
 * /proc/PID/oom_score_adj and its legacy twin oom_adj: one per-process value, -1000..1000,
 * that oom_adj shows on Linux's old -17..15 scale. umk kills nothing for memory, but test
 * harnesses (LTP's tst_test) and service managers write it and expect Linux's answers.
 */
final class OomScore {
    static final int ADJ_MIN = -1000, ADJ_MAX = 1000;
    /** oom_adj's range: OOM_DISABLE and OOM_ADJUST_MAX. */
    static final int LEGACY_MIN = -17, LEGACY_MAX = 15;
    /** PROC_NUMBUF: a write is cut to this many bytes less one before parsing. */
    private static final int NUMBUF = 13;

    private OomScore() {}

    static byte[] showAdj(TaskInfo t) {
        return ProcText.utf8(t.oomScoreAdj() + "\n");
    }

    /** oom_adj: the value scaled back to -17..15, with 1000 shown as 15 (Linux's oom_adj_read). */
    static byte[] showLegacy(TaskInfo t) {
        int adj = t.oomScoreAdj();
        int legacy = adj == ADJ_MAX ? LEGACY_MAX : adj * -LEGACY_MIN / ADJ_MAX;
        return ProcText.utf8(legacy + "\n");
    }

    static void storeAdj(ProcessInfo procs, TaskInfo t, byte[] data) {
        int adj = parse(data);
        if (adj < ADJ_MIN || adj > ADJ_MAX) throw new ErrnoException(Errno.EINVAL);
        t.setOomScoreAdj(adj, privileged(procs), false);
    }

    /** oom_adj_write: -17..15, 15 meaning 1000, the rest scaled by 1000/17. */
    static void storeLegacy(ProcessInfo procs, TaskInfo t, byte[] data) {
        int legacy = parse(data);
        if (legacy < LEGACY_MIN || legacy > LEGACY_MAX) throw new ErrnoException(Errno.EINVAL);
        int adj = legacy == LEGACY_MAX ? ADJ_MAX : legacy * ADJ_MAX / -LEGACY_MIN;
        t.setOomScoreAdj(adj, privileged(procs), true);
    }

    /** CAP_SYS_RESOURCE of the writer; the kernel itself (no calling task) is privileged. */
    private static boolean privileged(ProcessInfo procs) {
        try {
            return procs.current().cred().capable(Credentials.CAP_SYS_RESOURCE);
        } catch (ErrnoException kernelThread) {
            return true;
        }
    }

    /**
     * The first NUMBUF-1 bytes, blanks stripped, read as kstrtoint(s, 0) does: optional sign,
     * then "0x" hex, "0" octal or decimal, nothing else. EINVAL for anything else, ERANGE for
     * a value beyond int.
     */
    static int parse(byte[] data) {
        int n = Math.min(data.length, NUMBUF - 1);
        String s = new String(data, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        int nul = s.indexOf('\0');
        if (nul >= 0) s = s.substring(0, nul);
        s = s.strip();
        boolean neg = false;
        if (s.startsWith("+") || s.startsWith("-")) {
            neg = s.charAt(0) == '-';
            s = s.substring(1);
        }
        int radix = 10;
        if (s.length() > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
            radix = 16;
            s = s.substring(2);
        } else if (s.length() > 1 && s.charAt(0) == '0') {
            radix = 8;
        }
        if (s.isEmpty()) throw new ErrnoException(Errno.EINVAL);
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), radix);
            if (d < 0) throw new ErrnoException(Errno.EINVAL);
            v = v * radix + d;
            if (v > (1L << 31)) throw new ErrnoException(Errno.ERANGE);
        }
        if (neg) v = -v;
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new ErrnoException(Errno.ERANGE);
        return (int) v;
    }
}
