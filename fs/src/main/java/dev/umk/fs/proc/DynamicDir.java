package dev.umk.fs.proc;

import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * A pseudo directory whose names follow kernel state (the pids of /proc, a process's fds and
 * threads). It keeps the inode it made for each name while that inode stays
 * {@link PseudoInode#valid valid}, so lookup, readdir and stat agree on one inode number.
 */
public abstract class DynamicDir extends PseudoDir {
    // Guarded by itself.
    private final Map<String, Inode> made = new HashMap<>();

    protected DynamicDir(SuperBlock sb, int perm, TaskInfo task) {
        super(sb, perm, task);
    }

    /** Makes the inode for {@code name}; null when there is no such entry now. */
    protected abstract Inode make(String name);

    @Override
    public final Inode lookup(String name) {
        synchronized (made) {
            Inode c = made.get(name);
            if (c != null && stillValid(c)) return c;
            made.remove(name);
        }
        Inode fresh = make(name);
        if (fresh == null) return null;
        synchronized (made) {
            Inode raced = made.get(name);
            if (raced != null && stillValid(raced)) return raced;
            made.put(name, fresh);
            return fresh;
        }
    }

    /** Forgets inodes that are no longer valid; returns how many went. */
    protected int prune() {
        int n = 0;
        synchronized (made) {
            for (Iterator<Inode> it = made.values().iterator(); it.hasNext(); ) {
                if (!stillValid(it.next())) {
                    it.remove();
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean stillValid(Inode i) {
        return !(i instanceof PseudoInode p) || p.valid();
    }
}
