package dev.umk.fs.synth;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.DirSink;
import dev.umk.fs.Inode;
import dev.umk.fs.NewInode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SetAttr;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A synthetic directory: fixed children added at build time, plus optional generated ones
 * from an {@link Entries} provider (looked up by name, listed on readdir).
 */
public final class SynthDir extends Inode {
    /** Children that come and go (e.g. one directory per live process). */
    public interface Entries {
        /** The child called {@code name}, or null. */
        Inode lookup(SynthDir dir, String name);

        /** Current names, in listing order. */
        List<String> names(SynthDir dir);
    }

    private final SynthFs fs;
    private final Entries dynamic;
    // Guarded by this.
    private final Map<String, Inode> fixed = new LinkedHashMap<>();

    SynthDir(SynthFs fs, NewInode attrs, Entries dynamic) {
        this(fs, fs.nextIno(), attrs, dynamic);
    }

    SynthDir(SynthFs fs, long ino, NewInode attrs, Entries dynamic) {
        super(fs, ino, attrs);
        this.fs = fs;
        this.dynamic = dynamic;
    }

    public SynthFs fs() {
        return fs;
    }

    /** Adds a fixed child; returns it. */
    public synchronized <T extends Inode> T add(String name, T child) {
        if (fixed.putIfAbsent(name, child) != null) throw new IllegalArgumentException("duplicate " + name);
        if (child.isDir()) {
            synchronized (this) {
                nlink++;
            }
        }
        return child;
    }

    public SynthDir addDir(String name, int perm) {
        return add(name, newDir(perm, null));
    }

    /** A directory whose children come from {@code entries}. */
    public SynthDir addDir(String name, int perm, Entries entries) {
        return add(name, newDir(perm, entries));
    }

    public SynthFile addFile(String name, int perm, Function<OpenFile, byte[]> content) {
        return add(name, newFile(perm, content, null));
    }

    public SynthFile addFile(String name, int perm, Function<OpenFile, byte[]> content, SynthFile.Writer writer) {
        return add(name, newFile(perm, content, writer));
    }

    public SynthSymlink addSymlink(String name, Supplier<String> target) {
        return add(name, newSymlink(target));
    }

    // Factories for Entries providers, which build children on lookup.

    public SynthDir newDir(int perm, Entries entries) {
        return new SynthDir(fs, new NewInode(S_IFDIR | (perm & 07777), 0, 0), entries);
    }

    public SynthDir newDir(long ino, int perm, int uid, int gid, Entries entries) {
        return new SynthDir(fs, ino, new NewInode(S_IFDIR | (perm & 07777), uid, gid), entries);
    }

    public SynthFile newFile(int perm, Function<OpenFile, byte[]> content, SynthFile.Writer writer) {
        return new SynthFile(fs, fs.nextIno(), new NewInode(S_IFREG | (perm & 07777), 0, 0), content, writer);
    }

    public SynthSymlink newSymlink(Supplier<String> target) {
        return new SynthSymlink(fs, fs.nextIno(), new NewInode(S_IFLNK | 0777, 0, 0), target);
    }

    @Override
    public Inode lookup(String name) {
        synchronized (this) {
            Inode i = fixed.get(name);
            if (i != null) return i;
        }
        return dynamic == null ? null : dynamic.lookup(this, name);
    }

    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        List<String> names;
        synchronized (this) {
            names = new ArrayList<>(fixed.keySet());
        }
        if (dynamic != null) names.addAll(dynamic.names(this));
        for (long i = cookie - 2; i < names.size(); i++) {
            String n = names.get((int) i);
            Inode child = lookup(n);
            if (child == null) continue;
            if (!sink.accept(n, child.ino(), dtype(child.mode()), i + 3)) return;
        }
    }

    @Override
    public void setattr(SetAttr a) {
        throw new ErrnoException(Errno.EPERM);
    }
}
