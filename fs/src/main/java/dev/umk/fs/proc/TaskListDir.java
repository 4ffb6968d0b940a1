package dev.umk.fs.proc;

import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Inode;
import dev.umk.fs.SuperBlock;
import java.util.ArrayList;
import java.util.List;

/** /proc/PID/task: one directory per thread of the process, named by thread id. */
final class TaskListDir extends DynamicDir {
    private final ProcEnv env;

    TaskListDir(SuperBlock sb, ProcEnv env, TaskInfo process) {
        super(sb, 0555, process);
        this.env = env;
    }

    @Override
    protected List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        int[] tids;
        try {
            tids = task().threads();
        } catch (ErrnoException gone) {
            return out;
        }
        for (int tid : tids) out.add(new Entry(Integer.toString(tid), tid + 2L));
        return out;
    }

    @Override
    protected Inode make(String name) {
        int tid = ProcRoot.number(name);
        if (tid <= 0) return null;
        TaskInfo thread;
        try {
            thread = env.procs().thread(tid);
        } catch (ErrnoException none) {
            return null;
        }
        if (thread.tgid() != task().tgid()) return null;
        return PidDir.thread(sb(), env, thread);
    }
}
