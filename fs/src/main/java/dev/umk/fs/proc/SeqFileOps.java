package dev.umk.fs.proc;

import static dev.umk.core.abi.FileFlags.*;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Blocker;
import dev.umk.fs.FileOperations;
import dev.umk.fs.OpenFile;
import dev.umk.fs.PollEvents;
import dev.umk.fs.WaitQueue;
import java.nio.ByteBuffer;

/**
 * Reads and writes of a {@link PseudoFile}, as Linux's seq_file: a read from position 0
 * generates the content afresh and keeps it with the open file, so a program reading in
 * small pieces sees one consistent snapshot, and one that seeks back to 0 sees new values.
 * lseek takes SEEK_SET and SEEK_CUR only. A file that announces its changes (mounts) polls
 * POLLERR|POLLPRI once per change since the open file last saw one, as Linux's mounts_poll.
 */
final class SeqFileOps implements FileOperations {
    static final SeqFileOps OPS = new SeqFileOps(false);
    static final SeqFileOps ANNOUNCED = new SeqFileOps(true);

    /** What one open file keeps: the snapshot being read and the last change it reported. */
    static final class State {
        byte[] snap;
        long seenEvent;

        State(long seenEvent) {
            this.seenEvent = seenEvent;
        }
    }

    private final boolean announced;

    private SeqFileOps(boolean announced) {
        this.announced = announced;
    }

    private static State state(OpenFile f) {
        if (f.privateData() instanceof State s) return s;
        State s = new State(0);
        f.setPrivateData(s);
        return s;
    }

    @Override
    public long read(OpenFile f, ByteBuffer dst, long pos, Blocker blocker) {
        PseudoFile file = (PseudoFile) f.inode();
        State st = state(f);
        byte[] snap = st.snap;
        if (snap == null || pos == 0) {
            snap = file.content();
            st.snap = snap;
        }
        if (pos >= snap.length) return pos;
        int n = (int) Math.min(dst.remaining(), snap.length - pos);
        dst.put(snap, (int) pos, n);
        return pos + n;
    }

    @Override
    public long write(OpenFile f, ByteBuffer src, long pos, Blocker blocker) {
        byte[] data = new byte[src.remaining()];
        src.get(data);
        ((PseudoFile) f.inode()).write(data, pos);
        state(f).snap = null;
        return pos + data.length;
    }

    @Override
    public int poll(OpenFile f) {
        int ready = PollEvents.IN;
        PseudoFile.Changes c = announced ? ((PseudoFile) f.inode()).changes() : null;
        if (c == null) return ready;
        long event = c.event().getAsLong();
        State st = state(f);
        synchronized (st) {
            if (st.seenEvent != event) {
                st.seenEvent = event;
                ready |= PollEvents.POLLERR | PollEvents.POLLPRI;
            }
        }
        return ready;
    }

    @Override
    public WaitQueue waitQueue(OpenFile f) {
        PseudoFile.Changes c = announced ? ((PseudoFile) f.inode()).changes() : null;
        return c == null ? NO_WAKEUPS : c.queue();
    }

    @Override
    public long llseek(OpenFile f, long offset, int whence) {
        long p = switch (whence) {
            case SEEK_SET -> offset;
            case SEEK_CUR -> f.position() + offset;
            default -> throw new ErrnoException(Errno.EINVAL);
        };
        if (p < 0) throw new ErrnoException(Errno.EINVAL);
        return p;
    }
}
