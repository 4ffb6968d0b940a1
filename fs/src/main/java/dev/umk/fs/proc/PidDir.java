package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.VfsPath;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Builds /proc/PID (a process: Linux's tgid_base_stuff) and /proc/PID/task/TID (one thread:
 * tid_base_stuff) for one task, with Linux's names, modes and order for the entries umk
 * provides. Everything in it belongs to the task: owned by its effective ids, gone when it is
 * reaped.
 */
final class PidDir {
    private static final byte[] EMPTY = new byte[0];
    /** What an unset audit loginuid or sessionid reads as ((unsigned) -1, no newline). */
    private static final byte[] AUDIT_UNSET = ProcText.utf8("4294967295");

    private PidDir() {}

    /** /proc/PID for a process (or /proc/TID looked up for a thread that is not a leader). */
    static StaticDir process(SuperBlock sb, ProcEnv env, TaskInfo t) {
        StaticDir d = new TgidDir(sb, t);
        d.add("task", new TaskListDir(sb, env, t));
        common(d, env, t, true);
        return d;
    }

    /** /proc/PID/task/TID. */
    static StaticDir thread(SuperBlock sb, ProcEnv env, TaskInfo t) {
        StaticDir d = new StaticDir(sb, 0555, t);
        common(d, env, t, false);
        return d;
    }

    private static void common(StaticDir d, ProcEnv env, TaskInfo t, boolean whole) {
        SuperBlock sb = d.sb();
        ProcessInfo procs = env.procs();
        d.add("fd", new FdDir(sb, env, t, false));
        d.add("fdinfo", new FdDir(sb, env, t, true));
        d.file("environ", 0400, () -> t.hasMm() ? t.environ() : EMPTY).gate(f -> ProcAccess.checkRead(procs, t));
        d.file("auxv", 0400, () -> auxv(t)).gate(f -> ProcAccess.checkRead(procs, t));
        d.file("status", 0444, () -> StatusFile.show(t, env.kernel()));
        d.file("personality", 0400, () -> ProcText.utf8("00000000\n"));
        d.file("limits", 0444, () -> LimitsFile.show(t));
        d.file("comm", 0644, () -> new ProcText().putBytes(t.comm()).nl().bytes(), (data, pos) -> setComm(procs, t, data));
        d.file("cmdline", 0444, () -> t.hasMm() ? t.cmdline() : EMPTY);
        d.file("stat", 0444, () -> StatFile.stat(t, ProcAccess.mayRead(procs, t), whole));
        d.file("statm", 0444, () -> StatFile.statm(t));
        d.file("maps", 0444, () -> MapsFile.maps(env.vfs(), t)).gate(f -> ProcAccess.checkRead(procs, t));
        d.link("cwd", () -> placeLink(env, t, t.fs().cwd()), () -> checked(procs, t, t.fs().cwd()));
        d.link("root", () -> placeLink(env, t, t.fs().root()), () -> checked(procs, t, t.fs().root()));
        d.link("exe", () -> exeLink(env, t));
        var ns = env.vfs().namespace();
        var mountChanges = new PseudoFile.Changes(ns::event, ns.pollQueue());
        d.file("mounts", 0444, () -> MountsFile.mounts(env.vfs(), t)).announcing(mountChanges);
        d.file("mountinfo", 0444, () -> MountsFile.mountinfo(env.vfs(), t)).announcing(mountChanges);
        d.file("smaps", 0444, () -> MapsFile.smaps(env.vfs(), t)).gate(f -> ProcAccess.checkRead(procs, t));
        if (whole) {
            d.file("smaps_rollup", 0444, () -> MapsFile.smapsRollup(t)).gate(f -> ProcAccess.checkRead(procs, t));
        }
        d.file("wchan", 0444, () -> ProcText.utf8("0"));
        d.file("cgroup", 0444, () -> ProcText.utf8("0::/\n"));
        d.file("oom_score", 0444, () -> ProcText.utf8("0\n"));
        d.file("oom_adj", 0644, () -> OomScore.showLegacy(t), (data, pos) -> OomScore.storeLegacy(procs, t, data));
        d.file("oom_score_adj", 0644, () -> OomScore.showAdj(t), (data, pos) -> OomScore.storeAdj(procs, t, data));
        d.file("loginuid", 0444, () -> AUDIT_UNSET);
        d.file("sessionid", 0444, () -> AUDIT_UNSET);
    }

    /** The saved auxv as native (little-endian) 64-bit words. */
    private static byte[] auxv(TaskInfo t) {
        long[] words = t.hasMm() ? t.auxv() : new long[0];
        ByteBuffer b = ByteBuffer.allocate(words.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long w : words) b.putLong(w);
        return b.array();
    }

    /**
     * comm_write: the first 15 bytes up to a NUL become the name; only the task's own thread
     * group may rename it.
     */
    private static void setComm(ProcessInfo procs, TaskInfo t, byte[] data) {
        TaskInfo me;
        try {
            me = procs.current();
        } catch (ErrnoException kernel) {
            me = null;
        }
        if (me != null && me.tgid() != t.tgid()) throw new ErrnoException(Errno.EINVAL);
        int n = Math.min(data.length, 15);
        for (int i = 0; i < n; i++) {
            if (data[i] == 0) {
                n = i;
                break;
            }
        }
        t.setComm(Arrays.copyOf(data, n));
    }

    /** cwd and root: the place named from the reader's root, after the ptrace access check. */
    private static String placeLink(ProcEnv env, TaskInfo t, VfsPath p) {
        ProcAccess.checkRead(env.procs(), t);
        return env.vfs().pathOf(ProcRoot.readerFs(env, t), p);
    }

    /** A magic link's place, after the same access check as its readlink. */
    private static VfsPath checked(ProcessInfo procs, TaskInfo t, VfsPath p) {
        ProcAccess.checkRead(procs, t);
        return p;
    }

    private static String exeLink(ProcEnv env, TaskInfo t) {
        ProcAccess.checkRead(env.procs(), t);
        String exe = t.hasMm() ? t.exePath() : "";
        if (exe.isEmpty()) throw new ErrnoException(Errno.ENOENT);
        return exe;
    }
}
