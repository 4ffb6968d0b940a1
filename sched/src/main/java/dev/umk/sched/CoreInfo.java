package dev.umk.sched;

import dev.umk.core.kernel.ErrnoException;
import dev.umk.fs.Names;
import dev.umk.fs.Vfs;
import dev.umk.mm.AddressSpace;
import dev.umk.mm.Vma;
import dev.umk.sched.coredump.CoreNotes;
import dev.umk.sched.coredump.CorePattern;
import dev.umk.sched.coredump.ElfNote;
import dev.umk.sched.signal.CoreThread;
import dev.umk.sched.signal.Delivery;
import dev.umk.sched.signal.SigInfo;
import dev.umk.sched.signal.TaskSignals;
import java.util.ArrayList;
import java.util.List;

/**
 * The process state a core file records, read from the task, its group and the kernel
 * (fill_note_info): per thread NT_PRSTATUS, NT_FPREGSET and NT_X86_XSTATE, and after the
 * dumping thread's NT_PRSTATUS, once, NT_PRPSINFO, NT_SIGINFO, NT_AUXV and NT_FILE, in
 * Linux's order. Also what core_pattern's specifiers expand to.
 */
final class CoreInfo {
    /** PF_DUMPCORE | PF_SIGNALED. */
    private static final long PF_DUMPCORE_SIGNALED = 0x200 | 0x400;
    /** Linux's state index of TASK_UNINTERRUPTIBLE ('D'): a leader waiting for the dump. */
    private static final int STATE_DISK_SLEEP = 2;

    private CoreInfo() {}

    /** @param threads the dumping thread first, then the others */
    static List<ElfNote> notes(Task dumper, Delivery d, List<CoreThread> threads) {
        ThreadGroup g = dumper.group();
        Kernel k = dumper.kernel();
        int ppid, pgrp, sid;
        synchronized (k.tree().lock) {
            ppid = g.ppid();
            pgrp = g.pgid;
            sid = g.sid;
        }
        long[] group = g.cpuTimes();
        long[] children = g.childCpuTimes();
        List<ElfNote> out = new ArrayList<>();
        boolean first = true;
        for (CoreThread ct : threads) {
            Task t = k.task(ct.tid());
            TaskSignals ts = t == null ? null : t.signals();
            boolean leader = ct.tid() == g.pid();
            long[] times = {
                leader ? group[0] : t == null ? 0 : t.userNanos(),
                leader ? group[1] : t == null ? 0 : t.systemNanos(),
                children[0], children[1]};
            out.add(CoreNotes.prstatus(new CoreNotes.PrStatus(d.sig(),
                    ts == null ? 0 : ts.privatePending(), ts == null ? 0 : ts.blocked(),
                    ct.tid(), ppid, pgrp, sid, times, ct.regs(), ct.fpu() != null)));
            if (first) {
                boolean leaderDumps = dumper.tid() == g.pid();
                out.add(CoreNotes.prpsinfo(new CoreNotes.PrPsInfo(leaderDumps ? 0 : STATE_DISK_SLEEP, 0,
                        leaderDumps ? PF_DUMPCORE_SIGNALED : 0, g.uid(), g.gid(), g.pid(), ppid, pgrp, sid,
                        g.comm(), g.argv())));
                SigInfo info = d.info() != null ? d.info() : SigInfo.kernel(d.sig());
                out.add(CoreNotes.siginfo(info.encode()));
                out.add(CoreNotes.auxv(g.mm().savedAuxv()));
                out.add(CoreNotes.files(fileMappings(k.vfs(), g)));
                first = false;
            }
            if (ct.fpu() != null) {
                out.add(CoreNotes.fpregset(ct.fpu()));
                if (ct.fpu().length > 512) out.add(CoreNotes.xstate(ct.fpu()));
            }
        }
        return out;
    }

    /** NT_FILE's table: every area backed by a file, in address order. */
    static List<CoreNotes.FileMapping> fileMappings(Vfs vfs, ThreadGroup g) {
        AddressSpace mm = g.mm();
        List<CoreNotes.FileMapping> out = new ArrayList<>();
        for (Vma v : mm.vmas()) {
            String name;
            try {
                name = CoreDumper.mappedName(vfs, g, v);
            } catch (ErrnoException e) {
                continue;
            }
            if (name != null) out.add(new CoreNotes.FileMapping(v.start(), v.end(), v.fileOffset() / 4096, name));
        }
        return out;
    }

    static CorePattern.Context patternContext(Task task, int sig, long limit) {
        ThreadGroup g = task.group();
        Kernel k = task.kernel();
        return new CorePattern.Context(g.pid(), task.tid(), g.uid(), g.gid(), task.dumpable(), sig,
                System.currentTimeMillis() / 1000, k.hostname(), Names.fromBytes(g.comm()),
                absoluteExe(k.vfs(), g), limit);
    }

    /** execve records the path it was given; %E wants the file's absolute path. */
    private static String absoluteExe(Vfs vfs, ThreadGroup g) {
        String p = g.exePath();
        if (p.isEmpty() || p.startsWith("/")) return p;
        try {
            String cwd = vfs.getcwd(g.fs());
            return (cwd.endsWith("/") ? cwd : cwd + "/") + (p.startsWith("./") ? p.substring(2) : p);
        } catch (ErrnoException e) {
            return p;
        }
    }
}
