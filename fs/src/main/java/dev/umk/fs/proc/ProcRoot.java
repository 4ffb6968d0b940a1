package dev.umk.fs.proc;

import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FsContext;
import dev.umk.fs.Inode;
import dev.umk.fs.Mount;
import dev.umk.fs.OpenFile;
import dev.umk.fs.DirSink;
import dev.umk.fs.SuperBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The root of procfs: the system-wide files, "self" and "thread-self", then one directory
 * per process. A thread that is not a leader has a directory too (/proc/TID) but is not
 * listed, as in Linux.
 */
final class ProcRoot extends DynamicDir {
    /** readdir position of pid 0; above every fixed entry's. */
    private static final long PID_POS = 1 << 16;
    /** Dead pids forgotten before the root's dentry cache is emptied of them. */
    private static final int PRUNE_DENTRIES_AFTER = 256;

    private final ProcEnv env;
    // Fixed entries, filled in the constructor.
    private final Map<String, Inode> fixed = new LinkedHashMap<>();
    // Guarded by this.
    private int deadSincePrune;

    ProcRoot(SuperBlock sb, ProcEnv env) {
        super(sb, 0555, null);
        this.env = env;
        ProcessInfo procs = env.procs();
        fixed.put("self", new PseudoSymlink(sb, null, () -> Integer.toString(procs.current().tgid())));
        fixed.put("thread-self", new PseudoSymlink(sb, null, () -> {
            TaskInfo me = procs.current();
            return me.tgid() + "/task/" + me.tid();
        }));
        fixed.put("mounts", new PseudoSymlink(sb, null, () -> "self/mounts"));
        SystemFiles.addTo(this, env);
        fixed.put("sys", Sysctls.build(sb, env.kernel(), env.procs()));
    }

    /** Adds a system-wide read-only file (used while building). */
    void file(String name, PseudoFile.Show show) {
        fixed.put(name, new PseudoFile(sb(), 0444, null, show, null));
    }

    @Override
    protected List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        long pos = 2;
        for (String name : fixed.keySet()) out.add(new Entry(name, pos++));
        for (int tgid : env.procs().tgids()) out.add(new Entry(Integer.toString(tgid), PID_POS + tgid));
        return out;
    }

    @Override
    protected Inode make(String name) {
        Inode f = fixed.get(name);
        if (f != null) return f;
        int pid = number(name);
        if (pid <= 0) return null;
        try {
            return PidDir.process(sb(), env, env.procs().process(pid));
        } catch (ErrnoException notAProcess) {
            try {
                return PidDir.process(sb(), env, env.procs().thread(pid));
            } catch (ErrnoException none) {
                return null;
            }
        }
    }

    /**
     * Listing is when dead processes are noticed: their inodes are forgotten, and after enough
     * of them the root's cached names are dropped too (the VFS caches a name until it is next
     * looked up), unless something is mounted inside /proc, whose mountpoint must stay cached.
     */
    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        super.readdir(dir, cookie, sink);
        int dead = prune();
        boolean dropCache;
        synchronized (this) {
            deadSincePrune += dead;
            dropCache = deadSincePrune >= PRUNE_DENTRIES_AFTER && !hasMountsInside();
            if (dropCache) deadSincePrune = 0;
        }
        if (dropCache) sb().root().pruneChildren();
    }

    private boolean hasMountsInside() {
        for (Mount m : env.vfs().namespace().mounts()) {
            if (m.mountpoint() != null && m.mountpoint().inode() != null && m.mountpoint().inode().sb() == sb()) {
                return true;
            }
        }
        return false;
    }

    /** A decimal name as Linux's name_to_int takes it: digits only, no leading zero; -1 otherwise. */
    static int number(String name) {
        int n = name.length();
        if (n == 0 || n > 10 || (n > 1 && name.charAt(0) == '0')) return -1;
        long v = 0;
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v > Integer.MAX_VALUE ? -1 : (int) v;
    }

    /** Paths in proc links are named from the reader's root; a kernel reader uses the target's. */
    static FsContext readerFs(ProcEnv env, TaskInfo target) {
        try {
            return env.procs().current().fs();
        } catch (ErrnoException noReader) {
            return target.fs();
        }
    }
}
