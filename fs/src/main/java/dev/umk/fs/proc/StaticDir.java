package dev.umk.fs.proc;

import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A pseudo directory whose children are fixed when the tree is built (/proc/sys/kernel,
 * /proc/PID, /sys/devices/system/cpu). Children are listed in the order they were added,
 * as Linux lists its static proc tables.
 */
public class StaticDir extends PseudoDir {
    // Guarded by this.
    private final Map<String, Inode> children = new LinkedHashMap<>();

    public StaticDir(SuperBlock sb, int perm, TaskInfo task) {
        super(sb, perm, task);
    }

    /** Adds {@code child} as {@code name}; returns it. */
    public synchronized <T extends Inode> T add(String name, T child) {
        if (children.putIfAbsent(name, child) != null) throw new IllegalArgumentException("duplicate " + name);
        return child;
    }

    /** Adds and returns a subdirectory belonging to the same task as this one. */
    public StaticDir dir(String name, int perm) {
        return add(name, new StaticDir(sb(), perm, task()));
    }

    /** Adds a read-only file. */
    public PseudoFile file(String name, int perm, PseudoFile.Show show) {
        return add(name, new PseudoFile(sb(), perm, task(), show, null));
    }

    /** Adds a writable file. */
    public PseudoFile file(String name, int perm, PseudoFile.Show show, PseudoFile.Store store) {
        return add(name, new PseudoFile(sb(), perm, task(), show, store));
    }

    /** Adds a symlink whose target is computed on every readlink. */
    public PseudoSymlink link(String name, PseudoSymlink.Target target) {
        return add(name, new PseudoSymlink(sb(), task(), target));
    }

    /** Adds a magic link: a computed target text plus the place itself. */
    public PseudoSymlink link(String name, PseudoSymlink.Target target, PseudoSymlink.Jump jump) {
        return add(name, new PseudoSymlink(sb(), 0777, task(), target, jump));
    }

    @Override
    public synchronized Inode lookup(String name) {
        return children.get(name);
    }

    @Override
    protected synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(children.size());
        long pos = 2;
        for (String n : children.keySet()) out.add(new Entry(n, pos++));
        return out;
    }
}
