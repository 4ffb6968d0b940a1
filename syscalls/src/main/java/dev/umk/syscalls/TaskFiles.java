package dev.umk.syscalls;

import dev.umk.fs.FdTable;
import dev.umk.fs.FsContext;
import dev.umk.fs.OpenFile;
import dev.umk.sched.SyscallDispatcher;
import dev.umk.sched.Task;
import dev.umk.sched.ThreadGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wraps the syscall dispatcher with the per-thread state file syscalls need:
 *
 * <ul>
 *   <li>the current task (Linux's {@code current}), for code called without one, such as
 *       the program opener execve uses;
 *   <li>init's fd table and fs context, given to pid 1 before its first syscall (init is
 *       created before its files exist; every later process inherits them by fork);
 *   <li>file references to drop once the syscall is over (an executable read by exec).
 * </ul>
 */
public final class TaskFiles implements SyscallDispatcher {
    private static final class PerThread {
        Task current;
        final List<OpenFile> deferred = new ArrayList<>();
    }

    private static final ThreadLocal<PerThread> STATE = ThreadLocal.withInitial(PerThread::new);

    private final SyscallDispatcher inner;
    private final FdTable initFiles;
    private final FsContext initFs;
    private final AtomicBoolean initGiven = new AtomicBoolean();

    /** @param initFiles and @param initFs are what the first process without files gets */
    public TaskFiles(SyscallDispatcher inner, FdTable initFiles, FsContext initFs) {
        this.inner = inner;
        this.initFiles = initFiles;
        this.initFs = initFs;
    }

    @Override
    public void dispatch(Task task) {
        PerThread s = STATE.get();
        s.current = task;
        ThreadGroup g = task.group();
        if (g.files() == null && initGiven.compareAndSet(false, true)) {
            g.setFiles(initFiles);
            g.setFs(initFs);
        }
        try {
            inner.dispatch(task);
        } finally {
            if (!s.deferred.isEmpty()) flush(s);
        }
    }

    /** The task whose syscall this thread is running, or null outside one (boot). */
    public static Task current() {
        return STATE.get().current;
    }

    /** Drops {@code f}'s reference when the current syscall ends (or the thread's first one, during boot). */
    static void putLater(OpenFile f) {
        STATE.get().deferred.add(f);
    }

    private static void flush(PerThread s) {
        for (OpenFile f : s.deferred) f.put();
        s.deferred.clear();
    }
}
