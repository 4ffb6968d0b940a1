package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.S_IFDIR;

import dev.umk.core.abi.FileFlags;
import dev.umk.fs.DirSink;
import dev.umk.fs.Inode;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import java.util.List;

/**
 * A read-only directory of a pseudo filesystem. Subclasses say which names it holds now
 * ({@link #entries}, each with a fixed readdir position so a listing interrupted between
 * getdents calls resumes at the right name even when entries come and go) and make the
 * inode of a name ({@link #lookup}).
 */
public abstract class PseudoDir extends PseudoInode {
    /** A name and its readdir position (at least 2; "." and ".." are 0 and 1). */
    public record Entry(String name, long pos) {}

    protected PseudoDir(SuperBlock sb, int perm, TaskInfo task) {
        super(sb, S_IFDIR | (perm & 07777), task);
    }

    /** The names present now, by ascending position. */
    protected abstract List<Entry> entries();

    @Override
    public void readdir(OpenFile dir, long cookie, DirSink sink) {
        for (Entry e : entries()) {
            if (e.pos() < cookie) continue;
            Inode child = lookup(e.name());
            if (child == null) continue; // went away since the listing was taken
            if (!sink.accept(e.name(), child.ino(), FileFlags.dtype(child.mode()), e.pos() + 1)) return;
        }
    }
}
