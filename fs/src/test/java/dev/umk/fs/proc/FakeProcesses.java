package dev.umk.fs.proc;

import dev.umk.core.abi.Errno;
import dev.umk.core.kernel.ErrnoException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/** Processes and threads a test adds and removes, and the "calling" task it picks. */
final class FakeProcesses implements ProcessInfo {
    final Map<Integer, FakeTask> processes = new TreeMap<>();
    final Map<Integer, FakeTask> threads = new ConcurrentHashMap<>();
    volatile FakeTask current;

    synchronized void add(FakeTask t) {
        if (t.tid == t.tgid) processes.put(t.tgid, t);
        threads.put(t.tid, t);
    }

    /** The task is reaped: gone from every table, its views dead. */
    synchronized void reap(FakeTask t) {
        t.alive = false;
        processes.remove(t.tgid, t);
        threads.remove(t.tid, t);
    }

    @Override
    public synchronized int[] tgids() {
        return processes.keySet().stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public synchronized TaskInfo process(int tgid) {
        FakeTask t = processes.get(tgid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        return t;
    }

    @Override
    public TaskInfo thread(int tid) {
        FakeTask t = threads.get(tid);
        if (t == null) throw new ErrnoException(Errno.ESRCH);
        return t;
    }

    @Override
    public TaskInfo current() {
        FakeTask t = current;
        if (t == null) throw new ErrnoException(Errno.ENOENT);
        return t;
    }
}
