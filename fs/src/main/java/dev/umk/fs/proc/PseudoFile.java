package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.S_IFREG;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.SuperBlock;
import dev.umk.fs.WaitQueue;
import java.util.function.LongSupplier;

/**
 * A regular file of a pseudo filesystem whose content is generated when read (Linux's
 * seq_file "show") and, when writable, parsed when written ("store"). Its size is 0, as for
 * every proc file. An optional gate runs at open, for files Linux guards with a ptrace access
 * check (maps, environ).
 */
public class PseudoFile extends PseudoInode {
    /** Generates the whole content. */
    @FunctionalInterface
    public interface Show {
        byte[] show();
    }

    /** Takes the bytes of one write(2) at file position {@code pos}. */
    @FunctionalInterface
    public interface Store {
        void store(byte[] data, long pos);
    }

    /** Decides at open whether the caller may open the file; throws an errno when not. */
    @FunctionalInterface
    public interface Gate {
        void check(OpenFile f);
    }

    /**
     * How a file announces that its content changed (/proc/PID/mounts): a counter of changes
     * and the queue woken after each.
     */
    public record Changes(LongSupplier event, WaitQueue queue) {}

    private final Show show;
    private final Store store;
    private volatile Gate gate;
    private volatile Changes changes;

    public PseudoFile(SuperBlock sb, int perm, TaskInfo task, Show show, Store store) {
        super(sb, S_IFREG | (perm & 07777), task);
        this.show = show;
        this.store = store;
    }

    /** Sets the open-time access check; returns this. */
    public PseudoFile gate(Gate g) {
        gate = g;
        return this;
    }

    /** Makes the file poll POLLPRI after each change {@code c} counts; returns this. */
    public PseudoFile announcing(Changes c) {
        changes = c;
        return this;
    }

    Changes changes() {
        return changes;
    }

    @Override
    public FileOperations open(OpenFile f) {
        Gate g = gate;
        if (g != null && !f.isPath()) g.check(f);
        Changes c = changes;
        if (c == null) return SeqFileOps.OPS;
        // The open file has seen the tree as it is now; only later changes poll POLLPRI.
        f.setPrivateData(new SeqFileOps.State(c.event().getAsLong()));
        return SeqFileOps.ANNOUNCED;
    }

    /** The content now; ESRCH once the owning task is gone. */
    byte[] content() {
        if (task() != null) liveTask();
        return show.show();
    }

    void write(byte[] data, long pos) {
        if (store == null) throw new ErrnoException(Errno.EINVAL);
        if (task() != null) liveTask();
        store.store(data, pos);
    }

    /**
     * O_TRUNC (a shell's {@code echo v > /proc/sys/...}): proc's setattr accepts the size
     * change and ignores it, since every write replaces the value anyway.
     */
    @Override
    protected void truncate(long newSize) {
    }
}
